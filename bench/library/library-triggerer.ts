import { TaskService } from '../../src';
import type { BenchInput } from '../payload';
import type { BenchTriggerer } from '../triggerer';
import { benchTaskClass } from './bench-task';
import { createLibraryApp } from './library-app';

/** The library side of the triggerMany row: a client-only app (no Runner, so nothing starts eagerly or runs). */
export async function createLibraryTriggerer(options: { address: string; taskQueue: string }): Promise<BenchTriggerer> {
  const definition = benchTaskClass({ id: 'benchTask', local: false });
  const app = await createLibraryApp({ ...options, definitions: [definition], runner: false });
  const tasks = app.get(TaskService);
  return {
    async triggerMany(input: BenchInput, items: number, concurrency: number | undefined) {
      const results = await tasks.triggerMany(definition, Array.from({ length: items }, () => input), concurrency === undefined ? {} : { concurrency });
      const refused = results.flatMap((result) => (result.ok ? [] : [result.error]));
      return { accepted: results.length - refused.length, refused: refused.length, ...(refused[0] ? { firstError: refused[0].message } : {}) };
    },
    close: () => app.close(),
  };
}
