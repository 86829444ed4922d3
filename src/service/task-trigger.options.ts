import type { Duration, TaskRetryPolicy } from '../task.interfaces';
import type { TaskDebounceOptions } from './task-debounce.options';

/** What a trigger does with a key whose task exists: see `TaskTriggerOptions.onConflict`. */
export type TaskConflictPolicy = 'useExisting' | 'fail';

/** When a key whose task ended may start a new task: see `TaskTriggerOptions.reuse`. */
export type TaskReusePolicy = 'never' | 'afterFailure' | 'afterClose';

/** Options of `TaskService.trigger`. */
export interface TaskTriggerOptions {
  /**
   * Idempotency key. The task id becomes `<definitionId>/<id>`; triggering again with the same key returns the
   * existing task (running or finished) instead of starting a second one. `onConflict` and `reuse` say otherwise.
   * @default a random UUID, so every trigger starts a new task
   */
  id?: string;
  /**
   * What a trigger does when its key (`id`) names a task that exists and may not start again (it runs, or it ended
   * and `reuse` does not allow a new run): `'useExisting'` hands that task back; `'fail'` throws
   * `TaskAlreadyExistsError` and starts nothing. Temporal's `workflowIdConflictPolicy` and `workflowIdReusePolicy`
   * decide it, atomically, on the server.
   * @default 'useExisting'
   */
  onConflict?: TaskConflictPolicy;
  /**
   * When a key (`id`) whose task has ended may start a new task (a new run of the same task id): `'never'` (the key
   * stays the ended task's until the namespace's retention removes it), `'afterFailure'` (after it failed or was
   * aborted), `'afterClose'` (after it ended in any way). A running task is never started twice: a key with
   * `reuse: 'afterClose'` is "one at a time" (a singleton while running). Temporal's `workflowIdReusePolicy`.
   * @default 'never' (`'afterClose'` with `debounce`)
   */
  reuse?: TaskReusePolicy;
  /**
   * Tags to find the task by (`list({ tags })`, `count`, and the bulk actions): up to 20 strings of 1 to 100
   * printable characters, without `\` or `"`. Stored in the `TaskTags` search attribute (a keyword list) at start,
   * and shown in the Web UI. They do not change, and a `retry` keeps them.
   * @default none
   */
  tags?: string[];
  /** Durable wait before the task starts; it stays `pending` until then. @default no wait */
  delay?: Duration;
  /**
   * Debounce: triggers of one `id` within `delay` of each other make one task, `pending` until they stop (never past
   * `maxDelay` after the first), which then runs once with the last input. Needs `id`; not with `delay`,
   * `onConflict: 'fail'` or a parent. `reuse` defaults to `'afterClose'` with it. A trigger while the task runs is kept
   * for a new cycle after it ends. See Debounce in docs/reference.md.
   * @default none: the task starts at once
   */
  debounce?: TaskDebounceOptions;
  /** Id of the task this one belongs to; set for you when a task triggers another through its Context. @default none */
  parentId?: string;
  /** Free-form tags kept with the task (Temporal memo), shown in the Web UI's Memo tab and kept by `retry`. @default none */
  memo?: Record<string, unknown>;
  /** Overrides of the definition's retry policy for this task alone. @default the definition's */
  retry?: TaskRetryPolicy;
  /** Override of the definition's per-attempt `timeout` for this task alone. @default the definition's */
  timeout?: Duration;
  /**
   * When the whole task must have ended: a Date, or a duration from the trigger (a delayed task's counts from the
   * trigger too). It bounds everything (iterations, retries and their backoff, delays, waits for children): past it
   * the running attempt is cancelled and the task fails with type `TaskDeadlineExceeded` after its `onError` hook, and
   * `result()` throws `TaskDeadlineExceededError`. A Date in the past, or a deadline before the `delay` ends, is refused.
   * @default the definition's `deadline`, else none
   */
  deadline?: Duration | Date;
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
