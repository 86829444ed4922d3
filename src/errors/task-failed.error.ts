import { TasksError } from './tasks.error';

/** Thrown by `TaskHandle.result()` when the task ended as `failed`. */
export class TaskFailedError extends TasksError {
  readonly code = 'TASK_FAILED';

  constructor(
    readonly taskId: string,
    /** The message of the error that failed the last attempt. */
    readonly failureMessage: string,
    /** The type of that error: the `name` of the Error the handler threw or passed to `controller.error`. */
    readonly failureType: string,
    /** Failure details passed to `controller.error(err, { details })`, if any. */
    readonly details: unknown,
    cause?: unknown,
  ) {
    super(`Task ${taskId} failed: ${failureMessage} (${failureType})`, { cause });
  }
}
