/**
 * `npm run bench`: the library against the same work written directly with the Temporal SDK, in one run on one
 * server. Writes bench/results/<start time>.json, bench/results/latest.json and docs/performance.md.
 * Settings: see bench/config.ts (`npm run bench -- --sizes=1000,5000`, or BENCH_SIZES=1000,5000).
 */
import { REPO_ROOT } from './paths';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { performance } from 'node:perf_hooks';
import { bundleTaskWorkflows } from '../src';
import { progress, type BenchContext } from './bench-context';
import { readBenchConfig, type BenchConfig } from './config';
import { goalRows } from './goals';
import { loadAverageNow, machineInfo, versions } from './machine';
import { measureLevers, measureMainArms } from './measure/arms';
import { measureStartup } from './measure/startup';
import { RAW_ACTIVITY_OPTIONS } from './raw/activity-options';
import { bundleRawWorkflows } from './raw/raw-workflow-bundle';
import { writeReport, PERFORMANCE_DOC } from './report';
import { writeResults, type BenchResults } from './results';
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
  try {
    progress(config.temporalAddress ? `using the Temporal server at ${config.temporalAddress}` : 'starting the dev servers (library config, stock config)');
    const main = await startBenchServer(config.temporalAddress);
    servers.push(main);
    const stock = config.temporalAddress ? undefined : await startBenchServer(undefined, STOCK_TRANSFER_READS);
    if (stock) servers.push(stock);
    const results = await measureAll(config, { main, stock }, scratch, startedAt, machine);
    const file = await writeResults(results);
    await writeReport(results, relative(REPO_ROOT, file));
    progress(`wrote ${relative(process.cwd(), file)}, bench/results/latest.json and ${relative(process.cwd(), PERFORMANCE_DOC)}`);
    printSummary(results);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
    await stopServers();
  }
}

async function measureAll(
  config: BenchConfig,
  servers: BenchContext['servers'],
  scratch: string,
  startedAt: Date,
  machine: ReturnType<typeof machineInfo>,
): Promise<BenchResults> {
  progress(`server ${servers.main.serverVersion} at ${servers.main.address}; bundling the workflow code of both sides`);
  let mark = performance.now();
  const libraryBundleCode = (await bundleTaskWorkflows()).code;
  const libraryBundleMs = performance.now() - mark;
  mark = performance.now();
  const rawBundleCode = await bundleRawWorkflows();
  const rawBundleMs = performance.now() - mark;
  const bundlePaths = { library: join(scratch, 'library-workflows.js'), raw: join(scratch, 'raw-workflows.js') };
  writeFileSync(bundlePaths.library, libraryBundleCode);
  writeFileSync(bundlePaths.raw, rawBundleCode);
  const context: BenchContext = { config, servers, bundlePaths };

  const serverIdleCpuMsPerSecond = await idleCpuRate(servers.main);
  const main = await measureMainArms(context);
  const levers = await measureLevers(context);
  progress(`start-up: ${config.startupRuns} fresh processes per mode`);
  const startup = config.startupRuns === 0 ? [] : await measureStartup({ address: servers.main.address, runs: config.startupRuns, bundlePaths });

  const finishedAt = new Date();
  // The address differs from run to run and says nothing about the settings.
  const recordedConfig = { ...config };
  delete recordedConfig.temporalAddress;
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
      config: recordedConfig,
      activity: RAW_ACTIVITY_OPTIONS,
      bundleMs: { library: libraryBundleMs, raw: rawBundleMs },
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
  const rows = goalRows(results);
  console.log('');
  for (const row of rows) {
    const state = row.met === undefined ? 'not measured' : row.met ? 'met' : 'NOT MET';
    console.log(`${state.padEnd(12)} ${row.goal} (${row.comparison}): ${row.library?.toFixed(2) ?? '?'} vs ${row.raw?.toFixed(2) ?? '?'} ${row.unit}, target ${row.target}`);
  }
  console.log(`bench took ${(results.durationSeconds / 60).toFixed(1)} minutes`);
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
