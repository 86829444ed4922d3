import { TasksError } from './tasks.error';

/**
 * Thrown at start-up when an option switches on a feature whose optional peer dependency is not installed, e.g.
 * `telemetry.tracing` without `@temporalio/interceptors-opentelemetry`. Applications that leave the feature off never
 * need the package.
 */
export class OptionalDependencyMissingError extends TasksError {
  readonly code = 'OPTIONAL_DEPENDENCY_MISSING';

  constructor(
    /** The package to install. */
    readonly packageName: string,
    /** The option that needs it. */
    readonly feature: string,
    cause?: unknown,
  ) {
    super(
      `${feature} needs the package ${packageName}, which cannot be loaded: install it (npm install ${packageName}), or switch ${feature} off.`,
      { cause },
    );
  }
}
