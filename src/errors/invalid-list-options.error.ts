import { TasksError } from './tasks.error';

/** Thrown by `TaskService.list` when a filter or the paging is invalid. Nothing is asked of Temporal. */
export class InvalidListOptionsError extends TasksError {
  readonly code = 'INVALID_LIST_OPTIONS';

  constructor(
    /** Each problem found, e.g. `status "bogus" is not a task status: use one of ...`. */
    readonly problems: readonly string[],
  ) {
    super(`Cannot list tasks: ${problems.join('; ')}.`);
  }
}
