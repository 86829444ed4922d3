import { TasksError } from './tasks.error';

/**
 * Raised inside the Runner when a handler breaks the Controller's contract: it returned something that is not an
 * outcome, or called the Controller twice. The iteration fails without retries, since a retry would do the same.
 */
export class InvalidTaskOutcomeError extends TasksError {
  readonly code = 'INVALID_TASK_OUTCOME';

  constructor(
    readonly definitionId: string,
    readonly problem: string,
  ) {
    super(`Task "${definitionId}": ${problem}`);
  }
}
