import { progress, startTarget, withTargets, leverInput, type BenchContext } from '../bench-context';
import type { Side } from '../target';
import { BASELINE } from '../levers';
import { measureThroughput, type ThroughputRun } from './throughput';

export interface ScaleResult {
  tasks: number;
  library: ThroughputRun;
  raw: ThroughputRun;
  /** library / raw tasks per second. */
  ratio: number;
}

/** Baseline throughput at each task count of the scale series; the side that goes first alternates. */
export async function measureScale(context: BenchContext): Promise<ScaleResult[]> {
  const results: ScaleResult[] = [];
  const input = leverInput(context, BASELINE);
  for (const [index, tasks] of context.config.scale.entries()) {
    const order: Side[] = index % 2 === 0 ? ['library', 'raw'] : ['raw', 'library'];
    const runs: Partial<Record<Side, ThroughputRun>> = {};
    for (const side of order) {
      runs[side] = await withTargets([() => startTarget(context, side, BASELINE, `scale-${tasks}`)], ([target]) =>
        measureThroughput(target!, tasks, input, context.cpu),
      );
      progress(`scale ${tasks}: ${side} ${runs[side].tasksPerSecond.toFixed(1)} tasks/s (${(runs[side].ms / 1000).toFixed(1)} s)`);
    }
    const { library, raw } = runs as Record<Side, ThroughputRun>;
    results.push({ tasks, library, raw, ratio: library.tasksPerSecond / raw.tasksPerSecond });
  }
  return results;
}
