import { TasksError } from './tasks.error';

/** Thrown by `TaskHandle.result()` when the task ended as `aborted` (its workflow was canceled). */
export class TaskAbortedError extends TasksError {
  readonly code = 'TASK_ABORTED';

  constructor(
    readonly taskId: string,
    /** The reason given to `controller.abort(reason)` or `TaskService.abort(id, reason)`, if any. */
    readonly reason: string | undefined,
    cause?: unknown,
  ) {
    super(`Task ${taskId} was aborted${reason ? `: ${reason}` : ''}`, { cause });
  }
}
