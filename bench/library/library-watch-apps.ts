import { setMaxListeners } from 'node:events';
import { performance } from 'node:perf_hooks';
import { TaskService } from '../../src';
import { TasksClient } from '../../src/client/tasks-client';
import { countsBetween, RequestCounter, type RequestCounts } from '../measure/request-counter';
import { createLibraryApp } from './library-app';
import { watchTaskClass } from './watch-task';

/** Watchers of one task in a watch window. */
export interface WatchGroup {
  taskId: string;
  watchers: number;
}

/** What one watch window cost the watching process, and what its watchers saw. */
export interface WatchWindow {
  /** From the first `watch` call to the end of the window. */
  ms: number;
  /** The requests of the whole window, the first reads of every task included. */
  requests: RequestCounts;
  /** From the moment every watcher had its first state to the end of the window: the steady cost. */
  steady?: { ms: number; requests: RequestCounts };
  /** States the watchers were told of, all watchers together. */
  states: number;
  /** Watches that ended before the window did (their task ended). */
  ended: number;
}

/** The worker of the watch row: a Nest app with a Runner that runs the long-running watch tasks. */
export async function createWatchWorker(options: { address: string; taskQueue: string; bundleCode: string }): Promise<{ start(tasks: number): Promise<string[]>; close(): Promise<void> }> {
  const definition = watchTaskClass();
  const app = await createLibraryApp({ address: options.address, taskQueue: options.taskQueue, definitions: [definition], runner: { bundleCode: options.bundleCode } });
  const tasks = app.get(TaskService);
  return {
    async start(count: number) {
      const results = await tasks.triggerMany(definition, Array.from({ length: count }, () => ({})));
      return results.map((result) => {
        if (!result.ok) throw result.error;
        return result.handle.id;
      });
    },
    close: () => app.close(),
  };
}

/**
 * The watching process of the watch row: a client-only Nest app (no Runner: its only requests are the watches') whose
 * connection counts every request it sends (`RequestCounter` on the module's `workflowService`).
 */
export async function createWatcher(options: { address: string; taskQueue: string }): Promise<{ watch(groups: WatchGroup[], seconds: number, intervalMs?: number): Promise<WatchWindow>; close(): Promise<void> }> {
  const app = await createLibraryApp({ ...options, definitions: [watchTaskClass()], runner: false });
  const tasks = app.get(TaskService);
  const counter = new RequestCounter(app.get(TasksClient).connection.workflowService);
  return {
    async watch(groups: WatchGroup[], seconds: number, intervalMs?: number) {
      const watchers = groups.reduce((sum, group) => sum + group.watchers, 0);
      const abort = new AbortController();
      // Every watcher of the window listens to this one signal.
      setMaxListeners(watchers + 10, abort.signal);
      let states = 0;
      let ended = 0;
      let firsts = 0;
      let steadyFrom: { at: number; requests: RequestCounts } | undefined;
      counter.reset();
      const started = performance.now();
      const timer = setTimeout(() => abort.abort(), seconds * 1000);
      const watchOne = async (taskId: string): Promise<void> => {
        let first = true;
        for await (const _state of tasks.watch(taskId, { signal: abort.signal, ...(intervalMs === undefined ? {} : { intervalMs }) })) {
          states += 1;
          if (first && ++firsts === watchers) steadyFrom = { at: performance.now(), requests: counter.snapshot() };
          first = false;
        }
        if (!abort.signal.aborted) ended += 1;
      };
      try {
        await Promise.all(groups.flatMap((group) => Array.from({ length: group.watchers }, () => watchOne(group.taskId))));
      } finally {
        clearTimeout(timer);
        abort.abort();
      }
      const end = performance.now();
      const requests = counter.snapshot();
      return {
        ms: end - started,
        requests,
        ...(steadyFrom
          ? {
              steady: {
                ms: end - steadyFrom.at,
                requests: { byMethod: countsBetween(steadyFrom.requests.byMethod, requests.byMethod), byWorkflow: countsBetween(steadyFrom.requests.byWorkflow, requests.byWorkflow) },
              },
            }
          : {}),
        states,
        ended,
      };
    },
    close: () => app.close(),
  };
}
