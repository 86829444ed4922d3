import { TaskRunner, TaskService } from '../../src';
import type { ArmProcess } from '../arms';
import type { BenchInput } from '../payload';
import type { BenchTarget } from '../target';
import { benchTaskClass } from './bench-task';
import { createLibraryApp } from './library-app';

/** The task queue of a two-queue arm's second definition: the first runs on the module's queue. */
export const secondQueue = (taskQueue: string): string => `${taskQueue}-2`;

/**
 * The library side of an arm: an app whose TaskService triggers the tasks and whose Runner runs them, set up as the
 * arm's process says. It must come up polling.
 */
export async function createLibraryTarget(process: ArmProcess, options: { address: string; taskQueue: string; bundleCode?: string }): Promise<BenchTarget> {
  const { address, taskQueue, bundleCode } = options;
  const definitions = process.twoQueues
    ? [benchTaskClass({ id: 'benchTask', local: process.local }), benchTaskClass({ id: 'benchTaskSecond', local: process.local, queue: secondQueue(taskQueue) })]
    : [benchTaskClass({ id: process.local ? 'benchLocalTask' : 'benchTask', local: process.local })];
  const queues = process.twoQueues?.serve.map((index) => (index === 0 ? taskQueue : secondQueue(taskQueue)));
  const app = await createLibraryApp({
    address,
    taskQueue,
    definitions,
    runner: { bundleCode, tuning: process.tuning, eagerStart: process.eagerStart, queues },
  });
  const workers = app.get(TaskRunner).temporalWorkers;
  const notRunning = [...workers.entries()].filter(([, worker]) => worker.getState() !== 'RUNNING');
  if (workers.size === 0 || notRunning.length > 0) {
    await app.close();
    throw new Error(`The library's Runner is not polling every queue after app start-up (${notRunning.map(([queue]) => queue).join(', ') || 'no worker'}).`);
  }
  const tasks = app.get(TaskService);
  // The definitions this process triggers: those of the queues it serves, in turn.
  const triggered = process.twoQueues ? process.twoQueues.serve.map((index) => definitions[index]!) : definitions;
  let next = 0;
  return {
    trigger: async (input: BenchInput) => {
      const definition = triggered[next++ % triggered.length]!;
      const handle = await tasks.trigger(definition, input);
      return { id: handle.id, eager: handle.startedEagerly, result: () => handle.result() };
    },
    close: () => app.close(),
  };
}
