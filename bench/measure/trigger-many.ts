import { TRIGGER_MANY_DEFAULT_CONCURRENCY } from '../../src/service/task-trigger-many.options';
import { progress, runTaskQueue } from '../bench-context';
import type { ControlsContext } from '../controls';
import { withControlsProcess } from '../controls-process';
import { alternatingOrder } from './stats';

export type TriggerSide = 'library' | 'raw';

/** One side's many starts, in a process started for them. */
export interface TriggerManyRun {
  side: TriggerSide;
  /** From the call until every start was answered. */
  ms: number;
  acceptedPerSecond: number;
  /** CPU time of the side's process over the call, per item. */
  cpuMsPerItem: number;
  accepted: number;
  refused: number;
  firstError?: string;
  /** Requests the side's process sent during the call, per item, by gRPC method. */
  requestsPerItem: Record<string, number>;
}

/** The triggerMany row: each side's runs, in the order they ran (A B B A ...). */
export interface TriggerManyResult {
  items: number;
  /** Starts in flight at once, on both sides. */
  concurrency: number;
  /** Whether `concurrency` is triggerMany's own default (the library side then passed no option). */
  defaultConcurrency: boolean;
  /** Items each process started before the measured call (a first call, so that nothing measured starts cold). */
  warmup: number;
  runs: TriggerManyRun[];
}

/** The order of the sides over `repeats` rounds: A B, then B A, and so on. */
export function alternatingSides(repeats: number): TriggerSide[] {
  return alternatingOrder<TriggerSide>(['library', 'raw'], repeats);
}

/**
 * `TaskService.triggerMany(definition, items, { concurrency })` in a client-only app against the raw SDK client
 * starting the same workflows at the same concurrency, each run in a fresh process on a task queue of its own with no
 * worker polling it: what is measured is acceptance (every start answered), not execution.
 */
export async function measureTriggerMany(context: ControlsContext): Promise<TriggerManyResult> {
  const { config, servers } = context;
  const concurrency = config.triggerManyConcurrency ?? TRIGGER_MANY_DEFAULT_CONCURRENCY;
  const warmup = Math.min(config.warmup, config.triggerManyItems);
  const runs: TriggerManyRun[] = [];
  for (const side of alternatingSides(config.triggerManyRepeats)) {
    const taskQueue = runTaskQueue(`controls-${side}`);
    context.usedQueues.push(taskQueue);
    const setup = { role: 'trigger' as const, side, address: servers.main.address, taskQueue, payloadBytes: config.payloadBytes };
    const run = await withControlsProcess(setup, async (child) => {
      if (warmup > 0) await child.request({ type: 'triggerMany', items: warmup, concurrency: config.triggerManyConcurrency }, 'triggerMany');
      return child.request({ type: 'triggerMany', items: config.triggerManyItems, concurrency: config.triggerManyConcurrency }, 'triggerMany');
    });
    const result: TriggerManyRun = {
      side,
      ms: run.ms,
      acceptedPerSecond: (run.accepted * 1000) / run.ms,
      cpuMsPerItem: run.cpuMs / config.triggerManyItems,
      accepted: run.accepted,
      refused: run.refused,
      requestsPerItem: Object.fromEntries(Object.entries(run.requests).map(([method, count]) => [method, count / config.triggerManyItems])),
      ...(run.firstError === undefined ? {} : { firstError: run.firstError }),
    };
    runs.push(result);
    progress(
      `  triggerMany ${side}: ${result.accepted} of ${config.triggerManyItems} accepted in ${(run.ms / 1000).toFixed(1)} s, ${result.acceptedPerSecond.toFixed(0)}/s; CPU ${result.cpuMsPerItem.toFixed(2)} ms/item; requests/item ${JSON.stringify(result.requestsPerItem)}${result.firstError ? `; first refusal: ${result.firstError}` : ''}`,
    );
  }
  return { items: config.triggerManyItems, concurrency, defaultConcurrency: config.triggerManyConcurrency === undefined, warmup, runs };
}
