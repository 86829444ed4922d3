import { performance } from 'node:perf_hooks';
import { TaskRunner, TaskService, type TaskHandle } from '../../src';
import { BENCH_MESSAGE_PAYLOAD, type BenchInput } from '../payload';
import { pollUntil } from '../poll-until';
import { benchTaskClass } from './bench-task';
import { createLibraryApp } from './library-app';
import { BENCH_WAIT_MESSAGE, waitTaskClass } from './wait-task';

/** What the Runner's Temporal Worker said of its activity slots (`Worker.getStatus()`), over a few readings. */
export interface SlotReading {
  /** The Worker's activity slots: `maxConcurrentActivityTaskExecutions`. */
  slots: number;
  readings: number;
  /** The most activities (local ones included) the Worker ran at once in any reading. */
  maxInFlightActivities: number;
  /** Workflows in the Worker's cache at the last reading: the waiting tasks it keeps in memory. */
  cachedWorkflows: number;
}

/** Round trips of the `send` row, in ms: until `result()` resolved, and until the message's call resolved. */
export interface RoundTrips {
  ms: number[];
  messageMs: number[];
}

/** Trigger-to-result time of `runs` tasks of `trigger`, one at a time. */
async function timeOneAtATime(runs: number, trigger: () => Promise<TaskHandle>): Promise<number[]> {
  const samples: number[] = [];
  for (let run = 0; run < runs; run++) {
    const started = performance.now();
    await (await trigger()).result();
    samples.push(performance.now() - started);
  }
  return samples;
}

/**
 * The Runner of the waiting row: a Nest app whose Runner has `activitySlots` activity slots, with a definition that
 * waits for a message (`benchWaitTask`) and one that succeeds at once (`benchTask`, the task that must run at once).
 */
export async function createWaitingRunner(options: { address: string; taskQueue: string; bundleCode: string; activitySlots: number }) {
  const quick = benchTaskClass({ id: 'benchTask', local: false });
  const waiting = waitTaskClass();
  const app = await createLibraryApp({
    address: options.address,
    taskQueue: options.taskQueue,
    definitions: [quick, waiting],
    runner: { bundleCode: options.bundleCode, tuning: { maxConcurrentActivityTaskExecutions: options.activitySlots } },
  });
  const tasks = app.get(TaskService);
  const worker = app.get(TaskRunner).temporalWorkers.get(options.taskQueue);
  if (!worker) {
    await app.close();
    throw new Error(`The waiting row's Runner does not poll its task queue ${options.taskQueue}.`);
  }
  const waitingCount = async (): Promise<number> => (await tasks.count({ definition: 'benchWaitTask', status: 'waiting' })).total;
  return {
    /** Trigger-to-result times of `runs` quick tasks, one at a time. */
    latency: (runs: number, input: BenchInput) => timeOneAtATime(runs, () => tasks.trigger(quick, input)),
    /** Triggers `count` waiting tasks at once (triggerMany); their ids. */
    async park(count: number): Promise<string[]> {
      const results = await tasks.triggerMany(waiting, Array.from({ length: count }, () => ({})));
      return results.map((result) => {
        if (!result.ok) throw result.error;
        return result.handle.id;
      });
    },
    /** Waits until `count()` says `count` tasks are `waiting` (visibility, polled every second). */
    async untilWaiting(count: number, timeoutMs: number): Promise<{ ms: number; waiting: number }> {
      const started = performance.now();
      let seen = 0;
      await pollUntil(async () => (seen = await waitingCount()) >= count, `${count} tasks waiting`, timeoutMs, 1000);
      return { ms: performance.now() - started, waiting: seen };
    },
    /** Reads the Worker's status `readings` times, `everyMs` apart. */
    async slots(readings: number, everyMs: number): Promise<SlotReading> {
      let maxInFlightActivities = 0;
      let cachedWorkflows = 0;
      for (let reading = 0; reading < readings; reading++) {
        if (reading > 0) await new Promise((resolve) => setTimeout(resolve, everyMs));
        const status = worker.getStatus();
        maxInFlightActivities = Math.max(maxInFlightActivities, status.numInFlightActivities);
        cachedWorkflows = status.numCachedWorkflows;
      }
      return { slots: options.activitySlots, readings, maxInFlightActivities, cachedWorkflows };
    },
    /** Aborts every waiting task (`abortMany`, server side) and waits until none is left waiting or running. */
    async abortWaiting(timeoutMs: number): Promise<{ ms: number; matched: number }> {
      const started = performance.now();
      const result = await tasks.abortMany({ definition: 'benchWaitTask' });
      await pollUntil(
        async () => {
          const { byStatus } = await tasks.count({ definition: 'benchWaitTask' });
          return byStatus.waiting + byStatus.running + byStatus.pending === 0;
        },
        'the abort of every waiting task',
        timeoutMs,
        1000,
      );
      return { ms: performance.now() - started, matched: result.matched };
    },
    close: () => app.close(),
  };
}

/**
 * The library side of the `send` row: a Nest app with a Runner and the waiting definition. Each round trip triggers
 * a task, waits (untimed) until `get()` says it is `waiting`, then times `TaskService.send` to `result()`.
 */
export async function createLibrarySender(options: { address: string; taskQueue: string; bundleCode: string }) {
  const waiting = waitTaskClass();
  const app = await createLibraryApp({ address: options.address, taskQueue: options.taskQueue, definitions: [waiting], runner: { bundleCode: options.bundleCode } });
  const tasks = app.get(TaskService);
  return {
    async roundTrips(runs: number, input: BenchInput): Promise<RoundTrips> {
      const samples: RoundTrips = { ms: [], messageMs: [] };
      for (let run = 0; run < runs; run++) {
        const handle = await tasks.trigger(waiting, input);
        await pollUntil(async () => (await tasks.get(handle.id)).status === 'waiting', `task ${handle.id} waiting`, 60_000);
        const started = performance.now();
        await tasks.send(handle.id, BENCH_WAIT_MESSAGE, BENCH_MESSAGE_PAYLOAD);
        samples.messageMs.push(performance.now() - started);
        await handle.result();
        samples.ms.push(performance.now() - started);
      }
      return samples;
    },
    close: () => app.close(),
  };
}
