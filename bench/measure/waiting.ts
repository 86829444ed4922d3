import { Client, Connection } from '@temporalio/client';
import { progress, usedTaskQueue } from '../bench-context';
import type { ControlsContext } from '../controls';
import { ControlsProcess } from '../controls-process';
import type { SlotReading } from '../library/library-wait-apps';
import { forEachLimited } from './concurrency';
import { median } from './stats';
import { splitEvenly } from './watch';

/** The waiting row: what `waitingTasks` tasks waiting for a message cost a Runner of `activitySlots` slots. */
export interface WaitingResult {
  waitingTasks: number;
  activitySlots: number;
  /** Quick tasks run before the first phase (not timed). */
  warmup: number;
  /** Quick tasks run untimed at the start of each phase. */
  settleTasks: number;
  /** Trigger-to-result times (ms) of the quick task, one at a time, with no task waiting: before, and after the clean-up. */
  usual: { before: number[]; after: number[] };
  /** The same, while every waiting task waits. */
  amongWaiting: number[];
  /** From the `triggerMany` of the waiting tasks until `count()` said every one was `waiting`. */
  parkMs: number;
  /** The Worker's activity slots in use while they waited (`Worker.getStatus()`), read before the timed phase. */
  slots: SlotReading;
  /** `describe()` of a sample of the waiting tasks: their pending activities, all together. */
  sample: { tasks: number; pendingActivities: number };
  /** From `abortMany` of the waiting tasks until none was left waiting. */
  cleanupMs: number;
}

/** How long the waiting tasks get to be triggered and indexed as waiting, and to be aborted. */
const PHASE_TIMEOUT_MS = 15 * 60_000;
/** Quick tasks run untimed at the start of each phase. */
export const PHASE_SETTLE_TASKS = 2;
/** Waiting tasks described to count their pending activities. */
const SAMPLE_TASKS = 20;

/**
 * A task that must run at once, among many that wait: a Runner of `waitingSlots` activity slots, in a fresh process,
 * times a quick task (trigger to result, one at a time) with no task waiting, then triggers `waitingTasks` tasks that
 * each wait for a message with no timeout, waits until `count()` says they all wait, reads the Worker's slots in use,
 * times the quick task again among them, aborts them (`abortMany`) and times it a third time (A B A).
 */
export async function measureWaiting(context: ControlsContext): Promise<WaitingResult> {
  const { config, servers, bundlePaths } = context;
  const address = servers.main.address;
  const taskQueue = usedTaskQueue(context, 'controls-waiting');
  const warmup = Math.min(config.warmup, 10);
  const runner = await ControlsProcess.start({ role: 'waiting-runner', address, taskQueue, bundlePath: bundlePaths.library, activitySlots: config.waitingSlots, payloadBytes: config.payloadBytes });
  const connection = await Connection.connect({ address });
  let failed = false;
  try {
    // Each phase begins with untimed tasks: the first after a change (the burst of waiting tasks, their abort) is not
    // the latency of the state the phase measures.
    const phase = async (): Promise<number[]> => {
      await runner.request({ type: 'latency', runs: PHASE_SETTLE_TASKS }, 'latency');
      return (await runner.request({ type: 'latency', runs: config.waitingLatencyRuns }, 'latency')).ms;
    };
    if (warmup > 0) await runner.request({ type: 'latency', runs: warmup }, 'latency');
    const before = await phase();
    const { taskIds } = await runner.request({ type: 'park', tasks: config.waitingTasks }, 'park');
    const parked = await runner.request({ type: 'untilWaiting', tasks: config.waitingTasks, timeoutMs: PHASE_TIMEOUT_MS }, 'untilWaiting');
    progress(`  waiting: ${parked.waiting} tasks waiting after ${(parked.ms / 1000).toFixed(1)} s`);
    const { type: _slots, ...slots } = await runner.request({ type: 'slots', readings: 10, everyMs: 200 }, 'slots');
    const sample = await pendingActivities(new Client({ connection, namespace: 'default' }), splitEvenly(taskIds, Math.min(SAMPLE_TASKS, taskIds.length)).control);
    const amongWaiting = await phase();
    const cleanup = await runner.request({ type: 'abortWaiting', timeoutMs: PHASE_TIMEOUT_MS }, 'abortWaiting');
    const after = await phase();
    const result: WaitingResult = { waitingTasks: config.waitingTasks, activitySlots: config.waitingSlots, warmup, settleTasks: PHASE_SETTLE_TASKS, usual: { before, after }, amongWaiting, parkMs: parked.ms, slots, sample, cleanupMs: cleanup.ms };
    progress(
      `  waiting: quick task p50 ${waitingLatencies(result).usual.toFixed(0)} ms usual, ${waitingLatencies(result).amongWaiting.toFixed(0)} ms among ${config.waitingTasks} waiting; activity slots in use ${slots.maxInFlightActivities} of ${slots.slots}; pending activities in ${sample.tasks} described: ${sample.pendingActivities}`,
    );
    return result;
  } catch (err) {
    failed = true;
    throw err;
  } finally {
    await connection.close();
    if (failed) runner.kill();
    else await runner.close();
  }
}

/** The quick task's p50s: the usual one (before and after, pooled) and the one among the waiting tasks. */
export function waitingLatencies(result: Pick<WaitingResult, 'usual' | 'amongWaiting'>): { usual: number; amongWaiting: number; ratio: number } {
  const usual = median([...result.usual.before, ...result.usual.after]);
  const amongWaiting = median(result.amongWaiting);
  return { usual, amongWaiting, ratio: amongWaiting / usual };
}

/** Pending activities of the tasks, from `describe()` (which writes nothing). */
async function pendingActivities(client: Client, taskIds: readonly string[]): Promise<{ tasks: number; pendingActivities: number }> {
  let pending = 0;
  await forEachLimited(taskIds, 10, async (taskId) => {
    const description = await client.workflow.getHandle(taskId).describe();
    pending += description.raw.pendingActivities?.length ?? 0;
  });
  return { tasks: taskIds.length, pendingActivities: pending };
}
