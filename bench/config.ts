/**
 * What one bench run measures, read from CLI flags (`npm run bench -- --sizes=1000,5000,20000`) or environment
 * variables (`BENCH_SIZES=...`); a flag wins over its variable. The defaults take about 30 minutes on a 2-core machine
 * that runs other work besides; most of it goes to the throughput runs at 5 000 tasks.
 */
export interface BenchConfig {
  /** Tasks triggered at once in a throughput run, one size after the other. `--sizes` / `BENCH_SIZES` (comma-separated). */
  sizes: number[];
  /** Throughput runs per arm at the first size (the arms alternate A B B A). `--repeats` / `BENCH_REPEATS`. */
  repeats: number;
  /** Throughput runs per arm at every later (larger) size. `--large-repeats` / `BENCH_LARGE_REPEATS`. */
  largeRepeats: number;
  /**
   * The arms run at the later sizes (the first size runs every arm). `--large-arms` / `BENCH_LARGE_ARMS`
   * (comma-separated arm ids, or `all`).
   */
  largeArms: string[] | 'all';
  /** Tasks run one at a time per arm, for the trigger-to-result percentiles. `--latency-runs` / `BENCH_LATENCY_RUNS`. */
  latencyRuns: number;
  /** Tasks triggered at once in each throughput run of a lever. `--lever-tasks` / `BENCH_LEVER_TASKS`. */
  leverTasks: number;
  /** Tasks run one at a time per lever arm. `--lever-latency-runs` / `BENCH_LEVER_LATENCY_RUNS`. */
  leverLatencyRuns: number;
  /** Histories fetched per arm to count events and bytes. `--history-samples` / `BENCH_HISTORY_SAMPLES`. */
  historySamples: number;
  /** Fresh processes per start-up mode. `--startup-runs` / `BENCH_STARTUP_RUNS`. */
  startupRuns: number;
  /** Tasks each arm's process runs (at once, then a few one at a time) before anything is measured. `--warmup` / `BENCH_WARMUP`. */
  warmup: number;
  /** JSON size of the task input, in bytes. `--payload-bytes` / `BENCH_PAYLOAD_BYTES`. */
  payloadBytes: number;
  /**
   * The suites this run measures: `main` (the arms, levers and start-up of the goal table) and `controls` (the rows
   * of bench/controls.ts: trigger controls and watching). `--suite` / `BENCH_SUITE` (comma-separated).
   */
  suites: BenchSuite[];
  /** The rows of the controls suite to measure (ids of `CONTROL_ROWS`), or `all`. `--controls` / `BENCH_CONTROLS`. */
  controls: string[] | 'all';
  /** Items of one `triggerMany` call (and of the raw SDK's starts it is compared with). `--trigger-many-items`. */
  triggerManyItems: number;
  /**
   * Starts in flight at once on both sides; undefined leaves `triggerMany` its own default (the raw SDK then uses that
   * default too). `--trigger-many-concurrency`.
   */
  triggerManyConcurrency?: number;
  /** Runs per side of the triggerMany row, each in a fresh process, the sides alternating A B B A. `--trigger-many-repeats`. */
  triggerManyRepeats: number;
  /** Running tasks watched at once, one watcher each, in one process. `--watch-tasks`. */
  watchTasks: number;
  /** Watchers of one task in the shared-poll figure. `--watch-watchers`. */
  watchWatchers: number;
  /** How long each watch window lasts, in seconds. `--watch-seconds`. */
  watchSeconds: number;
  /** The non-default poll interval the watch row measures besides the module's default, in ms. `--watch-interval-ms`. */
  watchIntervalMs: number;
  /** Tasks left waiting for a message (no timeout) while the waiting row times a task that must run at once. `--waiting-tasks`. */
  waitingTasks: number;
  /** Activity slots of the waiting row's Runner (`runner.maxConcurrentActivityTaskExecutions`). `--waiting-slots`. */
  waitingSlots: number;
  /** Quick tasks timed one at a time in each phase of the waiting row (before, among and after the waiting tasks). `--waiting-latency-runs`. */
  waitingLatencyRuns: number;
  /** Round trips (message to result) timed per process of the send row. `--send-runs`. */
  sendRuns: number;
  /** Fresh processes per side of the send row, the sides taking turns A B B A. `--send-repeats`. */
  sendRepeats: number;
  /** A Temporal server to use instead of starting dev servers (the stock-server lever is then skipped). `TEMPORAL_ADDRESS`. */
  temporalAddress?: string;
}

/** The parts of the bench one run can measure (`--suite`). */
export const BENCH_SUITES = ['main', 'controls'] as const;
export type BenchSuite = (typeof BENCH_SUITES)[number];

const DEFAULTS: Omit<BenchConfig, 'temporalAddress' | 'triggerManyConcurrency'> = {
  sizes: [1000, 5000],
  repeats: 3,
  largeRepeats: 1,
  largeArms: ['library', 'raw', 'raw-eager', 'library-local', 'raw-local'],
  latencyRuns: 100,
  leverTasks: 200,
  leverLatencyRuns: 30,
  historySamples: 10,
  startupRuns: 3,
  warmup: 100,
  payloadBytes: 100,
  suites: [...BENCH_SUITES],
  controls: 'all',
  triggerManyItems: 10_000,
  triggerManyRepeats: 2,
  watchTasks: 100,
  watchWatchers: 100,
  watchSeconds: 20,
  watchIntervalMs: 250,
  waitingTasks: 1000,
  waitingSlots: 10,
  waitingLatencyRuns: 20,
  sendRuns: 50,
  sendRepeats: 2,
};

/** Flags whose config key is not the flag's camelCase. */
const FLAG_KEYS: Readonly<Record<string, string>> = { suite: 'suites' };
/** Flags of optional settings, which have no default. */
const OPTIONAL_FLAGS = ['trigger-many-concurrency'];

export function readBenchConfig(argv: readonly string[] = process.argv.slice(2), env: NodeJS.ProcessEnv = process.env): BenchConfig {
  const flags = new Map<string, string>();
  for (const arg of argv) {
    const match = /^--([a-z-]+)=(.*)$/.exec(arg);
    if (!match) throw new Error(`Unknown argument "${arg}": bench flags look like --sizes=1000,5000 or --latency-runs=200.`);
    flags.set(match[1]!, match[2]!);
  }
  for (const flag of flags.keys()) {
    if (!knownFlags().includes(`--${flag}`)) throw new Error(`Unknown flag --${flag}. Known: ${knownFlags().join(', ')}.`);
  }
  const raw = (flag: string): string | undefined => flags.get(flag) ?? env[`BENCH_${flag.toUpperCase().replace(/-/g, '_')}`];
  const int = (flag: string, fallback: number, min: number): number => {
    const value = raw(flag);
    if (value === undefined || value === '') return fallback;
    const parsed = Number(value);
    if (!Number.isInteger(parsed) || parsed < min) throw new Error(`--${flag} must be a whole number >= ${min}, got "${value}".`);
    return parsed;
  };
  const sizesValue = raw('sizes');
  const sizes =
    sizesValue === undefined || sizesValue === ''
      ? DEFAULTS.sizes
      : sizesValue.split(',').map((part) => {
          const parsed = Number(part.trim());
          if (!Number.isInteger(parsed) || parsed < 1) throw new Error(`--sizes must list whole numbers >= 1, e.g. 1000,5000; got "${sizesValue}".`);
          return parsed;
        });
  const suitesValue = raw('suite');
  const suites =
    suitesValue === undefined || suitesValue === ''
      ? DEFAULTS.suites
      : suitesValue.split(',').map((part) => {
          const suite = part.trim();
          if (!(BENCH_SUITES as readonly string[]).includes(suite)) throw new Error(`--suite lists ${BENCH_SUITES.join(' and/or ')}, comma-separated; got "${suitesValue}".`);
          return suite as BenchSuite;
        });
  const controlsValue = raw('controls');
  const controls = controlsValue === undefined || controlsValue === '' || controlsValue === 'all' ? DEFAULTS.controls : controlsValue.split(',').map((id) => id.trim());
  const concurrencyValue = raw('trigger-many-concurrency');
  const largeArmsValue = raw('large-arms');
  const largeArms =
    largeArmsValue === undefined || largeArmsValue === '' ? DEFAULTS.largeArms : largeArmsValue === 'all' ? 'all' : largeArmsValue.split(',').map((id) => id.trim());
  return {
    sizes,
    repeats: int('repeats', DEFAULTS.repeats, 1),
    largeRepeats: int('large-repeats', DEFAULTS.largeRepeats, 1),
    largeArms,
    latencyRuns: int('latency-runs', DEFAULTS.latencyRuns, 1),
    leverTasks: int('lever-tasks', DEFAULTS.leverTasks, 1),
    leverLatencyRuns: int('lever-latency-runs', DEFAULTS.leverLatencyRuns, 1),
    historySamples: int('history-samples', DEFAULTS.historySamples, 1),
    startupRuns: int('startup-runs', DEFAULTS.startupRuns, 0),
    warmup: int('warmup', DEFAULTS.warmup, 0),
    payloadBytes: int('payload-bytes', DEFAULTS.payloadBytes, 16),
    suites: [...new Set(suites)],
    controls,
    triggerManyItems: int('trigger-many-items', DEFAULTS.triggerManyItems, 1),
    ...(concurrencyValue === undefined || concurrencyValue === '' ? {} : { triggerManyConcurrency: int('trigger-many-concurrency', 0, 1) }),
    triggerManyRepeats: int('trigger-many-repeats', DEFAULTS.triggerManyRepeats, 1),
    watchTasks: int('watch-tasks', DEFAULTS.watchTasks, 1),
    watchWatchers: int('watch-watchers', DEFAULTS.watchWatchers, 1),
    watchSeconds: int('watch-seconds', DEFAULTS.watchSeconds, 1),
    watchIntervalMs: int('watch-interval-ms', DEFAULTS.watchIntervalMs, 1),
    waitingTasks: int('waiting-tasks', DEFAULTS.waitingTasks, 1),
    waitingSlots: int('waiting-slots', DEFAULTS.waitingSlots, 1),
    waitingLatencyRuns: int('waiting-latency-runs', DEFAULTS.waitingLatencyRuns, 1),
    sendRuns: int('send-runs', DEFAULTS.sendRuns, 1),
    sendRepeats: int('send-repeats', DEFAULTS.sendRepeats, 1),
    temporalAddress: env.TEMPORAL_ADDRESS || undefined,
  };
}

const knownFlags = (): string[] => [...Object.keys(DEFAULTS).map((key) => Object.keys(FLAG_KEYS).find((flag) => FLAG_KEYS[flag] === key) ?? toFlag(key).slice(2)), ...OPTIONAL_FLAGS].map((flag) => `--${flag}`);

const toFlag = (key: string): string => `--${key.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)}`;

/** The settings a results file records: the address differs from run to run and says nothing about them. */
export function recordedConfig(config: BenchConfig): Omit<BenchConfig, 'temporalAddress'> {
  const recorded = { ...config };
  delete recorded.temporalAddress;
  return recorded;
}
