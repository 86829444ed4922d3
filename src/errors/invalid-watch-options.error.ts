import { TasksError } from './tasks.error';

/** Thrown by `TaskService.watch` (on the first iteration) and `watch$` (as the Observable's error) when an option is invalid. Nothing is read. */
export class InvalidWatchOptionsError extends TasksError {
  readonly code = 'INVALID_WATCH_OPTIONS';

  constructor(
    readonly taskId: string,
    readonly problem: string,
  ) {
    super(`Cannot watch task ${taskId}: ${problem}.`);
  }
}
