import type { RunningArm } from '../arm-process';
import { percentile } from './stats';

export interface LatencySummary {
  runs: number;
  p50: number;
  p95: number;
  p99: number;
  mean: number;
  min: number;
  max: number;
  /** Starts the server handed straight to the worker (eager workflow start). */
  eagerStarts: number;
  /** The tasks that ran, for their histories to be read. */
  taskIds: string[];
}

/**
 * Trigger-to-result time of one task at a time, `runs` times per arm. The arms take turns task by task (and the first
 * of each round rotates), so that drift in the machine or the server falls on every arm alike.
 */
export async function measureLatency(arms: readonly RunningArm[], runs: number): Promise<LatencySummary[]> {
  const samples = arms.map(() => [] as Array<{ ms: number; taskId: string; eager: boolean }>);
  for (let round = 0; round < runs; round++) {
    for (let turn = 0; turn < arms.length; turn++) {
      const index = (round + turn) % arms.length;
      samples[index]!.push(await arms[index]!.one());
    }
  }
  return samples.map(summarize);
}

function summarize(runs: Array<{ ms: number; taskId: string; eager: boolean }>): LatencySummary {
  const sorted = runs.map((run) => run.ms).sort((a, b) => a - b);
  return {
    runs: sorted.length,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    mean: sorted.reduce((sum, value) => sum + value, 0) / sorted.length,
    min: sorted[0]!,
    max: sorted[sorted.length - 1]!,
    eagerStarts: runs.filter((run) => run.eager).length,
    taskIds: runs.map((run) => run.taskId),
  };
}
