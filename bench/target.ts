import type { BenchInput } from './payload';

/** A task that was triggered: its result can be waited for. */
export interface TriggeredTask {
  /** Resolves when the task has completed (and rejects when it failed). */
  result(): Promise<unknown>;
}

/** One side of the comparison, started on its own task queue: something that triggers tasks and waits for them. */
export interface BenchTarget {
  readonly side: 'library' | 'raw';
  /** Starts one task. */
  trigger(input: BenchInput): Promise<TriggeredTask>;
  /** How many starts the server handed straight to this worker (eager workflow start). */
  readonly eagerStarts: number;
  /** Stops the worker and closes the connections. */
  close(): Promise<void>;
}

/** Which side a target is. */
export type Side = BenchTarget['side'];
