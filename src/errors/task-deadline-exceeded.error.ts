import { TasksError } from './tasks.error';

/**
 * Thrown by `TaskHandle.result()` (and `triggerAndWait`) when the task passed its `deadline` (on `@Task` or its
 * trigger) before it ended: it was stopped and ended as `failed`, with failure type `TaskDeadlineExceeded`. Give the
 * task a later deadline or less work. `TaskService.retry` runs it again with a deadline that was a duration counted
 * from the retry (one that was a `Date` and has passed is dropped).
 */
export class TaskDeadlineExceededError extends TasksError {
  readonly code = 'TASK_DEADLINE_EXCEEDED';

  constructor(
    readonly taskId: string,
    /** The deadline the task passed. */
    readonly deadline: Date,
    /** The failure's message, as `get(id).error.message` shows it. */
    readonly failureMessage: string,
    cause?: unknown,
  ) {
    super(`Task ${taskId} passed its deadline ${deadline.toISOString()} and was stopped: give it a later deadline or less work.`, { cause });
  }
}
