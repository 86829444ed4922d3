import { TasksError } from './tasks.error';

/**
 * Thrown by `TaskService.list`, `count`, `abortMany`, `deleteMany` and `retryMany` when a filter (or the paging) is
 * invalid. Nothing is asked of Temporal, and nothing is done.
 */
export class InvalidListOptionsError extends TasksError {
  readonly code = 'INVALID_LIST_OPTIONS';

  constructor(
    /** Each problem found, e.g. `status "bogus" is not a task status: use one of ...`. */
    readonly problems: readonly string[],
    /** What was refused: `list`, `count`, `abort`, `delete` or `retry`. */
    readonly operation = 'list',
  ) {
    super(`Cannot ${operation} tasks: ${problems.join('; ')}.`);
  }
}
