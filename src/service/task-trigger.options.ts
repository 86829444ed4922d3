import type { Duration, TaskRetryPolicy } from '../task.interfaces';

/** Options of `TaskService.trigger`. */
export interface TaskTriggerOptions {
  /**
   * Idempotency key. The task id becomes `<definitionId>/<id>`; triggering again with the same key returns the
   * existing task (running or finished) instead of starting a second one.
   * @default a random UUID, so every trigger starts a new task
   */
  id?: string;
  /** Durable wait before the task starts; it stays `pending` until then. @default no wait */
  delay?: Duration;
  /** Id of the task this one belongs to; set for you when a task triggers another through its Context. @default none */
  parentId?: string;
  /** Free-form tags kept with the task (Temporal memo), shown in the Web UI's Memo tab and kept by `retry`. @default none */
  memo?: Record<string, unknown>;
  /** Overrides of the definition's retry policy for this task alone. @default the definition's */
  retry?: TaskRetryPolicy;
  /** Override of the definition's per-attempt `timeout` for this task alone. @default the definition's */
  timeout?: Duration;
}
