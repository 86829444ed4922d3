import { TasksError } from './tasks.error';

/**
 * Thrown at start-up when a `@Task` provider, or the module's task defaults, carry an invalid option; and by
 * `TaskService.trigger` when a per-trigger override of `retry` or `timeout` is invalid.
 */
export class InvalidTaskDefinitionError extends TasksError {
  readonly code = 'INVALID_TASK_DEFINITION';

  constructor(
    /** The definition id, or the class name when the id itself is the problem. */
    readonly definition: string,
    readonly problem: string,
    cause?: unknown,
  ) {
    super(`Task definition "${definition}" is invalid: ${problem}`, { cause });
  }
}
