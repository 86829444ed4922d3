import { TasksError } from './tasks.error';

/**
 * Thrown at once by `TaskHandle.result()` (and `triggerAndWait`) when this process already holds `limits.resultWaits`
 * waits open and `limits.resultWaitQueue` more queued for a turn. Nothing was waited for; the task is not affected.
 */
export class TaskResultWaitsExhaustedError extends TasksError {
  readonly code = 'TASK_RESULT_WAITS_EXHAUSTED';

  constructor(
    readonly taskId: string,
    /** `limits.resultWaits`: waits open at once. */
    readonly resultWaits: number,
    /** `limits.resultWaitQueue`: waits queued for a turn. */
    readonly resultWaitQueue: number,
  ) {
    super(
      `Cannot wait for the result of task ${taskId}: this process already holds ${resultWaits} result waits open (limits.resultWaits) and ${resultWaitQueue} more queued (limits.resultWaitQueue). Wait for fewer tasks at once (e.g. read them later with TaskService.get), give waits a timeout so they end, or raise limits.resultWaitQueue.`,
    );
  }
}
