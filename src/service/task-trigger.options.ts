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
  /**
   * Priority of the task among those waiting on its task queue: a whole number from 1 (first) to 5 (last), which its
   * workflow and every iteration carry (Temporal's `priorityKey`). It orders a backlog; with free workers every task
   * starts at once. Needs Temporal Server 1.31 or later.
   * @default 3 (the server's default)
   */
  priority?: number;
  /**
   * Fairness key, e.g. a tenant id: tasks of one priority are dispatched round-robin between keys, so that one tenant's
   * burst cannot starve the others (Temporal's `fairnessKey`, at most 64 characters). Needs fairness on the namespace's
   * task queues: see the module's `fairness` option; without it the key is refused.
   * @default none
   */
  fairnessKey?: string;
  /** Weight of the fairness key: a key of weight 2 gets twice the share of one of weight 1. @default 1 */
  fairnessWeight?: number;
}
