import { REPO_ROOT } from './paths';
import { join } from 'node:path';
import { LIKE_FOR_LIKE, MAIN_ARMS } from './arms';
import { controlsSection, type ControlsReportInput } from './controls-report';
import { figures } from './figures';
import { goalRows } from './goals';
import type { ArmResult, LeverResult } from './measure/arms';
import { change, fixed, quotient, ratio, times, verdict } from './report-format';
import type { BenchResults } from './results';
import { writeFormatted } from './write-formatted';

export const PERFORMANCE_DOC = join(REPO_ROOT, 'docs', 'performance.md');

/**
 * Writes docs/performance.md from the main suite's results and the controls suite's (each the latest of its suite:
 * either may come from an earlier run than the other).
 */
export function writeReport(results: BenchResults, resultsFile: string, controls: ControlsReportInput | undefined, path = PERFORMANCE_DOC): Promise<void> {
  return writeFormatted(path, renderReport(results, resultsFile, controls));
}

export function renderReport(results: BenchResults, resultsFile: string, controls?: ControlsReportInput): string {
  return [
    ...intro(results, resultsFile),
    ...goals(results),
    ...reach(results),
    ...transferWait(results),
    ...levers(results),
    ...arms(results),
    ...histories(results),
    ...serverWork(results),
    ...startup(results),
    ...memory(results),
    ...controlsSection(controls),
    ...machineAndSettings(results),
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
    'dev server. Every task is a workflow that runs one no-op iteration (an activity), triggered and awaited from the',
    "process that runs the worker. Each arm runs in processes of its own (bench/arm-child.ts): its CPU time and memory",
    "are its own, and nothing carries over from another arm. The raw side bundles its own workflows (bench/raw/) with the",
    "library's default retry policy and timeouts, and runs with the SDK's worker defaults (the Runner's slot counts are",
    'the same).',
    '',
    `Results of this run: \`${resultsFile}\` (and \`bench/results/latest.json\`), started ${results.startedAt}, ${(results.durationSeconds / 60).toFixed(1)} minutes in all.`,
    `The machine's load average was ${results.machine.loadAverage.start.join(', ')} at the start and ${results.machine.loadAverage.end?.join(', ') ?? '?'} at the end`,
    '(1, 5, 15 minutes, on 2 cores): other work shares the machine, and times (tasks per second, CPU time per task) move',
    'with it; counts (events, bytes) do not.',
    '',
  ];
}

function goals(results: BenchResults): string[] {
  const rows = goalRows(results);
  const met = rows.filter((row) => row.met === true).length;
  const measured = rows.filter((row) => row.met !== undefined).length;
  return [
    '## Goals (issue 12)',
    '',
    `${met} of ${measured} measured rows met. "Defaults" are each side's own: the library's Runner starts tasks eagerly and`,
    'runs iterations as regular activities; the raw SDK starts workflows through the task queue. "Like for like" pairs a',
    'library arm with the raw SDK making the same choices. `local: true` is the opt-in local-iteration mode of a',
    'definition. Server CPU is the dev server process\'s CPU time over the throughput runs, per task; server DB requests',
    "count the same work without the machine's noise (the server's persistence requests, from its metrics: see \"What",
    'the server does per task"); the history is read back from Temporal.',
    '',
    '| goal | compared | library | raw | library / raw | target | |',
    '| --- | --- | ---: | ---: | ---: | --- | --- |',
    ...rows.map(
      (row) =>
        `| ${row.goal} | ${row.comparison} | ${fixed(row.library, row.unit === 'events' ? 0 : row.unit === 's' ? 2 : 1)} ${row.unit} | ${fixed(row.raw, row.unit === 'events' ? 0 : row.unit === 's' ? 2 : 1)} ${row.unit} | ${row.unit === 's' ? '–' : ratio(row.value)} | ${row.target} | ${verdict(row.met)} |`,
    ),
    '',
  ];
}

/**
 * How far each choice goes for the raw SDK itself, on the same server in the same run: the bound a goal row meets
 * whatever a library adds on top. Read from the main arms and the upgrade-guard lever.
 */
function reach({ main, levers: rows, settings }: BenchResults): string[] {
  const raw = main.raw;
  const p50 = (id: string): string => ratio(quotient(figures.p50(main[id]), figures.p50(raw)));
  const pace = (id: string): string =>
    settings.config.sizes.map((tasks) => `${ratio(quotient(figures.tasksPerSecond(main[id], tasks), figures.tasksPerSecond(raw, tasks)))} at ${tasks}`).join(', ');
  const guard = rows.find((row) => row.id === 'local-patch')?.pairs[0];
  const first = settings.config.sizes[0];
  const spread = widestCpuSpread(main, first!);
  const tasks = rows.find((row) => row.id === 'local-patch')?.tasks ?? 0;
  return [
    '### What the rows not met would take',
    '',
    "The raw SDK's own arms, against the raw SDK's defaults, bound what any code on top of it reaches here:",
    '',
    `- **p50 <= 0.50**: the raw SDK with eager start is at ${p50('raw-eager')}, with a local activity as well at ${p50('raw-local')}. Once the`,
    "  40 ms wait is gone, a task's time is Temporal's own round trips (a start, an activity, a second workflow task),",
    '  so with regular activities no arm comes near 0.50: only local iterations can, and the bound they give is close',
    "  to the target itself. The library's defaults (regular activities) do not reach it; `local: true` comes closest.",
    `- **throughput >= 1.30 against raw defaults**: the raw SDK with eager start is at ${pace('raw-eager')}; with a local activity`,
    `  at ${pace('raw-local')}. Eager start alone does not pay under a burst (a start is eager only while the worker has a free`,
    '  workflow task slot), so only local iterations get there.',
    `- **local: true like for like**: the upgrade guard (lever below) costs the raw local workflow ${change(figures.events(guard?.reference), figures.events(guard?.arm), 0)} events,`,
    `  ${change(figures.serverRequests(guard?.reference, tasks), figures.serverRequests(guard?.arm, tasks))} DB requests, ${change(figures.serverCpu(guard?.reference, tasks), figures.serverCpu(guard?.arm, tasks))} ms of server CPU and ${times(figures.tasksPerSecond(guard?.arm, tasks), figures.tasksPerSecond(guard?.reference, tasks))} of its tasks per second (${tasks} tasks): its`,
    "  marker and search attribute ride on the workflow task's completion, one write either way. The library keeps it:",
    "  without it, a task triggered with `local: true` by a new process while an older Runner still runs its first",
    '  workflow task (a rolling upgrade that also turns the option on) would fail to replay on a new Runner and stay stuck',
    '  there. See [Upgrading](management.md#upgrading).',
    `- **CPU and tasks per second like for like**: the server's DB requests per task are the raw SDK's (${first} tasks: library`,
    `  ${fixed(figures.serverRequests(main.library, first!), 2)} and raw with eager start ${fixed(figures.serverRequests(main['raw-eager'], first!), 2)}; \`local: true\` ${fixed(figures.serverRequests(main['library-local'], first!), 2)} and the raw local activity ${fixed(figures.serverRequests(main['raw-local'], first!), 2)}), while one arm's server CPU per task`,
    `  moved ${spread.text} between its runs of this bench: ${spread.arm}. Ratios of CPU and tasks per second`,
    '  within that spread say more about the machine at the moment than about either side.',
    '',
  ];
}

/** The main arm whose server CPU per task moved most between its throughput runs at `tasks`, in words. */
function widestCpuSpread(main: BenchResults['main'], tasks: number): { text: string; arm: string } {
  let widest = { factor: 1, text: '–', arm: '–' };
  for (const arm of MAIN_ARMS) {
    const cpu = (main[arm.id]?.throughput[tasks] ?? []).flatMap((run) => (run.serverCpuMsPerTask === undefined ? [] : [run.serverCpuMsPerTask]));
    if (cpu.length < 2) continue;
    const [low, high] = [Math.min(...cpu), Math.max(...cpu)];
    if (high / low > widest.factor) widest = { factor: high / low, text: `×${(high / low).toFixed(2)}`, arm: `${arm.label}, ${cpu.map((ms) => fixed(ms)).join(', ')} ms` };
  }
  return { text: widest.text, arm: widest.arm };
}

function transferWait({ main, levers: rows }: BenchResults): string[] {
  const transfer = rows.find((row) => row.id === 'transfer-reads');
  const waits = (arm: ArmResult | undefined): string => arm?.histories?.workflowTaskWaitsMs.map((wait) => fixed(wait)).join(', ') ?? '–';
  return [
    '## The 40 ms wait',
    '',
    "Before this run's changes, each workflow task dispatched through a task queue waited about 40 ms between being",
    'scheduled and being handed to a worker, on both sides. Its cause is in the server, not in the worker or its',
    "sockets (gRPC sets `TCP_NODELAY` on both ends): a workflow task reaches matching through the history shard's",
    'transfer queue, and a shard reads that queue at most `history.transferProcessorMaxPollRPS` times a second (20 by',
    'default, a token bucket). A dev server has one shard, so as soon as tasks come one after another (three reads each:',
    'the start, the second workflow task, the close) every read waits its turn, 50 ms apart. With a pause between tasks',
    'the bucket refills and the wait disappears, which is why it looked like a fixed delay. The library starts its dev',
    'servers (`TemporalDevServer`: the tests, the example app, this bench) with 1 000 reads a second',
    "(`DEV_SERVER_DYNAMIC_CONFIG`); reads follow new work, so the higher cap costs nothing when idle. A cluster spreads",
    'the queue over its shards (4 in the compose stack), each with its own 20 reads a second: see',
    '[Running in production](management.md#running-in-production).',
    '',
    "Median wait of each workflow task, scheduled to started, read from the tasks' histories (ms; the first of an eager",
    "start is 0), and the latency the arm's one-at-a-time tasks saw:",
    '',
    '| arm | waits, stock dev server | waits, library dev server | p50 trigger to result, stock → library dev server |',
    '| --- | ---: | ---: | ---: |',
    ...(transfer
      ? transfer.pairs.map(
          (pair) => `| ${pair.reference.arm.label} | ${waits(pair.arm)} | ${waits(pair.reference)} | ${change(pair.arm.latency?.p50, pair.reference.latency?.p50)} ms |`,
        )
      : ['| (not measured in this run: TEMPORAL_ADDRESS was set) | | | |']),
    '',
    `In the main arms (library dev server): ${MAIN_ARMS.map((arm) => `${arm.id} ${waits(main[arm.id])}`).join('; ')}.`,
    '',
  ];
}

function levers({ levers: rows }: BenchResults): string[] {
  return [
    '## Levers',
    '',
    'Each lever against the arms it changes, all in fresh processes, next to each other: latency taking turns task by',
    'task, then one throughput run per arm of the tasks shown, at once. Figures read reference → with the lever. Local',
    'iterations are measured by the main arms (next section): `library-local` against `library`, `raw-local` against',
    '`raw-eager`.',
    '',
    '| lever | arm | tasks | tasks/s | ×tasks/s | server CPU ms/task | server DB requests/task | app CPU ms/task | p50 ms | events | eager starts | RSS after MB | kept? |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
    ...rows.flatMap((row) =>
      row.pairs.map(({ reference: ref, arm: lever }) => {
        const tasks = row.tasks;
        const eager = (arm: ArmResult): number | undefined => arm.throughput[tasks]?.[0]?.eagerStarts;
        return `| ${row.name} | ${ref.arm.label} | ${tasks} | ${change(figures.tasksPerSecond(ref, tasks), figures.tasksPerSecond(lever, tasks))} | ${times(figures.tasksPerSecond(lever, tasks), figures.tasksPerSecond(ref, tasks))} | ${change(figures.serverCpu(ref, tasks), figures.serverCpu(lever, tasks))} | ${change(figures.serverRequests(ref, tasks), figures.serverRequests(lever, tasks))} | ${change(figures.appCpu(ref, tasks), figures.appCpu(lever, tasks))} | ${change(figures.p50(ref), figures.p50(lever))} | ${change(figures.events(ref), figures.events(lever), 0)} | ${change(eager(ref), eager(lever), 0)} | ${change(ref.memoryAfterRun?.now.rssMb, lever.memoryAfterRun?.now.rssMb, 0)} | ${row.verdict} |`;
      }),
    ),
    '',
    'What each lever sets:',
    '',
    ...rows.map((row: LeverResult) => `- **${row.name}**: ${row.setting}.`),
    '',
  ];
}

function arms({ main, settings }: BenchResults): string[] {
  const sizes = settings.config.sizes;
  return [
    '## The arms',
    '',
    'Throughput: tasks triggered at once (up to 1 000 start calls in flight), tasks per second from the first trigger to',
    `the last result. At ${sizes[0]} tasks every arm is up at once and the arms take turns (A B C … C B A, ${settings.config.repeats} runs each); at`,
    'each larger size each arm runs in a process started for it (warmed up first), the order turning with the size.',
    'CPU per task: the arm\'s own processes (client and worker, JavaScript and the SDK\'s Rust threads), and the dev server\'s.',
    "DB requests per task: the server's persistence requests for the namespace (its metrics), which do not move with the",
    "machine's load as CPU time does.",
    '',
    '| arm | tasks | runs (tasks/s) | median tasks/s | CPU ms/task app + server | server DB requests/task | eager starts |',
    '| --- | ---: | --- | ---: | ---: | ---: | ---: |',
    ...MAIN_ARMS.flatMap((arm) =>
      sizes.flatMap((tasks) => {
        const result = main[arm.id];
        const runs = result?.throughput[tasks];
        if (!runs?.length) return [];
        const app = figures.appCpu(result, tasks);
        const server = figures.serverCpu(result, tasks);
        return [
          `| ${arm.label} | ${tasks} | ${runs.map((run) => run.tasksPerSecond.toFixed(1)).join(', ')} | ${fixed(figures.tasksPerSecond(result, tasks))} | ${fixed(app)} + ${fixed(server)} = ${fixed((app ?? 0) + (server ?? 0))} | ${fixed(figures.serverRequests(result, tasks))} | ${runs.map((run) => run.eagerStarts).join(', ')} |`,
        ];
      }),
    ),
    '',
    'Latency: one task at a time, trigger to result, the arms taking turns task by task.',
    '',
    '| arm | runs | p50 ms | p95 ms | p99 ms | mean ms | eager starts | p50 / raw defaults |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...MAIN_ARMS.map((arm) => {
      const latency = main[arm.id]?.latency;
      return `| ${arm.label} | ${latency?.runs ?? 0} | ${fixed(latency?.p50)} | ${fixed(latency?.p95)} | ${fixed(latency?.p99)} | ${fixed(latency?.mean)} | ${latency?.eagerStarts ?? 0} | ${ratio(quotient(latency?.p50, main.raw?.latency?.p50))} |`;
    }),
    '',
  ];
}

function histories({ main }: BenchResults): string[] {
  return [
    '## What each task leaves in Temporal',
    '',
    'Read back from the server (`GetWorkflowExecutionHistory`) for the last tasks of the latency runs: events, and bytes',
    'as the server sends them (protobuf), the start event (input, memo, search attributes, summary) on its own.',
    '',
    '| arm | events | history bytes | start event bytes | event types |',
    '| --- | ---: | ---: | ---: | --- |',
    ...MAIN_ARMS.map((arm) => {
      const stats = main[arm.id]?.histories;
      return `| ${arm.label} | ${stats?.events ?? '–'} | ${stats?.bytes ?? '–'} | ${stats?.startEventBytes ?? '–'} | ${stats?.eventTypes.map(shortEventName).join(' ') ?? '–'} |`;
    }),
    '',
    ...historyComparison(main),
    "Besides, the library's start carries the definition's search attribute (`TaskDefinition`, for `list()` and the Web",
    "UI) and the title as the summary. With `local: true` its workflow records `patched()` (a marker, and the SDK's",
    '`TemporalChangeVersion` search attribute), which lets a task that a worker of an earlier version began as regular',
    'activities carry on as it began (see [Upgrading](management.md#upgrading)).',
    '',
  ];
}

/** Each library arm's events against its like-for-like raw arm's, said from the figures rather than claimed. */
function historyComparison(main: BenchResults['main']): string[] {
  return Object.entries(LIKE_FOR_LIKE).flatMap(([libraryId, rawId]) => {
    const [library, raw] = [MAIN_ARMS.find((arm) => arm.id === libraryId), MAIN_ARMS.find((arm) => arm.id === rawId)];
    const [ours, theirs] = [main[libraryId]?.histories?.events, main[rawId]?.histories?.events];
    if (!library || !raw || ours === undefined || theirs === undefined) return [];
    const difference = ours === theirs ? 'as many events as' : `${Math.abs(ours - theirs)} ${ours > theirs ? 'more' : 'fewer'} events than`;
    return [`- ${library.label}: ${ours} events per task, ${difference} ${raw.label} (${theirs}).`];
  }).concat(['']);
}

const SHORT_NAMES: Record<string, string> = {
  WORKFLOW_EXECUTION_STARTED: 'WfStarted',
  WORKFLOW_EXECUTION_COMPLETED: 'WfCompleted',
  WORKFLOW_TASK_SCHEDULED: 'WftScheduled',
  WORKFLOW_TASK_STARTED: 'WftStarted',
  WORKFLOW_TASK_COMPLETED: 'WftCompleted',
  ACTIVITY_TASK_SCHEDULED: 'ActScheduled',
  ACTIVITY_TASK_STARTED: 'ActStarted',
  ACTIVITY_TASK_COMPLETED: 'ActCompleted',
  MARKER_RECORDED: 'Marker',
  UPSERT_WORKFLOW_SEARCH_ATTRIBUTES: 'UpsertSA',
};

function serverWork({ main, settings }: BenchResults): string[] {
  const [tasks] = settings.config.sizes;
  const byArm = MAIN_ARMS.map((arm) => figures.serverRequestsByOperation(main[arm.id], tasks!));
  const operations = [...new Set(byArm.flatMap((counts) => Object.keys(counts)))].sort();
  if (operations.length === 0) return [];
  return [
    '## What the server does per task',
    '',
    `The server's persistence requests for the namespace per task, by service and operation, over the throughput runs at ${tasks} tasks`,
    "(averaged over the runs; from the server's `persistence_requests` metric), and the transfer and visibility tasks its",
    "history service ran (`history task/`, from its `operation` metric by task type; timer tasks fire when due, mostly",
    "after a run, and are left out). Read after the server's metrics have reported (once a second); fractions come from",
    'work shared between tasks (a task queue backlog read in pages). **all** sums the persistence requests.',
    '',
    `| service/operation | ${MAIN_ARMS.map((arm) => arm.label).join(' | ')} |`,
    `| --- | ${MAIN_ARMS.map(() => '---:').join(' | ')} |`,
    ...operations.map((operation) => `| ${operation} | ${byArm.map((counts) => fixed(counts[operation], 2)).join(' | ')} |`),
    `| **all** | ${MAIN_ARMS.map((arm) => fixed(figures.serverRequests(main[arm.id], tasks!), 2)).join(' | ')} |`,
    '',
  ];
}

function shortEventName(name: string): string {
  return SHORT_NAMES[name] ?? name;
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
    'Each start in a fresh process, so nothing is cached. Timed from `NestFactory.createApplicationContext` (raw:',
    '`NativeConnection.connect`) to the worker polling, and to the result of a first task triggered at once (the library',
    'starts it eagerly, its default; the raw client through a connection of its own, the SDK\'s). "Since process start"',
    'adds loading the modules (compiled JavaScript).',
    '',
    '| mode | to polling, median ms | to first task done, median ms | runs (ms to first task) | since process start, median ms |',
    '| --- | ---: | ---: | --- | ---: |',
    ...rows.map(
      (row) =>
        `| ${STARTUP_LABELS[row.mode] ?? row.mode} | ${row.medianToPollingMs.toFixed(0)} | ${row.medianToFirstTaskMs.toFixed(0)} | ${row.runs.map((run) => run.toFirstTaskMs.toFixed(0)).join(', ')} | ${row.medianSinceProcessStartMs.toFixed(0)} |`,
    ),
    '',
  ];
}

function memory({ main }: BenchResults): string[] {
  return [
    '## Memory',
    '',
    "RSS of an arm's process (worker and client) right after its largest throughput run, in a process started for that",
    'run, and after a full garbage collection and a second of quiet. A completed workflow leaves the worker\'s cache at',
    "once; what stays is V8's heap, grown during the burst, and the native allocations of the SDK's core, which the",
    'allocator keeps for reuse.',
    '',
    "Eager start is the costly part of a burst in memory: every start sent through the worker's own (native)",
    "connection, eager or not, is carried by the SDK's core, and 5 000 of them (1 000 at a time) grew a process by",
    'about 300 MB at its peak (measured with the raw SDK and the library alike), much of which it kept. A start can be eager only',
    "while the worker has a free workflow task slot, so the library's trigger sends no more starts that way at once",
    "than the Runner has slots, and the rest through the module's gRPC connection, as the raw SDK's defaults send all",
    'of them. The raw SDK with eager start sends every start through the native connection.',
    '',
    '| arm | tasks | RSS MB | heap used MB | RSS after GC MB | heap used after GC MB |',
    '| --- | ---: | ---: | ---: | ---: | ---: |',
    ...MAIN_ARMS.flatMap((arm) => {
      const after = main[arm.id]?.memoryAfterRun;
      if (!after) return [];
      return [`| ${arm.label} | ${after.tasks} | ${after.now.rssMb.toFixed(0)} | ${after.now.heapUsedMb.toFixed(0)} | ${after.afterGc.rssMb.toFixed(0)} | ${after.afterGc.heapUsedMb.toFixed(0)} |`];
    }),
    '',
  ];
}

function machineAndSettings({ machine, versions, settings }: BenchResults): string[] {
  const { config } = settings;
  const dynamic = (values: Record<string, unknown> | undefined): string =>
    Object.entries(values ?? {})
      .map(([key, value]) => `\`${key}=${String(value)}\``)
      .join(', ') || "the server's own";
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
    `| Temporal server | ${versions.server}${settings.servers.main.startedByBench ? `, dev servers started by the bench (${versions.cli ?? 'temporal CLI'})` : ', at TEMPORAL_ADDRESS'} |`,
    `| main dev server's dynamic config | ${dynamic(settings.servers.main.dynamicConfig)} |`,
    `| stock dev server's dynamic config | ${settings.servers.stock ? dynamic(settings.servers.stock.dynamicConfig) : 'not started'} |`,
    `| main dev server's CPU while idle | ${fixed(settings.serverIdleCpuMsPerSecond)} ms a second (in every server CPU figure, for the run's duration) |`,
    `| NestJS core | ${versions.nestCore} |`,
    `| library | ${versions.library}${versions.gitCommit ? ` at ${versions.gitCommit}` : ''} |`,
    `| raw activity options | \`${JSON.stringify(settings.activity)}\` |`,
    `| task input | ${config.payloadBytes} B of JSON |`,
    `| main arms | ${config.sizes.join(', ')} tasks at once; ${config.repeats} runs per arm at ${config.sizes[0]}, ${config.largeRepeats} at larger sizes (arms: ${config.largeArms === 'all' ? 'all' : config.largeArms.join(', ')}); latency over ${config.latencyRuns} tasks per arm; ${config.warmup} tasks of warm-up per process |`,
    `| levers | ${config.leverTasks} tasks at once, 1 run per arm; latency over ${config.leverLatencyRuns} tasks per arm |`,
    `| start-up | ${config.startupRuns} fresh processes per mode |`,
    `| bundling in the bench process | library ${settings.bundleMs.library.toFixed(0)} ms, raw ${settings.bundleMs.raw.toFixed(0)} ms |`,
    '',
  ];
}

function running(): string[] {
  return [
    '## Running it',
    '',
    '```sh',
    'npm run bench                                          # the defaults above, on dev servers the bench starts',
    'npm run bench -- --sizes=1000,5000,20000 --large-arms=all  # flags, or the same as BENCH_SIZES, BENCH_LARGE_ARMS, ...',
    'TEMPORAL_ADDRESS=host:7233 npm run bench               # an existing server (no stock-server lever then)',
    'npm run bench -- --suite=controls                      # only the trigger controls and watching rows (a few minutes)',
    'npm run bench -- --suite=controls --controls=watch --watch-seconds=5  # one row, small',
    'npm run bench -- --suite=controls --controls=waiting,send --waiting-tasks=100 --waiting-latency-runs=5 --send-runs=5  # small',
    '```',
    '',
    'Flags: `--sizes`, `--repeats`, `--large-repeats`, `--large-arms`, `--latency-runs`, `--lever-tasks`,',
    '`--lever-latency-runs`, `--history-samples`, `--startup-runs`, `--warmup`, `--payload-bytes`. Compare runs made on the',
    'same machine, and mind the load average recorded with each: other work on the machine slows both sides.',
    '',
    '`--suite` picks what runs: `main` (every section above but one), `controls` (the "Trigger controls and watching"',
    'section), or both (the default). Each suite writes results of its own (`bench/results/<start>.json` and `latest.json`;',
    '`bench/results/controls-<start>.json` and `controls-latest.json`), and the page is rendered from the latest of each,',
    'so a run of one suite keeps the other\'s figures. Flags of the controls suite: `--controls` (row ids:',
    '`triggerMany`, `watch`, `waiting`, `send`; default all), `--trigger-many-items` (10 000), `--trigger-many-concurrency`',
    "(triggerMany's default), `--trigger-many-repeats` (2: A B B A), `--watch-tasks` (100), `--watch-watchers` (100),",
    "`--watch-seconds` (20), `--watch-interval-ms` (250, the poll interval measured besides the module's default),",
    '`--waiting-tasks` (1 000), `--waiting-slots` (10), `--waiting-latency-runs` (20 per phase), `--send-runs` (50 per',
    'process), `--send-repeats` (2: A B C C B A).',
    '',
  ];
}
