import { setTimeout as sleep } from 'node:timers/promises';
import { Task, type TaskRun } from 'nestjs-temporal-tasks';
import { EntriesService } from './entries.service.js';
import { APPROVAL_MESSAGE, IMPORT_APPROVAL_ROWS, IMPORT_APPROVAL_TIMEOUT, approvedBy, needsApproval } from './import-approval.js';

export interface ImportEntriesInput {
  rows: string[];
  /**
   * Rows per iteration. Each iteration ends with its log lines and progress recorded in Temporal, so that a watcher
   * (the progress page) sees the import move from one to the next. @default all rows, in one iteration
   */
  rowsPerIteration?: number;
}

/** What an iteration hands the next one: where to go on, and how many rows were imported so far. */
interface ImportEntriesState {
  next: number;
  imported: number;
  /** Set by the iteration that asked for an approval, for the next one (which reads the answer). */
  approval?: 'asked';
}

export interface ImportEntriesOutput {
  imported: number;
}

/** A row with this value fails the first attempt, to show a durable retry in the Web UI. */
export const FLAKY_ROW = 'flaky';

/** A row with this value fails the task at once, without retries: an error that no retry can fix. */
export const BROKEN_ROW = 'broken';

/** Past this many iterations an import fails (the library's default): `POST /imports` refuses a longer one. */
export const IMPORT_MAX_ITERATIONS = 50;

/** Fake work per row, so that a task runs long enough to watch (and to abort): IMPORT_ROW_DELAY_MS, 300 by default. */
const ROW_DELAY_MS = rowDelayMs(process.env.IMPORT_ROW_DELAY_MS);

@Task({
  id: 'importEntries',
  title: 'Import entries',
  description: 'Saves each row through EntriesService.',
  retry: { maximumAttempts: 3, initialInterval: '2s' },
  maxIterations: IMPORT_MAX_ITERATIONS,
})
export class ImportEntriesTask {
  constructor(private readonly entries: EntriesService) {}

  // The task's types, stated once: `run`'s parameters are typed from them, and it must return an outcome.
  readonly run: TaskRun<ImportEntriesInput, ImportEntriesOutput, ImportEntriesState> = async ({ input, context, controller }) => {
    const { rows } = input;
    const first = context.state?.next ?? 0;
    const end = Math.min(rows.length, first + (input.rowsPerIteration ?? rows.length));
    let imported = context.state?.imported ?? 0;
    // A large import writes nothing before someone approves it; the task waits for that without holding a worker.
    if (!context.state && needsApproval(rows.length)) {
      context.log.info(`Importing ${rows.length} rows: more than ${IMPORT_APPROVAL_ROWS}, waiting for an approval`);
      return controller.waitFor(APPROVAL_MESSAGE, { timeout: IMPORT_APPROVAL_TIMEOUT, state: { next: 0, imported: 0, approval: 'asked' } });
    }
    if (context.state?.approval === 'asked') {
      const approver = approvedBy(context.received);
      // Nobody said yes in time: the import is given up on purpose (aborted), as an Abort would; nothing was written.
      if (!approver) return controller.abort(`Nobody approved the import of ${rows.length} rows within ${IMPORT_APPROVAL_TIMEOUT}`);
      context.log.info(`Approved by ${approver}`);
    } else if (first === 0) context.log.info(`Importing ${rows.length} rows`);
    for (const row of rows.slice(first, end)) {
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
      context.progress(Math.round((imported / rows.length) * 100), { imported, total: rows.length });
    }
    if (end < rows.length || first > 0)
      context.log.info(`Saved ${end - first === 1 ? `row ${end}` : `rows ${first + 1} to ${end}`} of ${rows.length}`);
    // The next rows in the next iteration: this one's logs and progress are recorded when it ends.
    if (end < rows.length) return controller.continue({ next: end, imported });
    context.log.info(`Imported ${imported} rows`);
    return controller.success({ imported });
  };
}

function rowDelayMs(value: string | undefined): number {
  const ms = Number(value ?? 300);
  if (!Number.isInteger(ms) || ms < 0) throw new Error(`IMPORT_ROW_DELAY_MS must be a whole number of milliseconds, got "${value}".`);
  return ms;
}
