import { REPO_ROOT } from './paths';
import { join } from 'node:path';
import type { ArmThroughput, ComparisonResult } from './measure/comparison';
import type { LatencySummary } from './measure/latency';
import { cpu, cpuParts, cpuTotal, fixed, percentiles, quotient, ratio, runsOf, tasksPerSecond, times, verdict } from './report-format';
import { OVERHEADS } from './levers';
import type { BenchResults } from './results';
import { writeFormatted } from './write-formatted';

export const PERFORMANCE_DOC = join(REPO_ROOT, 'docs', 'performance.md');

/** Writes docs/performance.md from one run's results. */
export function writeReport(results: BenchResults, resultsFile: string, path = PERFORMANCE_DOC): Promise<void> {
  return writeFormatted(path, renderReport(results, resultsFile));
}

export function renderReport(results: BenchResults, resultsFile: string): string {
  return [
    ...intro(results, resultsFile),
    ...summary(results),
    ...machineAndSettings(results),
    ...levers(results),
    ...overheads(results.overheads),
    ...scale(results),
    ...startup(results),
    ...memory(results),
    ...running(),
  ].join('\n');
}

function intro(results: BenchResults, resultsFile: string): string[] {
  return [
    '# Performance',
    '',
    "<!-- Written by `npm run bench` (bench/report.ts) from the run's results file. Edit the generator, not this page. -->",
    '',
    'How the library compares with the same work written directly with the Temporal SDK, measured in one run on one',
    'server. Every task is a workflow that runs one no-op activity, triggered and awaited from the process that runs',
    "the worker. The raw side bundles its own workflow (bench/raw/) and runs with the Runner's default worker options and",
    "the library's default retry policy and timeouts. Throughput ratios are library / raw (>= 1 is good); latency and",
    'CPU ratios are library / raw (<= 1 is good).',
    '',
    `Results of this run: \`${resultsFile}\` (and \`bench/results/latest.json\`), started ${results.startedAt}, ${results.durationSeconds.toFixed(0)} s in all.`,
    '',
  ];
}

/** An arm's throughput and latency, by name; undefined when the comparison has no such arm. */
const throughputOf = (result: ComparisonResult, arm: string): ArmThroughput | undefined => result.arms[arm]?.throughput;
const latencyOf = (result: ComparisonResult, arm: string): LatencySummary | undefined => result.arms[arm]?.latency;

function summary({ baseline, levers: rows, settings }: BenchResults): string[] {
  const library = throughputOf(baseline, 'library');
  const raw = throughputOf(baseline, 'raw');
  const throughputRatio = quotient(library?.tasksPerSecond, raw?.tasksPerSecond);
  const latencyRatio = (p: 'p50' | 'p95' | 'p99') => quotient(latencyOf(baseline, 'library')?.[p], latencyOf(baseline, 'raw')?.[p]);
  const changes = rows.filter((row) => row.libraryChange);
  return [
    '## Summary',
    '',
    '| | library | raw SDK | library / raw | target |',
    '| --- | ---: | ---: | ---: | --- |',
    `| throughput, ${settings.config.n} tasks at once (tasks/s) | ${tasksPerSecond(library)} | ${tasksPerSecond(raw)} | ${ratio(throughputRatio)} | >= 1: ${verdict(throughputRatio, 'atLeast')} |`,
    `| CPU per task in those runs, bench process + server (ms) | ${cpu(library)} | ${cpu(raw)} | ${ratio(quotient(cpuTotal(library), cpuTotal(raw)))} | <= 1 |`,
    ...(['p50', 'p95', 'p99'] as const).map(
      (p) =>
        `| latency ${p}, trigger to result (ms) | ${fixed(latencyOf(baseline, 'library')?.[p])} | ${fixed(latencyOf(baseline, 'raw')?.[p])} | ${ratio(latencyRatio(p))} | <= 1: ${verdict(latencyRatio(p), 'atMost')} |`,
    ),
    '',
    'The table above compares like with like: the library with `runner.eagerStart: false`, since the raw SDK starts',
    'workflows through the task queue by default. With its defaults (eager start on), against the raw SDK with its',
    ...defaultsVsDefaults(rows),
    '',
    'Tasks per second move with whatever else the machine runs; CPU time per task moves much less, so it is the steadier',
    'measure of what a task costs each side. Every ratio comes from arms measured next to each other.',
    '',
    ...(changes.length === 0
      ? []
      : [
          'Levers the library cannot use today, measured on the raw side against the raw SDK without them (run alongside):',
          '',
          ...changes.map((row) => {
            const withLever = row.arms.raw;
            const reference = row.arms.reference;
            return `- **${row.name}**: latency p50 ${fixed(withLever?.latency.p50)} ms vs ${fixed(reference?.latency.p50)} ms (${times(withLever?.latency.p50, reference?.latency.p50)}), throughput ${times(withLever?.throughput.tasksPerSecond, reference?.throughput.tasksPerSecond)}, CPU per task ${times(cpuTotal(withLever?.throughput), cpuTotal(reference?.throughput))}; eager starts ${withLever?.latency.eagerStarts ?? 0} of ${withLever?.latency.runs ?? 0}. Needs: ${row.libraryChange}.`;
          }),
          '',
        ]),
  ];
}

/** The library's defaults against the raw SDK's, read from the eager-start lever (library arm vs raw reference). */
function defaultsVsDefaults(rows: readonly ComparisonResult[]): string[] {
  const eager = rows.find((row) => row.id === 'eager-workflow-start');
  const library = eager?.arms.library;
  const reference = eager?.arms.reference;
  if (!library || !reference) return ['defaults, this run has no eager-start comparison.'];
  const throughputRatio = quotient(library.throughput.tasksPerSecond, reference.throughput.tasksPerSecond);
  const latencyRatio = quotient(library.latency.p50, reference.latency.p50);
  return [
    `defaults (measured alongside, ${eager.tasks} tasks): throughput ${tasksPerSecond(library.throughput)} vs ${tasksPerSecond(reference.throughput)} tasks/s`,
    `(${ratio(throughputRatio)}, >= 1: ${verdict(throughputRatio, 'atLeast')}), latency p50 ${fixed(library.latency.p50)} vs ${fixed(reference.latency.p50)} ms`,
    `(${ratio(latencyRatio)}, <= 1: ${verdict(latencyRatio, 'atMost')}).`,
  ];
}

function machineAndSettings({ machine, versions, settings }: BenchResults): string[] {
  const { config } = settings;
  return [
    '## Machine, versions, settings',
    '',
    '| | |',
    '| --- | --- |',
    `| CPU | ${machine.cpuModel}, ${machine.cores} cores (available parallelism ${machine.availableParallelism}) |`,
    `| RAM | ${machine.totalMemoryGb} GB |`,
    `| OS | ${machine.os} |`,
    `| load average (1, 5, 15 min) | at the start ${machine.loadAverage.start.join(', ')}; at the end ${machine.loadAverage.end?.join(', ') ?? '?'} |`,
    `| Node | ${versions.node} |`,
    `| Temporal SDK | worker ${versions.temporalSdk.worker}, client ${versions.temporalSdk.client}, workflow ${versions.temporalSdk.workflow} |`,
    `| Temporal server | ${versions.server}${settings.server.startedByBench ? `, dev server started by the bench (${versions.cli ?? 'temporal CLI'})` : ', at TEMPORAL_ADDRESS'} |`,
    `| server dynamic config | ${
      Object.entries(settings.server.dynamicConfig)
        .map(([key, value]) => `\`${key}=${String(value)}\``)
        .join(', ') || "the server's own"
    } |`,
    `| NestJS core | ${versions.nestCore} |`,
    `| library | ${versions.library}${versions.gitCommit ? ` at ${versions.gitCommit}` : ''} |`,
    `| worker options, both sides | ${Object.entries(settings.worker)
      .map(([key, value]) => `${key}: ${String(value)}`)
      .join(', ')}; the SDK's defaults otherwise |`,
    `| activity options, both sides | \`${JSON.stringify(settings.activity)}\` |`,
    `| task input | ${config.payloadBytes} B of JSON (large-input lever: ${config.largePayloadBytes} B) |`,
    `| baseline | ${config.n} tasks per throughput run, ${config.repeats} runs per side; latency over ${config.latencyRuns} tasks per side; warm-up ${config.warmup} tasks per side first |`,
    `| levers | ${config.leverN} tasks per throughput run, 1 run per arm; latency over ${config.leverLatencyRuns} tasks per arm |`,
    `| scale, start-up, memory | ${config.scale.join(', ')} tasks; ${config.startupRuns} fresh processes per mode; ${config.memoryTasks} tasks sleeping ${config.memorySleepMs} ms |`,
    `| bundling in the bench process | library ${settings.bundleMs.library.toFixed(0)} ms, raw ${settings.bundleMs.raw.toFixed(0)} ms |`,
    '',
  ];
}

function levers({ baseline, levers: rows }: BenchResults): string[] {
  const table = [baseline, ...rows];
  const libraryCell = (row: ComparisonResult, text: string): string => (row.arms.library ? text : 'needs a library change');
  return [
    '## Throughput and latency, by lever',
    '',
    'Each row runs up to three arms next to each other: the library with the lever, the raw SDK with the lever, and the',
    'raw SDK without it (the reference, so that every gain is against a run made at the same time). Throughput: tasks',
    'triggered at once, tasks per second from the first trigger to the last result, each run on a fresh worker and task',
    'queue; the baseline row shows every run, the sides alternating library, raw, raw, library. CPU is that of the bench',
    "process (client and worker: JavaScript and the SDK's Rust threads) plus the dev server's, per task.",
    '',
    '| lever | tasks | library tasks/s | raw tasks/s | reference tasks/s | library / raw | raw / reference | library / reference | CPU ms/task library | CPU ms/task raw | CPU ms/task reference |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...table.map((row) => {
      const lib = throughputOf(row, 'library');
      const raw = throughputOf(row, 'raw');
      const reference = throughputOf(row, 'reference');
      const withRuns = (arm: ArmThroughput | undefined): string =>
        row === baseline ? `${tasksPerSecond(arm)} (${runsOf(arm)})` : tasksPerSecond(arm);
      return `| ${row.name} | ${row.tasks} | ${libraryCell(row, withRuns(lib))} | ${withRuns(raw)} | ${tasksPerSecond(reference)} | ${ratio(quotient(lib?.tasksPerSecond, raw?.tasksPerSecond))} | ${ratio(quotient(raw?.tasksPerSecond, reference?.tasksPerSecond))} | ${ratio(quotient(lib?.tasksPerSecond, reference?.tasksPerSecond))} | ${libraryCell(row, cpu(lib))} | ${cpu(raw)} | ${cpu(reference)} |`;
    }),
    '',
    'Latency: one task at a time, trigger to result, the arms taking turns task by task. Milliseconds, p50 / p95 / p99.',
    '',
    '| lever | runs | library | raw | reference | library / raw p50 | raw / reference p50 | library / reference p50 | eager starts, raw |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...table.map((row) => {
      const lib = latencyOf(row, 'library');
      const raw = latencyOf(row, 'raw');
      const reference = latencyOf(row, 'reference');
      return `| ${row.name} | ${raw?.runs ?? 0} | ${libraryCell(row, percentiles(lib))} | ${percentiles(raw)} | ${percentiles(reference)} | ${ratio(quotient(lib?.p50, raw?.p50))} | ${ratio(quotient(raw?.p50, reference?.p50))} | ${ratio(quotient(lib?.p50, reference?.p50))} | ${raw?.eagerStarts ?? 0} / ${raw?.runs ?? 0} |`;
    }),
    '',
    'What each lever sets:',
    '',
    ...table.map((row) => `- **${row.name}**: ${row.setting}.${row.libraryChange ? ` Library change needed: ${row.libraryChange}.` : ''}`),
    '',
  ];
}

function overheads(result: ComparisonResult): string[] {
  const reference = result.arms.reference;
  const extras = Object.entries(result.arms).filter(([name]) => name !== 'reference' && name !== 'library');
  const rows: Array<[string, string, ArmThroughput | undefined, LatencySummary | undefined]> = [
    ['nothing: the raw SDK (the reference)', '', reference?.throughput, reference?.latency],
    ...extras.map(([name, arm]): [string, string, ArmThroughput, LatencySummary] => [
      OVERHEAD_LABELS[name] ?? name,
      OVERHEAD_CHANGES[name] ?? '',
      arm.throughput,
      arm.latency,
    ]),
    ['*the library itself*', '', result.arms.library?.throughput, result.arms.library?.latency],
  ];
  return [
    "## Where the library's extra cost goes",
    '',
    'What the library asks of the server for every task beyond one activity, added to the raw side one item at a time; the',
    `arms (and the library itself) take turns, ${result.arms.reference?.throughput.runs.length ?? 0} throughput runs of ${result.tasks} tasks each, and the factors are`,
    'against the plain raw SDK measured alongside.',
    '',
    '| raw SDK with | tasks/s | vs reference | CPU ms/task | vs reference | latency p50 / p95 / p99 ms | p50 vs reference | what shedding it would take |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
    ...rows.map(
      ([label, change, throughput, latency]) =>
        `| ${label} | ${tasksPerSecond(throughput)} | ${times(throughput?.tasksPerSecond, reference?.throughput.tasksPerSecond)} | ${cpu(throughput)} | ${times(cpuTotal(throughput), cpuTotal(reference?.throughput))} | ${percentiles(latency)} | ${times(latency?.p50, reference?.latency.p50)} | ${change} |`,
    ),
    '',
    ...OVERHEADS.filter((overhead) => overhead.id in result.arms).map((overhead) => `- **${overhead.name}**: ${overhead.setting}.`),
    '',
  ];
}

const OVERHEAD_LABELS: Record<string, string> = Object.fromEntries(OVERHEADS.map((overhead) => [overhead.id, overhead.name.toLowerCase()]));
const OVERHEAD_CHANGES: Record<string, string> = Object.fromEntries(
  OVERHEADS.map((overhead) => [overhead.id, overhead.libraryChange ?? '']),
);

function scale({ scale: rows }: BenchResults): string[] {
  return [
    '## Scale',
    '',
    'Baseline throughput as the number of tasks triggered at once grows (`BENCH_SCALE=1000,5000,20000 npm run bench`).',
    '',
    '| tasks | library tasks/s | raw tasks/s | library / raw | library s | raw s | CPU ms/task library | CPU ms/task raw |',
    '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...rows.map(
      (row) =>
        `| ${row.tasks} | ${fixed(row.library.tasksPerSecond)} | ${fixed(row.raw.tasksPerSecond)} | ${ratio(row.ratio)} | ${fixed(row.library.ms / 1000)} | ${fixed(row.raw.ms / 1000)} | ${cpuParts(row.library.cpuMsPerTask)} | ${cpuParts(row.raw.cpuMsPerTask)} |`,
    ),
    '',
  ];
}

const STARTUP_LABELS: Record<string, string> = {
  'library-prebuilt': 'library, prebuilt bundle',
  'library-bundling': 'library, bundling at start-up',
  'raw-prebuilt': 'raw SDK worker, prebuilt bundle',
};

function startup({ startup: rows }: BenchResults): string[] {
  return [
    '## Start-up',
    '',
    "Each start in a fresh child process, so the library's per-process bundle cache is cold. Timed from",
    '`NestFactory.createApplicationContext` (raw: `NativeConnection.connect`) until the app is initialised and the worker',
    'is `RUNNING`. "Since process start" adds loading the modules (compiled JavaScript).',
    '',
    '| mode | median ms | runs (ms) | median since process start (ms) |',
    '| --- | ---: | --- | ---: |',
    ...rows.map(
      (row) =>
        `| ${STARTUP_LABELS[row.mode] ?? row.mode} | ${row.medianMs.toFixed(0)} | ${row.runs.map((run) => run.ms.toFixed(0)).join(', ')} | ${row.medianSinceProcessStartMs.toFixed(0)} |`,
    ),
    '',
  ];
}

function memory({ memory: rows, settings }: BenchResults): string[] {
  const { memoryTasks, memorySleepMs } = settings.config;
  return [
    '## Memory',
    '',
    'The worker runs in a child process of its own (a Nest app with the Runner, or a raw SDK worker); the bench process',
    `triggers ${memoryTasks} tasks that sleep ${memorySleepMs} ms each, all at once, and waits for them. The worker has as many activity`,
    'slots as there are tasks. RSS is sampled every 100 ms. The floor is the child before it loads Nest, Temporal or the',
    'library (Node itself).',
    '',
    '| side | floor RSS MB | idle RSS MB | under load: peak RSS MB | median RSS MB | peak heap used MB | all done in s | CPU ms/task worker + server |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...rows.map(
      (row) =>
        `| ${row.side} | ${row.floorRssMb.toFixed(0)} | ${row.idleRssMb.toFixed(0)} | ${row.load.peakRssMb.toFixed(0)} | ${row.load.medianRssMb.toFixed(0)} | ${row.load.peakHeapUsedMb.toFixed(0)} | ${fixed(row.load.ms / 1000)} | ${cpuParts({ bench: row.load.cpuMsPerTask.worker, server: row.load.cpuMsPerTask.server })} |`,
    ),
    '',
  ];
}

function running(): string[] {
  return [
    '## Running it',
    '',
    '```sh',
    'npm run bench                                   # the defaults above, on a dev server the bench starts',
    'npm run bench -- --n=1000 --latency-runs=200    # flags, or the same as BENCH_N, BENCH_LATENCY_RUNS, ...',
    'BENCH_SCALE=1000,5000,20000 npm run bench       # a longer scale series',
    'TEMPORAL_ADDRESS=host:7233 npm run bench        # an existing server (the library registers its search attributes)',
    '```',
    '',
    'Flags: `--n`, `--lever-n`, `--repeats`, `--latency-runs`, `--lever-latency-runs`, `--scale`, `--memory-tasks`,',
    '`--memory-sleep-ms`, `--startup-runs`, `--payload-bytes`, `--large-payload-bytes`, `--warmup`. Compare runs made on the',
    'same machine, and mind the load average recorded with each: other work on the machine slows both sides.',
    '',
  ];
}
