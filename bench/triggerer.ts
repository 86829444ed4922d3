import type { BenchInput } from './payload';

/** What one side's many starts came to: how many the server accepted, how many were refused, and the first refusal. */
export interface TriggerManyOutcome {
  accepted: number;
  refused: number;
  firstError?: string;
  /** The requests the side's connection sent during the call, by gRPC method. */
  requests: Record<string, number>;
}

/**
 * One side of the triggerMany row, up and connected, with no worker: something that starts `items` tasks of one
 * workflow type with at most `concurrency` starts in flight, and returns once every start has been answered.
 */
export interface BenchTriggerer {
  triggerMany(input: BenchInput, items: number, concurrency: number | undefined): Promise<TriggerManyOutcome>;
  close(): Promise<void>;
}
