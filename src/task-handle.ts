import { WorkflowFailedError, WorkflowNotFoundError, type Client } from '@temporalio/client';
import { ApplicationFailure, CancelledFailure, TerminatedFailure, TimeoutFailure } from '@temporalio/common';
import { MEMO } from '../workflows/task-workflow.types';
import { TaskAbortedError } from './errors/task-aborted.error';
import { TaskFailedError } from './errors/task-failed.error';
import { TaskNotFoundError } from './errors/task-not-found.error';
import { TaskTerminatedError } from './errors/task-terminated.error';

/** A triggered task: its id, and a way to wait for its result. */
export class TaskHandle<O = unknown> {
  constructor(
    private readonly client: Client,
    /** The task id, which is also the Temporal workflow id: `<definitionId>/<key>`. */
    readonly id: string,
    /** The definition id, which is also the Temporal workflow type. */
    readonly definitionId: string,
    /** The Temporal run id of the execution this trigger started (or found, for a repeated idempotency key); undefined for handles made from an id. */
    readonly runId?: string,
    /** True when this trigger handed the task straight to the local Runner (eager start: `runner.eagerStart`). */
    readonly startedEagerly = false,
  ) {}

  /**
   * Waits until the task ends and resolves with its output. Throws `TaskFailedError` (status `failed`),
   * `TaskAbortedError` (status `aborted`), `TaskTerminatedError` (ended from outside the library) or
   * `TaskNotFoundError` (no such task).
   */
  async result(): Promise<O> {
    const handle = this.client.workflow.getHandle(this.id);
    try {
      return (await handle.result()) as O;
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) throw new TaskNotFoundError(this.id, err);
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
