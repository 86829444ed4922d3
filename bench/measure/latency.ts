import { performance } from 'node:perf_hooks';
import type { BenchInput } from '../payload';
import type { BenchTarget } from '../target';
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
}

/**
 * Trigger-to-result time of one task at a time, `runs` times per target (with the input of the same index). The
 * targets take turns task by task (and the first of each round rotates), so that drift in the machine or the server
 * falls on every target alike.
 */
export async function measureLatency(
  targets: readonly BenchTarget[],
  runs: number,
  inputs: readonly BenchInput[],
): Promise<LatencySummary[]> {
  const samples = targets.map(() => [] as number[]);
  const eagerBefore = targets.map((target) => target.eagerStarts);
  for (let round = 0; round < runs; round++) {
    for (let turn = 0; turn < targets.length; turn++) {
      const index = (round + turn) % targets.length;
      const started = performance.now();
      const task = await targets[index]!.trigger(inputs[index]!);
      await task.result();
      samples[index]!.push(performance.now() - started);
    }
  }
  return samples.map((values, index) => summarize(values, targets[index]!.eagerStarts - eagerBefore[index]!));
}

function summarize(values: number[], eagerStarts: number): LatencySummary {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    runs: sorted.length,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    mean: sorted.reduce((sum, value) => sum + value, 0) / sorted.length,
    min: sorted[0]!,
    max: sorted[sorted.length - 1]!,
    eagerStarts,
  };
}
