import { TasksError } from './tasks.error';

/** Thrown at start-up when two `@Task` providers share one id. */
export class DuplicateTaskDefinitionError extends TasksError {
  readonly code = 'DUPLICATE_TASK_DEFINITION';

  constructor(
    readonly definitionId: string,
    readonly classNames: readonly [string, string],
  ) {
    super(
      `Two providers declare @Task({ id: "${definitionId}" }): ${classNames[0]} and ${classNames[1]}. A definition id names one Temporal workflow type, so it must be unique: rename one of them.`,
    );
  }
}
