import { defineSignal } from '@temporalio/workflow';
import type { TaskDebounceTiming } from './task-debounce-timing';

/** What a debounced trigger sends to its task: its input, when it was made, and the trigger's debounce timing. */
export interface TaskDebounceTrigger {
  input: unknown;
  /** ISO-8601 time of the trigger, by the caller's clock. */
  at: string;
  debounce: TaskDebounceTiming;
}

/**
 * Signal: a debounced trigger (`trigger(def, input, { id, debounce })`), sent with signal-with-start: it starts the
 * task, or lands on the task that holds the key. A task waiting for its start takes the new input and waits again; a
 * running one keeps the latest for a new cycle after it ends.
 */
export const taskDebounceSignal = defineSignal<[TaskDebounceTrigger]>('taskDebounce');

/** Where a new debounce cycle opened by late triggers stands: the times of its first and latest trigger (ISO-8601). */
export interface TaskDebounceCycle {
  firstAt: string;
  lastAt: string;
}

/** Late triggers a run received, carried into the next run when the task continues as new to keep its history short. */
export interface TaskLateTriggers extends TaskDebounceCycle {
  latest: TaskDebounceTrigger;
}
