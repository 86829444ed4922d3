import { figures } from './figures';
import type { BenchResults } from './results';

/** One row of the goal table: a figure of a library arm against a raw arm, and whether it meets the target. */
export interface GoalRow {
  goal: string;
  /** Which arms are compared, in words. */
  comparison: string;
  library?: number;
  raw?: number;
  /** library / raw, or the library's figure alone for an absolute target. */
  value?: number;
  /** The target, in words, e.g. `<= 1.00`. */
  target: string;
  /** undefined when this run did not measure it. */
  met?: boolean;
  unit: string;
}

const PAIRS = {
  defaults: { library: 'library', raw: 'raw', words: 'library defaults / raw SDK defaults' },
  like: { library: 'library', raw: 'raw-eager', words: 'library defaults / raw SDK with eager start (like for like)' },
  localLike: { library: 'library-local', raw: 'raw-local', words: 'library local: true / raw SDK local activity, eager start (like for like)' },
  localDefaults: { library: 'library-local', raw: 'raw', words: 'library local: true / raw SDK defaults' },
} as const;

type Pair = (typeof PAIRS)[keyof typeof PAIRS];

/**
 * The goals of issue 12, read from one run. Each is checked for the library's defaults and for `local: true`, against
 * the raw SDK's defaults and against the raw SDK making the same choices (like for like), where the goal names them.
 */
export function goalRows(results: BenchResults): GoalRow[] {
  const { main, settings, startup } = results;
  const [first] = settings.config.sizes;
  const ratioRow = (goal: string, pair: Pair, figure: (id: string) => number | undefined, target: number, want: 'atMost' | 'atLeast', unit: string): GoalRow => {
    const library = figure(pair.library);
    const raw = figure(pair.raw);
    const value = library === undefined || raw === undefined || raw === 0 ? undefined : library / raw;
    return {
      goal,
      comparison: pair.words,
      library,
      raw,
      value,
      target: `${want === 'atMost' ? '<=' : '>='} ${target.toFixed(2)}`,
      met: value === undefined ? undefined : want === 'atMost' ? value <= target : value >= target,
      unit,
    };
  };
  const rows: GoalRow[] = [];
  for (const pair of [PAIRS.defaults, PAIRS.like, PAIRS.localLike, PAIRS.localDefaults]) {
    rows.push(ratioRow(`server CPU per task, ${first} tasks at once`, pair, (id) => figures.serverCpu(main[id], first!), 1, 'atMost', 'ms'));
  }
  // The same goal, counted: the server's persistence requests, which do not move with the machine's load.
  for (const pair of [PAIRS.defaults, PAIRS.like, PAIRS.localLike, PAIRS.localDefaults]) {
    rows.push(ratioRow(`server DB requests per task, ${first} tasks at once`, pair, (id) => figures.serverRequests(main[id], first!), 1, 'atMost', 'requests'));
  }
  for (const pair of [PAIRS.defaults, PAIRS.like, PAIRS.localLike, PAIRS.localDefaults]) {
    rows.push(ratioRow('history events per task', pair, (id) => figures.events(main[id]), 1, 'atMost', 'events'));
  }
  for (const tasks of settings.config.sizes) {
    for (const pair of [PAIRS.like, PAIRS.localLike]) rows.push(ratioRow(`throughput, ${tasks} tasks at once`, pair, (id) => figures.tasksPerSecond(main[id], tasks), 1, 'atLeast', 'tasks/s'));
    for (const pair of [PAIRS.defaults, PAIRS.localDefaults]) rows.push(ratioRow(`throughput, ${tasks} tasks at once`, pair, (id) => figures.tasksPerSecond(main[id], tasks), 1.3, 'atLeast', 'tasks/s'));
  }
  for (const pair of [PAIRS.defaults, PAIRS.localDefaults]) rows.push(ratioRow('trigger to result p50, one at a time', pair, (id) => figures.p50(main[id]), 0.5, 'atMost', 'ms'));
  for (const pair of [PAIRS.defaults, PAIRS.localDefaults]) rows.push(ratioRow('trigger to result p99, one at a time', pair, (id) => figures.p99(main[id]), 1, 'atMost', 'ms'));
  // The same, both sides on a stock dev server, where the raw SDK still pays the 40 ms wait (the transfer-reads lever).
  const stock = Object.fromEntries((results.levers.find((lever) => lever.id === 'transfer-reads')?.pairs ?? []).map((pair) => [pair.reference.arm.id, pair.arm]));
  for (const [p, target] of [['p50', 0.5], ['p99', 1]] as const) {
    for (const pair of [PAIRS.defaults, PAIRS.localDefaults]) {
      rows.push(ratioRow(`trigger to result ${p}, one at a time, stock dev server`, pair, (id) => figures[p](stock[id]), target, 'atMost', 'ms'));
    }
  }
  for (const pair of [PAIRS.defaults, PAIRS.localDefaults]) {
    const tasks = main[pair.library]?.memoryAfterRun?.tasks;
    rows.push(ratioRow(`worker RSS after ${tasks ?? '?'} tasks`, pair, (id) => figures.rssAfterRun(main[id]), 1.1, 'atMost', 'MB'));
  }
  const library = startup.find((row) => row.mode === 'library-prebuilt');
  const raw = startup.find((row) => row.mode === 'raw-prebuilt');
  const seconds = library === undefined ? undefined : library.medianToFirstTaskMs / 1000;
  rows.push({
    goal: 'start-up to first task done, prebuilt bundle',
    comparison: 'library defaults (raw SDK alongside, for reference)',
    library: seconds,
    raw: raw === undefined ? undefined : raw.medianToFirstTaskMs / 1000,
    value: seconds,
    target: '<= 0.60 s',
    met: seconds === undefined ? undefined : seconds <= 0.6,
    unit: 's',
  });
  return rows;
}
