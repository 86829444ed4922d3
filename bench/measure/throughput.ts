import { performance } from 'node:perf_hooks';
import type { BenchInput } from '../payload';
import type { BenchTarget, TriggeredTask } from '../target';
import { forEachLimited } from './concurrency';
import type { CpuMeter } from './cpu';

/**
 * Results are awaited through at most this many long polls at once: a server may cap the concurrent long polls of a
 * namespace (frontend.namespaceCount), and tasks finish whether or not someone is waiting for them.
 */
const RESULT_WAITERS = 256;
/** Start calls in flight at once: beyond this, a burst only buys retries of calls the server turned away. */
const TRIGGERS_IN_FLIGHT = 1000;

export interface ThroughputRun {
  tasks: number;
  /** From the first trigger to the last result. */
  ms: number;
  tasksPerSecond: number;
  /** CPU time per task, of this process (client and worker) and of the dev server. */
  cpuMsPerTask: { bench: number; server?: number };
  /** Starts the server handed straight to the worker (eager workflow start). */
  eagerStarts: number;
}

/** Triggers `tasks` tasks at once (up to 1000 start calls in flight), then waits until every one has completed. */
export async function runTasks(target: BenchTarget, tasks: number, input: BenchInput): Promise<void> {
  const triggered: TriggeredTask[] = [];
  await forEachLimited(Array.from({ length: tasks }), TRIGGERS_IN_FLIGHT, async () => void triggered.push(await target.trigger(input)));
  await forEachLimited(triggered, RESULT_WAITERS, (task) => task.result());
}

/** `runTasks`, timed: tasks per second to all completed, and CPU time per task. */
export async function measureThroughput(target: BenchTarget, tasks: number, input: BenchInput, cpu: CpuMeter): Promise<ThroughputRun> {
  const eagerBefore = target.eagerStarts;
  const cpuBefore = cpu.read();
  const started = performance.now();
  await runTasks(target, tasks, input);
  const ms = performance.now() - started;
  const cpuAfter = cpu.read();
  return {
    tasks,
    ms,
    tasksPerSecond: (tasks * 1000) / ms,
    cpuMsPerTask: {
      bench: (cpuAfter.benchMs - cpuBefore.benchMs) / tasks,
      server:
        cpuAfter.serverMs === undefined || cpuBefore.serverMs === undefined ? undefined : (cpuAfter.serverMs - cpuBefore.serverMs) / tasks,
    },
    eagerStarts: target.eagerStarts - eagerBefore,
  };
}
