import type { TaskTriggerOptions } from './service/task-trigger.options';
import type { Duration } from './task.interfaces';

/** Options of `TaskHandle.result(options)`, and of `triggerAndWait`'s `wait`. Each ends the wait, never the task. */
export interface TaskResultOptions {
  /**
   * Longest the wait may take: milliseconds or a duration string (`'30s'`, `'5 minutes'`). Past it, `result()` rejects
   * with `TaskResultTimeoutError` and frees its place among `limits.resultWaits`; the task goes on running.
   * @default no timeout: the wait lasts until the task ends
   */
  timeout?: Duration;
  /**
   * Ends the wait when it aborts: `result()` rejects with `TaskResultWaitAbortedError` (the signal's reason as
   * `cause`) and frees its place; the task goes on running. E.g. the request's signal, so a closed connection stops
   * waiting.
   * @default none
   */
  signal?: AbortSignal;
}

/** Options of `TaskService.triggerAndWait`: the trigger's, and `wait` for the wait's (`TaskHandle.result(wait)`). */
export type TaskTriggerAndWaitOptions = TaskTriggerOptions & {
  /** Options of the wait for the result. @default none: the wait lasts until the task ends */
  wait?: TaskResultOptions;
};
