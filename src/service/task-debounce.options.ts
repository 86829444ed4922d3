import type { Duration } from '../task.interfaces';

/**
 * Debounce of a trigger (`TaskTriggerOptions.debounce`): triggers with the same key (`id`) within `delay` of each other
 * make one task, which starts once they stop, with the input of the latest.
 */
export interface TaskDebounceOptions {
  /**
   * Quiet period: the task starts this long after the latest trigger of its key; each trigger within it replaces the
   * input and starts the period again. A positive duration (milliseconds, or a string such as `'5s'`). Required.
   */
  delay: Duration;
  /**
   * Cap on the push-back: the task starts at the latest this long after the first trigger of its cycle, however
   * often triggers keep coming. At least `delay`.
   * @default no cap: the task waits until triggers stop for `delay`
   */
  maxDelay?: Duration;
}
