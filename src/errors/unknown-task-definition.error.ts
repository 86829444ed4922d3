import { TasksError } from './tasks.error';

/** Thrown by `TaskService.trigger` (and `context.trigger`) when no `@Task` provider of this application matches. Nothing is started. */
export class UnknownTaskDefinitionError extends TasksError {
  readonly code = 'UNKNOWN_TASK_DEFINITION';

  constructor(
    /** The id asked for: the string given, or the `@Task` id of the class given (its name when it has none). */
    readonly definitionId: string,
    readonly knownDefinitionIds: readonly string[],
    /** When a class was given: its name, and whether it is decorated with `@Task`. */
    readonly given: { className?: string; decorated: boolean } = { decorated: false },
  ) {
    const known = knownDefinitionIds.length > 0 ? knownDefinitionIds.map((id) => `"${id}"`).join(', ') : 'none';
    const fix =
      given.className === undefined
        ? `Fix the id, or decorate a provider with @Task({ id: "${definitionId}" }) and list it in the providers of a module of this application.`
        : given.decorated
          ? `${given.className} is decorated with @Task({ id: "${definitionId}" }) but is not a provider of this application: add it to the providers of a module the application imports.`
          : `${given.className} is not decorated with @Task: decorate it with @Task({ id: '...' }) and list it in a module's providers.`;
    super(`No task definition ${given.className === undefined ? `has the id "${definitionId}"` : `matches the class ${given.className}`} in this application (known: ${known}). ${fix}`);
  }
}
