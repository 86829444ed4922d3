import { TasksError } from './tasks.error';

/**
 * Thrown by `TaskHandle.result({ signal })` (and `triggerAndWait` with `wait.signal`) when the caller's AbortSignal
 * aborts the wait. Only the wait ends: the task goes on running (to abort the task itself, use `TaskService.abort`).
 * The signal's reason is the `cause`.
 */
export class TaskResultWaitAbortedError extends TasksError {
  readonly code = 'TASK_RESULT_WAIT_ABORTED';

  constructor(
    readonly taskId: string,
    /** The signal's `reason`. */
    readonly reason: unknown,
  ) {
    super(
      `The wait for the result of task ${taskId} was aborted by its caller's signal${reason instanceof Error ? ` (${reason.message})` : ''}: the task goes on running. To stop the task itself, use TaskService.abort(id).`,
      { cause: reason },
    );
  }
}
