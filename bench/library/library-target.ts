import { TaskRunner, TaskService } from '../../src';
import type { BenchInput } from '../payload';
import type { BenchTarget } from '../target';
import { BenchTask } from './bench-task';
import { createLibraryApp, type LibraryAppOptions } from './library-app';

/**
 * The library side: an app whose TaskService triggers tasks. With a Runner it runs them too (and must come up
 * polling); with `runner: false` it is client-only and another process runs them.
 */
export async function createLibraryTarget(options: LibraryAppOptions): Promise<BenchTarget> {
  const app = await createLibraryApp(options);
  if (options.runner !== false) {
    const state = app.get(TaskRunner).temporalWorker?.getState();
    if (state !== 'RUNNING') {
      await app.close();
      throw new Error(`The library's Runner is ${state ?? 'not started'} after app start-up; expected RUNNING.`);
    }
  }
  const tasks = app.get(TaskService);
  let eagerStarts = 0;
  return {
    side: 'library',
    get eagerStarts() {
      return eagerStarts;
    },
    trigger: async (input: BenchInput) => {
      const handle = await tasks.trigger(BenchTask, input);
      if (handle.startedEagerly) eagerStarts += 1;
      return handle;
    },
    close: () => app.close(),
  };
}
