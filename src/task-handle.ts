import { WorkflowFailedError } from '@temporalio/client';
import { ApplicationFailure, CancelledFailure, TerminatedFailure, TimeoutFailure } from '@temporalio/common';
import { MEMO } from '../workflows/task-workflow.types';
import type { TasksClient } from './client/tasks-client';
import { TaskAbortedError } from './errors/task-aborted.error';
import { TaskFailedError } from './errors/task-failed.error';
import { TaskTerminatedError } from './errors/task-terminated.error';
import { TemporalLimitExceededError } from './errors/temporal-limit-exceeded.error';

/** How long `result()` keeps retrying while the namespace refuses another long poll (other processes hold them all). */
const LIMIT_RETRY_MS = 60_000;

/** A triggered task: its id, and a way to wait for its result. */
export class TaskHandle<O = unknown> {
  /** @internal Made by `TaskService`. */
  constructor(
    private readonly temporal: TasksClient,
    /** The task id, which is also the Temporal workflow id: `<definitionId>/<key>`. */
    readonly id: string,
    /** The definition id, which is also the Temporal workflow type. */
    readonly definitionId: string,
    /** The Temporal run id of the execution this trigger started (or found, for a repeated idempotency key); undefined for handles made from an id. */
    readonly runId?: string,
    /** True when this trigger handed the task straight to the local Runner (eager start: `runner.eagerStart`). */
    readonly startedEagerly = false,
    /** For a handle made from an id: checks once that it names a task of this application (`TaskNotFoundError` if not). */
    private verify?: () => Promise<void>,
  ) {}

  /**
   * Waits until the task ends and resolves with its output. Throws `TaskFailedError` (status `failed`),
   * `TaskAbortedError` (status `aborted`), `TaskTerminatedError` (ended from outside the library) or
   * `TaskNotFoundError` (no such task). Each wait holds a long poll on the server, so a process holds at most
   * `limits.resultWaits` at once; further calls wait their turn rather than exceed the namespace's limit.
   * A handle from `trigger()` or `retry()` waits for the run it started (through its continue-as-new runs); one from
   * `getHandle(id)`, for the task's latest run.
   */
  async result(): Promise<O> {
    const startedAt = Date.now();
    for (let delayMs = 500; ; delayMs = Math.min(delayMs * 2, 5_000)) {
      try {
        return await this.temporal.resultWaits.run(() => this.temporal.call('result', () => this.outcome(), this.id));
      } catch (err) {
        // Other processes may hold the namespace's long polls: wait for one to free up, for a while.
        if (!(err instanceof TemporalLimitExceededError) || Date.now() - startedAt > LIMIT_RETRY_MS) throw err;
        await new Promise((resolve) => setTimeout(resolve, delayMs));
      }
    }
  }

  private async outcome(): Promise<O> {
    if (this.verify) {
      await this.verify();
      this.verify = undefined;
    }
    // With the run this handle's trigger started, the server reads that run (and follows its continue-as-new runs)
    // without first looking up the id's current run: one database read less per wait.
    const handle = this.temporal.waitClient.workflow.getHandle(this.id, undefined, this.runId ? { firstExecutionRunId: this.runId } : undefined);
    try {
      return (await handle.result()) as O;
    } catch (err) {
      if (!(err instanceof WorkflowFailedError)) throw err;
      const cause = err.cause;
      if (cause instanceof CancelledFailure) {
        const { memo } = await handle.describe();
        const reason = memo?.[MEMO.abortReason];
        throw new TaskAbortedError(this.id, typeof reason === 'string' ? reason : undefined, err);
      }
      if (cause instanceof ApplicationFailure) {
        throw new TaskFailedError(this.id, cause.message, cause.type ?? 'Error', cause.details?.[0] ?? undefined, err);
      }
      if (cause instanceof TerminatedFailure) throw new TaskTerminatedError(this.id, `terminated (${cause.message})`, err);
      if (cause instanceof TimeoutFailure) throw new TaskTerminatedError(this.id, `timed out (${cause.message})`, err);
      throw new TaskFailedError(this.id, cause?.message ?? err.message, cause?.name ?? 'Error', undefined, err);
    }
  }
}
