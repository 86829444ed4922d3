import { TasksError } from './tasks.error';

/**
 * Thrown by `TaskHandle.result({ timeout })` (and `triggerAndWait` with `wait.timeout`) when the task has not ended
 * within the timeout. Only the wait ends: the task goes on running, and a later `result()` or `get()` finds how it ended.
 */
export class TaskResultTimeoutError extends TasksError {
  readonly code = 'TASK_RESULT_TIMEOUT';

  constructor(
    readonly taskId: string,
    /** The timeout the wait was given, in milliseconds. */
    readonly timeoutMs: number,
  ) {
    super(
      `Task ${taskId} did not end within ${timeoutMs} ms (result timeout): the wait ended, the task goes on running. Wait again, or read it later with TaskService.get(id); abort it with TaskService.abort(id) if it should not go on.`,
    );
  }
}
