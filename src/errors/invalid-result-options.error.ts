import { TasksError } from './tasks.error';

/** Thrown by `TaskHandle.result(options)` (and `triggerAndWait`'s `wait`) when an option is invalid. Nothing is waited for. */
export class InvalidResultOptionsError extends TasksError {
  readonly code = 'INVALID_RESULT_OPTIONS';

  constructor(
    readonly taskId: string,
    readonly problem: string,
  ) {
    super(`Cannot wait for the result of task ${taskId}: ${problem}.`);
  }
}
