import type { BenchInput } from './payload';

/** A task that was triggered: its id, and its result to wait for. */
export interface TriggeredTask {
  /** The workflow id. */
  readonly id: string;
  /** Whether the server handed its first workflow task straight to the triggering process's worker (eager start). */
  readonly eager: boolean;
  /** Resolves when the task has completed (and rejects when it failed). */
  result(): Promise<unknown>;
}

/** One process of an arm, up and polling: something that triggers tasks and runs them. */
export interface BenchTarget {
  trigger(input: BenchInput): Promise<TriggeredTask>;
  /** Stops the worker and closes the connections. */
  close(): Promise<void>;
}
