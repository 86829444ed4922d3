/**
 * `npm run bench`: the library against the same work written directly with the Temporal SDK, in one run on one
 * server. Writes bench/results/<start time>.json, bench/results/latest.json and docs/performance.md.
 * Settings: see bench/config.ts (`npm run bench -- --n=1000`, or BENCH_N=1000).
 */
import { REPO_ROOT } from './paths';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { performance } from 'node:perf_hooks';
import { bundleTaskWorkflows } from '../src';
import { progress, runTaskQueue, type BenchContext } from './bench-context';
import { readBenchConfig } from './config';
import { BASELINE_COMPARISON, LEVER_COMPARISONS, OVERHEAD_COMPARISON } from './comparisons';
import { loadAverageNow, machineInfo, versions } from './machine';
import { CpuMeter } from './measure/cpu';
import type { LatencySummary } from './measure/latency';
import { measureComparison, type ComparisonResult } from './measure/comparison';
import { measureMemory, type MemoryResult } from './measure/memory';
import { measureScale } from './measure/scale';
import { measureStartup } from './measure/startup';
import { warmUp } from './measure/warmup';
import { RAW_ACTIVITY_OPTIONS } from './raw/activity-options';
import { bundleRawWorkflows } from './raw/raw-workflow-bundle';
import { writeReport, PERFORMANCE_DOC } from './report';
import { writeResults, type BenchResults } from './results';
import { startBenchServer, type BenchServer } from './server';
import { LIBRARY_WORKER_DEFAULTS } from './worker-settings';

async function main(): Promise<void> {
  const config = readBenchConfig();
  const startedAt = new Date();
  const machine = machineInfo();
  // The bench stops its own workers and server on a signal; the SDK's handlers would only stop the workers.
  Runtime.install({ logger: new DefaultLogger('WARN'), shutdownSignals: [] });

  progress(config.temporalAddress ? `using the Temporal server at ${config.temporalAddress}` : 'starting a Temporal dev server');
  const server = await startBenchServer(config.temporalAddress);
  // Whatever ends this process ends the dev server with it (stop() signals the server synchronously).
  process.once('exit', () => void server.stop());
  const stopOnSignal = (signal: NodeJS.Signals): void => {
    console.error(`bench: ${signal}, stopping the server`);
    void server.stop().finally(() => process.exit(130));
  };
  process.once('SIGINT', stopOnSignal).once('SIGTERM', stopOnSignal);
  const scratch = mkdtempSync(join(tmpdir(), 'nestjs-temporal-tasks-bench-'));
  try {
    const results = await measureAll(config, server, scratch, startedAt, machine);
    const file = await writeResults(results);
    await writeReport(results, relative(REPO_ROOT, file));
    progress(`wrote ${relative(process.cwd(), file)}, bench/results/latest.json and ${relative(process.cwd(), PERFORMANCE_DOC)}`);
    printSummary(results);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
    await server.stop();
  }
}

async function measureAll(
  config: ReturnType<typeof readBenchConfig>,
  server: BenchServer,
  scratch: string,
  startedAt: Date,
  machine: ReturnType<typeof machineInfo>,
): Promise<BenchResults> {
  progress(`server ${server.serverVersion} at ${server.address}; bundling the workflow code of both sides`);
  let mark = performance.now();
  const libraryBundleCode = (await bundleTaskWorkflows()).code;
  const libraryBundleMs = performance.now() - mark;
  mark = performance.now();
  const rawBundleCode = await bundleRawWorkflows();
  const rawBundleMs = performance.now() - mark;
  const libraryBundlePath = join(scratch, 'library-workflows.js');
  const rawBundlePath = join(scratch, 'raw-workflows.js');
  writeFileSync(libraryBundlePath, libraryBundleCode);
  writeFileSync(rawBundlePath, rawBundleCode);
  const cpu = CpuMeter.forDevServer(server.startedByBench ? server.address.slice(server.address.lastIndexOf(':') + 1) : undefined);
  const context: BenchContext = {
    config,
    address: server.address,
    libraryBundleCode,
    rawBundleCode,
    libraryBundlePath,
    rawBundlePath,
    cpu,
  };

  await warmUp(context);
  const baseline = await measureComparison(
    context,
    BASELINE_COMPARISON,
    { tasks: config.n, latency: config.latencyRuns, throughputPerArm: config.repeats },
    0,
  );
  const leverRuns = { tasks: config.leverN, latency: config.leverLatencyRuns, throughputPerArm: 1 };
  const levers: ComparisonResult[] = [];
  for (const [index, comparison] of LEVER_COMPARISONS.entries())
    levers.push(await measureComparison(context, comparison, leverRuns, index + 1));
  const overheads = await measureComparison(context, OVERHEAD_COMPARISON, { ...leverRuns, throughputPerArm: 2 }, 0);
  const scale = await measureScale(context);

  progress(`start-up: ${config.startupRuns} fresh processes per mode`);
  const startup =
    config.startupRuns === 0
      ? []
      : await measureStartup({
          address: server.address,
          runs: config.startupRuns,
          libraryBundlePath,
          rawBundlePath,
          taskQueue: runTaskQueue,
        });

  const memory: MemoryResult[] = [];
  for (const side of ['library', 'raw'] as const) {
    progress(`memory: ${side} worker in a child process, ${config.memoryTasks} tasks sleeping ${config.memorySleepMs} ms`);
    memory.push(
      await measureMemory(side, {
        address: server.address,
        taskQueue: runTaskQueue(`memory-${side}`),
        bundlePath: side === 'library' ? libraryBundlePath : rawBundlePath,
        tasks: config.memoryTasks,
        sleepMs: config.memorySleepMs,
        payloadBytes: config.payloadBytes,
        cpu,
      }),
    );
  }

  const finishedAt = new Date();
  // The address differs from run to run and says nothing about the settings.
  const recordedConfig = { ...config };
  delete recordedConfig.temporalAddress;
  return {
    schemaVersion: 1,
    startedAt: startedAt.toISOString(),
    finishedAt: finishedAt.toISOString(),
    durationSeconds: (finishedAt.getTime() - startedAt.getTime()) / 1000,
    machine: { ...machine, loadAverage: { ...machine.loadAverage, end: loadAverageNow() } },
    versions: versions(server),
    settings: {
      server: { startedByBench: server.startedByBench, dynamicConfig: server.dynamicConfig },
      config: recordedConfig,
      worker: LIBRARY_WORKER_DEFAULTS,
      activity: RAW_ACTIVITY_OPTIONS,
      bundleMs: { library: libraryBundleMs, raw: rawBundleMs },
    },
    baseline,
    levers,
    overheads,
    scale,
    startup,
    memory,
  };
}

function printSummary({ baseline, durationSeconds }: BenchResults): void {
  const library = baseline.arms.library?.throughput;
  const raw = baseline.arms.raw?.throughput;
  const latency = { library: baseline.arms.library?.latency, raw: baseline.arms.raw?.latency };
  const percentiles = (summary: LatencySummary | undefined): string =>
    summary ? `${summary.p50.toFixed(1)}/${summary.p95.toFixed(1)}/${summary.p99.toFixed(1)}` : '?';
  console.log(
    [
      '',
      `throughput: library ${library?.tasksPerSecond.toFixed(1)} tasks/s, raw ${raw?.tasksPerSecond.toFixed(1)} tasks/s, library/raw ${library && raw ? (library.tasksPerSecond / raw.tasksPerSecond).toFixed(2) : '?'}`,
      `latency p50/p95/p99: library ${percentiles(latency.library)} ms, raw ${percentiles(latency.raw)} ms`,
      `bench took ${durationSeconds.toFixed(0)} s`,
    ].join('\n'),
  );
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
