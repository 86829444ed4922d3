import type { Duration, TaskReceivedMessage } from 'nestjs-temporal-tasks';

/**
 * The approval step of large imports. An import of more than `IMPORT_APPROVAL_ROWS` rows writes nothing until someone
 * approves it (`POST /imports/:id/approve` sends the `approval` message), or is aborted once
 * `IMPORT_APPROVAL_TIMEOUT` has passed without one. Read by the web process (to count the wait as an iteration) and
 * by the worker processes (which run the import): set the same values for both.
 */

/** The message an import waits for, and the approve endpoint sends. */
export const APPROVAL_MESSAGE = 'approval';

/** What the approval carries: who approved. */
export interface ImportApproval {
  approvedBy: string;
}

/** Imports of more rows than this wait for an approval before they write: IMPORT_APPROVAL_ROWS, 100 by default. */
export const IMPORT_APPROVAL_ROWS = approvalRows(process.env.IMPORT_APPROVAL_ROWS);

/** How long an import waits for its approval before it is aborted: IMPORT_APPROVAL_TIMEOUT, `1 day` by default. */
export const IMPORT_APPROVAL_TIMEOUT = approvalTimeout(process.env.IMPORT_APPROVAL_TIMEOUT);

/** Whether an import of this many rows waits for an approval. */
export function needsApproval(rows: number): boolean {
  return rows > IMPORT_APPROVAL_ROWS;
}

/**
 * The approval's message id: one per import, so that the task takes the first approval and drops any later one (a
 * double click, a retried request) while `send` still answers as for the first.
 */
export function approvalMessageId(taskId: string): string {
  return `approve ${taskId}`;
}

/** Who approved, from the message the import waited for; undefined when the wait timed out. */
export function approvedBy(received: TaskReceivedMessage | undefined): string | undefined {
  return (received?.payload as ImportApproval | undefined)?.approvedBy;
}

function approvalRows(value: string | undefined): number {
  const rows = Number(value ?? 100);
  if (!Number.isInteger(rows) || rows < 0) throw new Error(`IMPORT_APPROVAL_ROWS must be a whole number of rows, got "${value}".`);
  return rows;
}

function approvalTimeout(value: string | undefined): Duration {
  const timeout = value ?? '1 day';
  // Temporal's duration strings (`90s`, `30 minutes`, `1 day`); a wrong one would fail every large import at its wait.
  if (!/^\d+ ?(ms|s|seconds?|m|minutes?|h|hours?|d|days?)$/.test(timeout)) {
    throw new Error(`IMPORT_APPROVAL_TIMEOUT must be a duration such as "30s", "15 minutes" or "1 day", got "${value}".`);
  }
  return timeout as Duration;
}
