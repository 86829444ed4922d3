/**
 * What one bench run measures, read from CLI flags (`npm run bench -- --n=1000`) or environment variables
 * (`BENCH_N=1000 npm run bench`); a flag wins over its variable. The defaults take 8 to 9 minutes on a 2-core machine
 * that runs other work besides; most of it goes to the levers, the scale series and the memory runs.
 */
export interface BenchConfig {
  /** Tasks per throughput run of the baseline. `--n` / `BENCH_N`. */
  n: number;
  /** Tasks per throughput run of each lever. `--lever-n` / `BENCH_LEVER_N`. */
  leverN: number;
  /** Throughput runs per side for the baseline (alternated library, raw, raw, library, ...). `--repeats` / `BENCH_REPEATS`. */
  repeats: number;
  /** Sequential tasks per side for the baseline's latency percentiles. `--latency-runs` / `BENCH_LATENCY_RUNS`. */
  latencyRuns: number;
  /** Sequential tasks per side for each lever's latency. `--lever-latency-runs` / `BENCH_LEVER_LATENCY_RUNS`. */
  leverLatencyRuns: number;
  /** Task counts of the scale series. `--scale` / `BENCH_SCALE` (comma-separated). */
  scale: number[];
  /** Sleeping tasks in flight while the worker's memory is sampled. `--memory-tasks` / `BENCH_MEMORY_TASKS`. */
  memoryTasks: number;
  /** How long each of those tasks sleeps, in ms. `--memory-sleep-ms` / `BENCH_MEMORY_SLEEP_MS`. */
  memorySleepMs: number;
  /** Fresh child processes per start-up mode. `--startup-runs` / `BENCH_STARTUP_RUNS`. */
  startupRuns: number;
  /** JSON size of the baseline task input, in bytes. `--payload-bytes` / `BENCH_PAYLOAD_BYTES`. */
  payloadBytes: number;
  /** JSON size of the task input in the payload-size lever, in bytes. `--large-payload-bytes` / `BENCH_LARGE_PAYLOAD_BYTES`. */
  largePayloadBytes: number;
  /** Tasks run (concurrently, then sequentially) on each side before anything is measured. `--warmup` / `BENCH_WARMUP`. */
  warmup: number;
  /** A Temporal server to use instead of starting a dev server. `TEMPORAL_ADDRESS`. */
  temporalAddress?: string;
}

const DEFAULTS: Omit<BenchConfig, 'temporalAddress'> = {
  n: 400,
  leverN: 150,
  repeats: 2,
  latencyRuns: 100,
  leverLatencyRuns: 25,
  scale: [250, 500, 1000],
  memoryTasks: 1000,
  memorySleepMs: 2000,
  startupRuns: 3,
  payloadBytes: 100,
  largePayloadBytes: 10 * 1024,
  warmup: 100,
};

export function readBenchConfig(argv: readonly string[] = process.argv.slice(2), env: NodeJS.ProcessEnv = process.env): BenchConfig {
  const flags = new Map<string, string>();
  for (const arg of argv) {
    const match = /^--([a-z-]+)=(.*)$/.exec(arg);
    if (!match) throw new Error(`Unknown argument "${arg}": bench flags look like --n=1000 or --scale=1000,5000,20000.`);
    flags.set(match[1]!, match[2]!);
  }
  const raw = (flag: string): string | undefined => flags.get(flag) ?? env[`BENCH_${flag.toUpperCase().replace(/-/g, '_')}`];
  const int = (flag: string, fallback: number, min: number): number => {
    const value = raw(flag);
    if (value === undefined || value === '') return fallback;
    const parsed = Number(value);
    if (!Number.isInteger(parsed) || parsed < min) throw new Error(`--${flag} must be a whole number >= ${min}, got "${value}".`);
    return parsed;
  };
  const scaleValue = raw('scale');
  const scale =
    scaleValue === undefined || scaleValue === ''
      ? DEFAULTS.scale
      : scaleValue.split(',').map((part) => {
          const parsed = Number(part.trim());
          if (!Number.isInteger(parsed) || parsed < 1)
            throw new Error(`--scale must list whole numbers >= 1, e.g. 1000,5000,20000; got "${scaleValue}".`);
          return parsed;
        });
  for (const flag of flags.keys()) {
    if (flag !== 'scale' && !(toKey(flag) in DEFAULTS))
      throw new Error(`Unknown flag --${flag}. Known: ${Object.keys(DEFAULTS).map(toFlag).join(', ')}.`);
  }
  return {
    n: int('n', DEFAULTS.n, 1),
    leverN: int('lever-n', DEFAULTS.leverN, 1),
    repeats: int('repeats', DEFAULTS.repeats, 1),
    latencyRuns: int('latency-runs', DEFAULTS.latencyRuns, 1),
    leverLatencyRuns: int('lever-latency-runs', DEFAULTS.leverLatencyRuns, 1),
    scale,
    memoryTasks: int('memory-tasks', DEFAULTS.memoryTasks, 1),
    memorySleepMs: int('memory-sleep-ms', DEFAULTS.memorySleepMs, 0),
    startupRuns: int('startup-runs', DEFAULTS.startupRuns, 0),
    payloadBytes: int('payload-bytes', DEFAULTS.payloadBytes, 16),
    largePayloadBytes: int('large-payload-bytes', DEFAULTS.largePayloadBytes, 16),
    warmup: int('warmup', DEFAULTS.warmup, 0),
    temporalAddress: env.TEMPORAL_ADDRESS || undefined,
  };
}

const toKey = (flag: string): string => flag.replace(/-([a-z])/g, (_, letter: string) => letter.toUpperCase());
const toFlag = (key: string): string => `--${key.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)}`;
