/**
 * `npm run bench`: the library against the same work written directly with the Temporal SDK, in one run on one
 * server. Writes bench/results/<start time>.json, bench/results/latest.json and docs/performance.md.
 * Settings: see bench/config.ts (`npm run bench -- --sizes=1000,5000`, or BENCH_SIZES=1000,5000). `--suite=controls`
 * measures only the rows of bench/controls.ts (bench/results/controls-<start time>.json and controls-latest.json) and
 * renders the page with the latest main results.
 */
import { REPO_ROOT } from './paths';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { performance } from 'node:perf_hooks';
import { bundleTaskWorkflows } from '../src';
import { progress, type BenchContext } from './bench-context';
import { readBenchConfig, recordedConfig } from './config';
import { controlGoalRows } from './controls-goals';
import type { ControlsReportInput } from './controls-report';
import { CONTROLS_LATEST, CONTROLS_PREFIX, MAIN_LATEST, readLatestControls, readLatestMain, writeControlsResults } from './controls-results';
import { measureControlsSuite } from './controls-suite';
import { goalRows, type GoalRow } from './goals';
import { loadAverageNow, machineInfo, versions } from './machine';
import { measureLevers, measureMainArms } from './measure/arms';
import { measureStartup } from './measure/startup';
import { RAW_ACTIVITY_OPTIONS } from './raw/activity-options';
import { bundleRawWorkflows } from './raw/raw-workflow-bundle';
import { writeReport, PERFORMANCE_DOC } from './report';
import { RESULTS_DIR, resultsFileName, writeResults, type BenchResults } from './results';
import { STOCK_TRANSFER_READS, startBenchServer, type BenchServer } from './server';

async function main(): Promise<void> {
  const config = readBenchConfig();
  const startedAt = new Date();
  const machine = machineInfo();
  // The bench stops its own children and servers on a signal; the SDK's handlers would only stop workers.
  Runtime.install({ logger: new DefaultLogger('WARN'), shutdownSignals: [] });

  const servers: BenchServer[] = [];
  const stopServers = async (): Promise<void> => {
    for (const server of servers.splice(0)) await server.stop();
  };
  // Whatever ends this process ends the dev servers with it (TemporalDevServer kills its child on exit).
  const stopOnSignal = (signal: NodeJS.Signals): void => {
    console.error(`bench: ${signal}, stopping the servers`);
    void stopServers().finally(() => process.exit(130));
  };
  process.once('SIGINT', stopOnSignal).once('SIGTERM', stopOnSignal);
  const scratch = mkdtempSync(join(tmpdir(), 'nestjs-temporal-tasks-bench-'));
  const runsMain = config.suites.includes('main');
  try {
    progress(
      config.temporalAddress
        ? `using the Temporal server at ${config.temporalAddress}`
        : `starting the dev servers (${runsMain ? 'library config, stock config' : 'library config'}); suites: ${config.suites.join(', ')}`,
    );
    const main = await startBenchServer(config.temporalAddress);
    servers.push(main);
    const stock = config.temporalAddress || !runsMain ? undefined : await startBenchServer(undefined, STOCK_TRANSFER_READS);
    if (stock) servers.push(stock);
    const bundles = await bundleBoth(main, scratch);
    const context: BenchContext = { config, servers: { main, stock }, bundlePaths: bundles.paths };
    let mainRun: { results: BenchResults; file: string } | undefined;
    if (runsMain) {
      const results = await measureAll(context, bundles.ms, startedAt, machine);
      mainRun = { results, file: relative(REPO_ROOT, await writeResults(results)) };
      progress(`wrote ${mainRun.file} and bench/results/latest.json`);
    }
    let controlsRun: ControlsReportInput | undefined;
    if (config.suites.includes('controls')) {
      const results = await measureControlsSuite(context, new Date(), machineInfo());
      controlsRun = { results, file: relative(REPO_ROOT, await writeControlsResults(results)) };
      progress(`wrote ${controlsRun.file} and bench/results/${CONTROLS_LATEST}`);
    }
    // The page shows the latest of each suite: what this run did not measure comes from the latest results files.
    const latestMain = mainRun ?? withFile(readLatestMain(), '');
    const latestControls = controlsRun ?? withFile(readLatestControls(), CONTROLS_PREFIX);
    if (latestMain) {
      await writeReport(latestMain.results, latestMain.file, latestControls);
      progress(`wrote ${relative(process.cwd(), PERFORMANCE_DOC)}`);
    } else {
      progress(`no results of the main suite in bench/results/${MAIN_LATEST}: ${relative(process.cwd(), PERFORMANCE_DOC)} left as it is (run the main suite to write it)`);
    }
    if (mainRun) printSummary(mainRun.results);
    if (controlsRun) printRows(controlGoalRows(controlsRun.results));
    console.log(`bench took ${((Date.now() - startedAt.getTime()) / 60_000).toFixed(1)} minutes`);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
    await stopServers();
  }
}

/** Results read from bench/results/, with the name of the file of their run. */
function withFile<T extends { startedAt: string }>(results: T | undefined, prefix: string): { results: T; file: string } | undefined {
  return results ? { results, file: relative(REPO_ROOT, join(RESULTS_DIR, resultsFileName(results.startedAt, prefix))) } : undefined;
}

/** Bundles the workflow code of both sides once, before anything is measured; the arms' processes load the files. */
async function bundleBoth(server: BenchServer, scratch: string): Promise<{ paths: BenchContext['bundlePaths']; ms: { library: number; raw: number } }> {
  progress(`server ${server.serverVersion} at ${server.address}; bundling the workflow code of both sides`);
  let mark = performance.now();
  const libraryBundleCode = (await bundleTaskWorkflows()).code;
  const libraryBundleMs = performance.now() - mark;
  mark = performance.now();
  const rawBundleCode = await bundleRawWorkflows();
  const rawBundleMs = performance.now() - mark;
  const paths = { library: join(scratch, 'library-workflows.js'), raw: join(scratch, 'raw-workflows.js') };
  writeFileSync(paths.library, libraryBundleCode);
  writeFileSync(paths.raw, rawBundleCode);
  return { paths, ms: { library: libraryBundleMs, raw: rawBundleMs } };
}

async function measureAll(context: BenchContext, bundleMs: { library: number; raw: number }, startedAt: Date, machine: ReturnType<typeof machineInfo>): Promise<BenchResults> {
  const { config, servers, bundlePaths } = context;
  const serverIdleCpuMsPerSecond = await idleCpuRate(servers.main);
  const main = await measureMainArms(context);
  const levers = await measureLevers(context);
  progress(`start-up: ${config.startupRuns} fresh processes per mode`);
  const startup = config.startupRuns === 0 ? [] : await measureStartup({ address: servers.main.address, runs: config.startupRuns, bundlePaths });

  const finishedAt = new Date();
  return {
    schemaVersion: 2,
    startedAt: startedAt.toISOString(),
    finishedAt: finishedAt.toISOString(),
    durationSeconds: (finishedAt.getTime() - startedAt.getTime()) / 1000,
    machine: { ...machine, loadAverage: { ...machine.loadAverage, end: loadAverageNow() } },
    versions: versions(servers.main),
    settings: {
      servers: {
        main: { startedByBench: servers.main.startedByBench, dynamicConfig: servers.main.dynamicConfig },
        ...(servers.stock ? { stock: { dynamicConfig: servers.stock.dynamicConfig } } : {}),
      },
      serverIdleCpuMsPerSecond,
      config: recordedConfig(config),
      activity: RAW_ACTIVITY_OPTIONS,
      bundleMs,
    },
    main,
    levers,
    startup,
  };
}

/** The server's CPU use while nothing runs on it, in ms a second: its own background work, in every figure alike. */
async function idleCpuRate(server: BenchServer): Promise<number | undefined> {
  const before = server.cpuMs();
  const started = performance.now();
  await new Promise((resolve) => setTimeout(resolve, 5000));
  const after = server.cpuMs();
  return before === undefined || after === undefined ? undefined : ((after - before) * 1000) / (performance.now() - started);
}

function printSummary(results: BenchResults): void {
  printRows(goalRows(results));
}

function printRows(rows: GoalRow[]): void {
  console.log('');
  for (const row of rows) {
    const state = row.met === undefined ? 'not measured' : row.met ? 'met' : 'NOT MET';
    console.log(`${state.padEnd(12)} ${row.goal} (${row.comparison}): ${row.library?.toFixed(2) ?? '?'} vs ${row.raw?.toFixed(2) ?? '?'} ${row.unit}, target ${row.target}`);
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
