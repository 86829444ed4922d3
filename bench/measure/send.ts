import { progress, usedTaskQueue } from '../bench-context';
import type { ControlsContext } from '../controls';
import { withControlsProcess } from '../controls-process';
import { alternatingOrder, median, summarizeSamples, type SampleSummary } from './stats';

/** The sides of the send row: the library's `send`, a raw signal (what `send` is made of), a raw Update (for reference). */
export const SEND_SIDES = ['library', 'raw-signal', 'raw-update'] as const;
export type SendSide = (typeof SEND_SIDES)[number];

/** One fresh process's round trips. */
export interface SendRun extends SampleSummary {
  side: SendSide;
  /** Every round trip's time, from the message's call until `result()` resolved, in ms. */
  ms: number[];
  /** Every round trip's time until the message's call itself resolved (`send`, `signal`, `executeUpdate`), in ms. */
  messageMs: number[];
}

/** The send row: each side's processes, in the order they ran. */
export interface SendResult {
  /** Round trips timed per process. */
  runsPerProcess: number;
  /** Round trips each process made before the timed ones. */
  warmup: number;
  runs: SendRun[];
}

/**
 * `TaskService.send` to `result()` of a task waiting for the message, against the raw SDK: a workflow waiting on
 * `condition()` for a signal (or an Update), then running one activity, timed from `handle.signal()` (or
 * `executeUpdate`) to `handle.result()`. Each run is a fresh process with a worker of its own on a task queue of its
 * own, the sides taking turns (A B C, C B A, ...) on the same server. What precedes the message is not timed: the
 * start, and the wait until the task waits (`get()` says `waiting`; the raw workflow's `describe()` shows its first workflow task done).
 */
export async function measureSend(context: ControlsContext): Promise<SendResult> {
  const { config, servers, bundlePaths } = context;
  const warmup = Math.min(config.warmup, 3);
  const runs: SendRun[] = [];
  for (const side of alternatingOrder(SEND_SIDES, config.sendRepeats)) {
    const taskQueue = usedTaskQueue(context, `controls-send-${side}`);
    const library = side === 'library';
    const setup = { role: 'sender' as const, side: library ? ('library' as const) : ('raw' as const), address: servers.main.address, taskQueue, bundlePath: library ? bundlePaths.library : bundlePaths.raw, payloadBytes: config.payloadBytes };
    const kind = side === 'raw-update' ? ('update' as const) : ('signal' as const);
    const { ms, messageMs } = await withControlsProcess(setup, async (child) => {
      if (warmup > 0) await child.request({ type: 'roundTrips', runs: warmup, kind }, 'roundTrips');
      return child.request({ type: 'roundTrips', runs: config.sendRuns, kind }, 'roundTrips');
    });
    const run: SendRun = { side, ...summarizeSamples(ms), ms, messageMs };
    runs.push(run);
    progress(`  send ${side}: p50 ${run.p50.toFixed(1)} ms, p95 ${run.p95.toFixed(1)} ms over ${run.runs} round trips (the message's call alone: p50 ${median(messageMs).toFixed(1)} ms)`);
  }
  return { runsPerProcess: config.sendRuns, warmup, runs };
}

/** One side's round trips of every process, pooled (`messageMs`: the message's call alone); undefined when the side has none. */
export function sendSide(result: SendResult | undefined, side: SendSide, times: 'ms' | 'messageMs' = 'ms'): SampleSummary | undefined {
  const ms = result?.runs.filter((run) => run.side === side).flatMap((run) => run[times]) ?? [];
  return ms.length === 0 ? undefined : summarizeSamples(ms);
}
