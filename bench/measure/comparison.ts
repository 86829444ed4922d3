import { leverInput, progress, startTarget, withTargets, type BenchContext } from '../bench-context';
import type { Comparison } from '../comparisons';
import type { Side } from '../target';
import { measureLatency, type LatencySummary } from './latency';
import { median } from './stats';
import { measureThroughput, type ThroughputRun } from './throughput';

export interface ArmThroughput {
  runs: ThroughputRun[];
  /** Median over the runs. */
  tasksPerSecond: number;
  /** Median over the runs: CPU ms per task of the bench process (client and worker) and of the dev server. */
  cpuMsPerTask: { bench: number; server?: number };
}

export interface ArmResult {
  side: Side;
  lever: string;
  payloadBytes: number;
  throughput: ArmThroughput;
  latency: LatencySummary;
}

export interface ComparisonResult {
  id: string;
  name: string;
  setting: string;
  libraryChange?: string;
  /** Tasks triggered at once in each throughput run. */
  tasks: number;
  arms: Record<string, ArmResult>;
}

export interface ComparisonRuns {
  tasks: number;
  latency: number;
  throughputPerArm: number;
}

/**
 * Measures the arms of a comparison next to each other: latency with every arm up and taking turns task by task,
 * then throughput runs with the arms taking turns, each on a fresh worker and task queue. The order rotates with
 * `turn` and goes back and forth over repeated runs (A B B A), so that drift in the machine or the server favours
 * no arm.
 */
export async function measureComparison(
  context: BenchContext,
  comparison: Comparison,
  runs: ComparisonRuns,
  turn: number,
): Promise<ComparisonResult> {
  const { arms } = comparison;
  const rotated = arms.map((_, index) => arms[(index + turn) % arms.length]!);

  progress(`${comparison.name}: latency, ${runs.latency} sequential tasks per arm (${rotated.map((arm) => arm.name).join(', ')})`);
  const latencies = await withTargets(
    rotated.map((arm) => () => startTarget(context, arm.side, arm.lever, `latency-${arm.name}`)),
    (targets) =>
      measureLatency(
        targets,
        runs.latency,
        rotated.map((arm) => leverInput(context, arm.lever)),
      ),
  );

  const throughputRuns = new Map<string, ThroughputRun[]>(arms.map((arm) => [arm.name, []]));
  for (let round = 0; round < runs.throughputPerArm; round++) {
    for (const arm of round % 2 === 0 ? rotated : [...rotated].reverse()) {
      const run = await withTargets([() => startTarget(context, arm.side, arm.lever, `throughput-${arm.name}`)], ([target]) =>
        measureThroughput(target!, runs.tasks, leverInput(context, arm.lever), context.cpu),
      );
      throughputRuns.get(arm.name)!.push(run);
      progress(
        `${comparison.name}: throughput ${arm.name} ${run.tasksPerSecond.toFixed(1)} tasks/s (${runs.tasks} tasks in ${(run.ms / 1000).toFixed(1)} s)`,
      );
    }
  }

  return {
    id: comparison.id,
    name: comparison.name,
    setting: comparison.setting,
    libraryChange: comparison.libraryChange,
    tasks: runs.tasks,
    arms: Object.fromEntries(
      rotated.map((arm, index) => [
        arm.name,
        {
          side: arm.side,
          lever: arm.lever.id,
          payloadBytes: JSON.stringify(leverInput(context, arm.lever)).length,
          throughput: summarize(throughputRuns.get(arm.name)!),
          latency: latencies[index]!,
        },
      ]),
    ),
  };
}

function summarize(runs: ThroughputRun[]): ArmThroughput {
  const servers = runs.map((run) => run.cpuMsPerTask.server);
  return {
    runs,
    tasksPerSecond: median(runs.map((run) => run.tasksPerSecond)),
    cpuMsPerTask: {
      bench: median(runs.map((run) => run.cpuMsPerTask.bench)),
      server: servers.every((value) => value !== undefined) ? median(servers) : undefined,
    },
  };
}
