import { setTimeout as sleep } from 'node:timers/promises';
import { Task, type TaskRun } from 'nestjs-temporal-tasks';
import { EntriesService } from './entries.service.js';

export interface ImportEntriesInput {
  rows: string[];
}

export interface ImportEntriesOutput {
  imported: number;
}

/** A row with this value fails the first attempt, to show a durable retry in the Web UI. */
export const FLAKY_ROW = 'flaky';

/** A row with this value fails the task at once, without retries: an error that no retry can fix. */
export const BROKEN_ROW = 'broken';

/** Fake work per row, so that a task runs long enough to watch (and to abort). */
const ROW_DELAY_MS = 300;

@Task({
  id: 'importEntries',
  title: 'Import entries',
  description: 'Saves each row through EntriesService.',
  retry: { maximumAttempts: 3, initialInterval: '2s' },
})
export class ImportEntriesTask {
  constructor(private readonly entries: EntriesService) {}

  // The task's types, stated once: `run`'s parameters are typed from them, and it must return an outcome.
  readonly run: TaskRun<ImportEntriesInput, ImportEntriesOutput> = async ({ input, context, controller }) => {
    context.log.info(`Importing ${input.rows.length} rows`);
    let imported = 0;
    for (const row of input.rows) {
      if (row === FLAKY_ROW && context.attempt === 1) {
        // A thrown error fails this attempt; Temporal retries it under the definition's retry policy.
        throw new Error(`Row "${row}" failed on attempt ${context.attempt}; Temporal will retry it`);
      }
      if (row === BROKEN_ROW) {
        // Not retryable: the task ends `failed` now, whatever attempts its retry policy has left.
        return controller.error(`Row "${row}" cannot be imported`, { retryable: false });
      }
      // Rejects as soon as the task is aborted (or its worker shuts down), so the import stops between rows.
      await sleep(ROW_DELAY_MS, undefined, { signal: context.signal });
      this.entries.save(row);
      imported += 1;
      context.progress(Math.round((imported / input.rows.length) * 100), { imported, total: input.rows.length });
    }
    context.log.info(`Imported ${imported} rows`);
    return controller.success({ imported });
  };
}
