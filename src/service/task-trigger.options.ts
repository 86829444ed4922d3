import type { Duration } from '../task.interfaces';

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
}
