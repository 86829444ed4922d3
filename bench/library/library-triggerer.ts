import { TaskService } from '../../src';
import { TasksClient } from '../../src/client/tasks-client';
import { RequestCounter } from '../measure/request-counter';
import type { BenchInput } from '../payload';
import type { BenchTriggerer } from '../triggerer';
import { benchTaskClass } from './bench-task';
import { createLibraryApp } from './library-app';

/** The library side of the triggerMany row: a client-only app (no Runner, so nothing starts eagerly or runs). */
export async function createLibraryTriggerer(options: { address: string; taskQueue: string }): Promise<BenchTriggerer> {
  const definition = benchTaskClass({ id: 'benchTask', local: false });
  const app = await createLibraryApp({ ...options, definitions: [definition], runner: false });
  const tasks = app.get(TaskService);
  const counter = new RequestCounter(app.get(TasksClient).connection.workflowService);
  return {
    async triggerMany(input: BenchInput, items: number, concurrency: number | undefined) {
      counter.reset();
      const results = await tasks.triggerMany(definition, Array.from({ length: items }, () => input), concurrency === undefined ? {} : { concurrency });
      const refused = results.flatMap((result) => (result.ok ? [] : [result.error]));
      const requests = counter.snapshot().byMethod;
      return { accepted: results.length - refused.length, refused: refused.length, ...(refused[0] ? { firstError: refused[0].message } : {}), requests };
    },
    close: () => app.close(),
  };
}
