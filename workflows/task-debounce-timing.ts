/**
 * When a debounced task starts: plain functions over plain numbers (epoch milliseconds), shared by the task workflow
 * and any other engine, so that both decide alike. Free of Node, Nest and Temporal imports: the workflow bundle
 * compiles it.
 */

/** A debounced task's timing, as its memo carries it (`TaskSettings.debounce`). */
export interface TaskDebounceTiming {
  /** Quiet period: the task starts this long after the latest trigger. */
  delayMs: number;
  /** Cap: the task starts at the latest this long after the first trigger of its cycle. Absent: no cap. */
  maxDelayMs?: number;
}

/** The triggers of one debounce cycle so far: when the first and the latest arrived. */
export interface TaskDebounceWindow {
  firstAt: number;
  lastAt: number;
}

/** The window after one more trigger at `at`: the first of a cycle opens it, a later one moves its end. */
export function addDebounceTrigger(window: TaskDebounceWindow | undefined, at: number): TaskDebounceWindow {
  return window ? { firstAt: window.firstAt, lastAt: Math.max(window.lastAt, at) } : { firstAt: at, lastAt: at };
}

/** When the task of a window starts: `delayMs` after its latest trigger, but never later than `maxDelayMs` after its first. */
export function debounceStartAt(window: TaskDebounceWindow, timing: TaskDebounceTiming): number {
  const quiet = window.lastAt + timing.delayMs;
  return timing.maxDelayMs === undefined ? quiet : Math.min(quiet, window.firstAt + timing.maxDelayMs);
}

/**
 * The time of a trigger, from the time its caller stamped on it (ISO-8601) and the engine's clock (`now`): the caller's
 * clock counts, so that triggers recorded while no worker ran keep their times, but never later than `now`, so that a
 * caller's clock running fast cannot push the start further back than the triggers themselves do.
 */
export function debounceTriggerTime(at: string | undefined, now: number): number {
  const stamped = at === undefined ? Number.NaN : Date.parse(at);
  return Number.isFinite(stamped) ? Math.min(stamped, now) : now;
}
