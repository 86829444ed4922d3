import { Client, Connection } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { MODULE_DEFAULTS } from '../../src/options/resolved-tasks-options';
import { progress, usedTaskQueue } from '../bench-context';
import type { ControlsContext } from '../controls';
import { ControlsProcess } from '../controls-process';
import type { WatchWindow } from '../library/library-watch-apps';
import { WATCH_TASK_ITERATION_DELAY_MS } from '../library/watch-task';
import { forEachLimited } from './concurrency';

/** Events added to a group of tasks' histories over a window: per task, from `describe()` before and after. */
export interface EventsAdded {
  tasks: number;
  mean: number;
  min: number;
  max: number;
}

/** One window of `tasks` running tasks, one watcher each, at one poll interval. */
export interface WatchIntervalRun {
  intervalMs: number;
  /** Whether `intervalMs` is the module's default (`watch.intervalMs`): the watches then set none. */
  isDefault: boolean;
  tasks: number;
  window: WatchWindow;
  /** Events the watched tasks' histories gained over the window, against the unwatched control group's. */
  events: { watched: EventsAdded; control: EventsAdded };
}

/** The watch row. */
export interface WatchResult {
  seconds: number;
  /** Each task runs a no-op iteration, then waits this long before the next (a durable timer). */
  iterationDelayMs: number;
  controlTasks: number;
  runs: WatchIntervalRun[];
  /** One window: one task with one watcher, another with `watchers`, at once, in the same process: requests per task. */
  shared: { watchers: number; window: WatchWindow; oneWatcher: { taskId: string; requests: number }; manyWatchers: { taskId: string; requests: number } };
  /** Events of the kinds only a caller writes (signals, updates, cancel requests...) in the watched and control histories, read whole at the end. */
  callerEvents: { watched: number; control: number; types: string[] };
}

const EVENT = temporal.api.enums.v1.EventType;
/** History events that only something outside the task writes: what a watch that wrote would leave. */
export const CALLER_EVENT_TYPES: readonly temporal.api.enums.v1.EventType[] = [
  EVENT.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED,
  EVENT.EVENT_TYPE_WORKFLOW_EXECUTION_CANCEL_REQUESTED,
  EVENT.EVENT_TYPE_WORKFLOW_EXECUTION_TERMINATED,
  EVENT.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ADMITTED,
  EVENT.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED,
  EVENT.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_REJECTED,
  EVENT.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_COMPLETED,
  EVENT.EVENT_TYPE_WORKFLOW_EXECUTION_OPTIONS_UPDATED,
  EVENT.EVENT_TYPE_WORKFLOW_PROPERTIES_MODIFIED_EXTERNALLY,
  EVENT.EVENT_TYPE_ACTIVITY_PROPERTIES_MODIFIED_EXTERNALLY,
];

/** Time the tasks get to begin their first iteration before anything is watched. */
const SETTLE_MS = 3_000;

/**
 * `TaskService.watch` of running tasks, in a client-only process whose every request is counted, while a worker in a
 * process of its own runs the tasks (one iteration every 5 s). Per poll interval (the module's default, then
 * `--watch-interval-ms`): `watchTasks` tasks with one watcher each for `watchSeconds`, the events their histories
 * gained against an unwatched control group's, and the requests the watching process sent. Then one task with one
 * watcher next to one with `watchWatchers`: the shared poll.
 */
export async function measureWatch(context: ControlsContext): Promise<WatchResult> {
  const { config, servers, bundlePaths } = context;
  const address = servers.main.address;
  const taskQueue = usedTaskQueue(context, 'controls-watch');
  const controlTasks = Math.max(10, Math.ceil(config.watchTasks / 5));
  const worker = await ControlsProcess.start({ role: 'watch-worker', address, taskQueue, bundlePath: bundlePaths.library });
  let watcher: ControlsProcess | undefined;
  let failed = false;
  const connection = await Connection.connect({ address });
  try {
    const client = new Client({ connection, namespace: 'default' });
    const { taskIds } = await worker.request({ type: 'start', tasks: config.watchTasks + controlTasks + 2 }, 'start');
    const { watched, control } = splitEvenly(taskIds.slice(0, -2), controlTasks);
    const [one, many] = taskIds.slice(-2) as [string, string];
    watcher = await ControlsProcess.start({ role: 'watcher', address, taskQueue });
    await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
    const runs: WatchIntervalRun[] = [];
    const defaultInterval = MODULE_DEFAULTS.watch.intervalMs;
    for (const intervalMs of [defaultInterval, ...(config.watchIntervalMs === defaultInterval ? [] : [config.watchIntervalMs])]) {
      const isDefault = intervalMs === defaultInterval;
      const before = await historyLengths(client, [...watched, ...control]);
      const window = await watcher.request(
        { type: 'watch', groups: watched.map((taskId) => ({ taskId, watchers: 1 })), seconds: config.watchSeconds, ...(isDefault ? {} : { intervalMs }) },
        'watch',
      );
      const after = await historyLengths(client, [...watched, ...control]);
      const run: WatchIntervalRun = {
        intervalMs,
        isDefault,
        tasks: watched.length,
        window,
        events: { watched: eventsAdded(watched, before, after), control: eventsAdded(control, before, after) },
      };
      runs.push(run);
      progress(
        `  watch, ${watched.length} tasks, interval ${intervalMs} ms: ${requestsPerSecond(window).toFixed(1)} requests/s (${JSON.stringify(window.requests.byMethod)}); events per task watched ${run.events.watched.mean.toFixed(1)}, unwatched ${run.events.control.mean.toFixed(1)}`,
      );
    }
    const window = await watcher.request(
      { type: 'watch', groups: [{ taskId: one, watchers: 1 }, { taskId: many, watchers: config.watchWatchers }], seconds: config.watchSeconds },
      'watch',
    );
    const shared = {
      watchers: config.watchWatchers,
      window,
      oneWatcher: { taskId: one, requests: window.requests.byWorkflow[one] ?? 0 },
      manyWatchers: { taskId: many, requests: window.requests.byWorkflow[many] ?? 0 },
    };
    progress(`  watch, shared poll: 1 watcher ${shared.oneWatcher.requests} requests, ${config.watchWatchers} watchers ${shared.manyWatchers.requests} requests`);
    const callerEvents = {
      watched: await callerEventCount(connection, watched),
      control: await callerEventCount(connection, control),
      types: CALLER_EVENT_TYPES.map((type) => String(EVENT[type]).replace(/^EVENT_TYPE_/, '')),
    };
    return { seconds: config.watchSeconds, iterationDelayMs: WATCH_TASK_ITERATION_DELAY_MS, controlTasks, runs, shared, callerEvents };
  } catch (err) {
    failed = true;
    throw err;
  } finally {
    await connection.close();
    // After a failure a process may not answer any more: it is ended rather than asked to exit.
    for (const process of [watcher, worker]) if (failed) process?.kill();
    else await process?.close();
  }
}

/**
 * `count` of the ids, spread evenly over the list, as the control group, and the rest: both groups then started over
 * the same stretch of the burst, so their tasks keep the same rhythm.
 */
export function splitEvenly<T>(ids: readonly T[], count: number): { watched: T[]; control: T[] } {
  const watched: T[] = [];
  const control: T[] = [];
  for (const [index, id] of ids.entries()) {
    (Math.floor(((index + 1) * count) / ids.length) > Math.floor((index * count) / ids.length) ? control : watched).push(id);
  }
  return { watched, control };
}

/** Requests a second over the whole window. */
export function requestsPerSecond(window: Pick<WatchWindow, 'ms' | 'requests'>): number {
  return (Object.values(window.requests.byMethod).reduce((sum, count) => sum + count, 0) * 1000) / window.ms;
}

/** Each task's history length and run, read with `describe()` (which writes nothing). */
async function historyLengths(client: Client, taskIds: readonly string[]): Promise<Map<string, { runId: string; length: number }>> {
  const lengths = new Map<string, { runId: string; length: number }>();
  await forEachLimited(taskIds, 20, async (taskId) => {
    const description = await client.workflow.getHandle(taskId).describe();
    lengths.set(taskId, { runId: description.runId, length: description.historyLength });
  });
  return lengths;
}

/** Events each task gained from `before` to `after`; a task whose run changed in between (continue-as-new) is left out. */
export function eventsAdded(taskIds: readonly string[], before: ReadonlyMap<string, { runId: string; length: number }>, after: ReadonlyMap<string, { runId: string; length: number }>): EventsAdded {
  const added = taskIds.flatMap((taskId) => {
    const [from, to] = [before.get(taskId), after.get(taskId)];
    return from && to && from.runId === to.runId ? [to.length - from.length] : [];
  });
  if (added.length === 0) return { tasks: 0, mean: Number.NaN, min: Number.NaN, max: Number.NaN };
  return { tasks: added.length, mean: added.reduce((sum, count) => sum + count, 0) / added.length, min: Math.min(...added), max: Math.max(...added) };
}

/** Events of the caller-written kinds in the tasks' whole histories (their latest runs). */
async function callerEventCount(connection: Connection, taskIds: readonly string[]): Promise<number> {
  let count = 0;
  for (const workflowId of taskIds) {
    let nextPageToken: Uint8Array | undefined;
    do {
      const response = await connection.workflowService.getWorkflowExecutionHistory({ namespace: 'default', execution: { workflowId }, ...(nextPageToken ? { nextPageToken } : {}) });
      count += (response.history?.events ?? []).filter((event) => CALLER_EVENT_TYPES.includes(event.eventType ?? 0)).length;
      nextPageToken = response.nextPageToken?.length ? response.nextPageToken : undefined;
    } while (nextPageToken);
  }
  return count;
}
