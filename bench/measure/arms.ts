import type { MemoryReading } from '../arm-child';
import { withArms, type RunningArm, type ThroughputRun } from '../arm-process';
import { LEVERS, MAIN_ARMS, type Arm, type Lever } from '../arms';
import { progress, serverOf, type BenchContext } from '../bench-context';
import { measureHistories, type HistoryStats } from './histories';
import { measureLatency, type LatencySummary } from './latency';

/** Everything measured of one arm. */
export interface ArmResult {
  arm: Arm;
  latency?: LatencySummary;
  histories?: HistoryStats;
  /** Throughput runs, by the number of tasks triggered at once. */
  throughput: Record<number, ThroughputRun[]>;
  /** Memory of the arm's process after its run at `tasks` (a process started for that run), and after a GC. */
  memoryAfterRun?: { tasks: number; now: MemoryReading; afterGc: MemoryReading };
}

export interface LeverResult extends Pick<Lever, 'id' | 'name' | 'setting' | 'verdict'> {
  tasks: number;
  /** Each arm without the lever and with it, measured next to each other. */
  pairs: Array<{ reference: ArmResult; arm: ArmResult }>;
}

const blank = (arm: Arm): ArmResult => ({ arm, throughput: {} });

/**
 * The main arms. At the first size every arm is up at once: latency first (the arms taking turns task by task), then
 * the throughput runs, the arms taking turns (A B C ... C B A). Every larger size runs each arm in a process of its own
 * (so that its memory after the run is that run's), one after the other, the order turning with the size.
 */
export async function measureMainArms(context: BenchContext): Promise<Record<string, ArmResult>> {
  const { config } = context;
  const results: Record<string, ArmResult> = Object.fromEntries(MAIN_ARMS.map((arm) => [arm.id, blank(arm)]));
  const [first, ...larger] = config.sizes;
  progress(`main arms: ${MAIN_ARMS.map((arm) => arm.id).join(', ')}, each in a process of its own`);
  await withArms(context, MAIN_ARMS, async (running) => {
    progress(`latency: ${config.latencyRuns} tasks one at a time per arm, the arms taking turns`);
    await latencyAndHistories(context, running, config.latencyRuns, config.historySamples, results);
    for (let round = 0; round < config.repeats; round++) {
      for (const arm of round % 2 === 0 ? running : [...running].reverse()) await throughputRun(arm, first!, results[arm.arm.id]!);
    }
  });
  for (const [index, size] of larger.entries()) {
    const arms = MAIN_ARMS.filter((arm) => config.largeArms === 'all' || config.largeArms.includes(arm.id));
    for (const arm of index % 2 === 0 ? arms : [...arms].reverse()) {
      await withArms(context, [arm], async ([running]) => {
        for (let round = 0; round < config.largeRepeats; round++) await throughputRun(running!, size, results[arm.id]!);
        results[arm.id]!.memoryAfterRun = { tasks: size, ...(await running!.memory()) };
      });
    }
  }
  return results;
}

/**
 * Each lever next to its references, every arm in fresh processes: latency (the arms taking turns task by task),
 * histories, then one throughput run per arm (the order turning from lever to lever) and the memory after it.
 */
export async function measureLevers(context: BenchContext): Promise<LeverResult[]> {
  const { config } = context;
  const results: LeverResult[] = [];
  for (const [index, lever] of LEVERS.entries()) {
    if (lever.pairs.some((pair) => pair.arm.server === 'stock') && !context.servers.stock) {
      progress(`lever "${lever.name}": skipped (TEMPORAL_ADDRESS is set, so there is no stock dev server)`);
      continue;
    }
    const pairs = lever.pairs.map((pair) => ({ reference: blank(pair.reference), arm: blank(pair.arm) }));
    const byArm = Object.fromEntries(pairs.flatMap((pair) => [[pair.reference.arm.id, pair.reference], [pair.arm.arm.id, pair.arm]]));
    const arms = lever.pairs.flatMap((pair) => [pair.reference, pair.arm]);
    progress(`lever "${lever.name}": ${lever.pairs.map((pair) => `${pair.reference.id} against ${pair.arm.id}`).join(', ')}`);
    await withArms(context, arms, async (running) => {
      // Latency is one task at a time in one process: arms of several processes have none.
      const single = running.filter((one) => one.arm.processes.length === 1);
      if (single.length > 1) await latencyAndHistories(context, single, config.leverLatencyRuns, 3, byArm);
      for (const one of index % 2 === 0 ? running : [...running].reverse()) {
        await throughputRun(one, config.leverTasks, byArm[one.arm.id]!);
        byArm[one.arm.id]!.memoryAfterRun = { tasks: config.leverTasks, ...(await one.memory()) };
      }
    });
    results.push({ id: lever.id, name: lever.name, setting: lever.setting, verdict: lever.verdict, tasks: config.leverTasks, pairs });
  }
  return results;
}

async function latencyAndHistories(context: BenchContext, running: RunningArm[], runs: number, samples: number, results: Record<string, ArmResult>): Promise<void> {
  const latencies = await measureLatency(running, runs);
  for (const [index, one] of running.entries()) {
    const result = results[one.arm.id]!;
    result.latency = latencies[index]!;
    result.histories = await measureHistories(serverOf(context, one.arm).address, result.latency.taskIds.slice(-samples));
    progress(
      `  ${one.arm.id}: p50 ${result.latency.p50.toFixed(1)} ms, p99 ${result.latency.p99.toFixed(1)} ms; ${result.histories.events} events, ${result.histories.bytes} B of history`,
    );
  }
}

async function throughputRun(running: RunningArm, tasks: number, result: ArmResult): Promise<void> {
  const run = await running.run(tasks);
  (result.throughput[tasks] ??= []).push(run);
  progress(
    `  ${running.arm.id}: ${tasks} tasks in ${(run.ms / 1000).toFixed(1)} s, ${run.tasksPerSecond.toFixed(1)} tasks/s; CPU ms/task app ${run.appCpuMsPerTask.toFixed(1)}, server ${run.serverCpuMsPerTask?.toFixed(1) ?? '?'}; eager starts ${run.eagerStarts}`,
  );
}
