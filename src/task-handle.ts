import { WorkflowFailedError } from '@temporalio/client';
import { ApplicationFailure, CancelledFailure, TerminatedFailure, TimeoutFailure } from '@temporalio/common';
import { msToNumber } from '@temporalio/common/lib/time';
import { MEMO } from '../workflows/task-workflow.types';
import { DEADLINE_EXCEEDED_FAILURE_TYPE } from '../workflows/task-deadline';
import { TaskDeadlineExceededError } from './errors/task-deadline-exceeded.error';
import { SemaphoreQueueFullError } from './client/semaphore';
import type { TasksClient } from './client/tasks-client';
import { TaskAbortedError } from './errors/task-aborted.error';
import { TaskFailedError } from './errors/task-failed.error';
import { TaskTerminatedError } from './errors/task-terminated.error';
import { TemporalLimitExceededError } from './errors/temporal-limit-exceeded.error';
import { InvalidResultOptionsError } from './errors/invalid-result-options.error';
import { TaskResultTimeoutError } from './errors/task-result-timeout.error';
import { TaskResultWaitAbortedError } from './errors/task-result-wait-aborted.error';
import { TaskResultWaitsExhaustedError } from './errors/task-result-waits-exhausted.error';
import type { TasksError } from './errors/tasks.error';
import type { TaskResultOptions } from './task-result.options';

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
   * Waits until the task ends and resolves with its output. Throws `TaskFailedError` (status `failed`;
   * `TaskDeadlineExceededError` when it failed because it passed its `deadline`),
   * `TaskAbortedError` (status `aborted`), `TaskTerminatedError` (ended from outside the library) or
   * `TaskNotFoundError` (no such task). Each wait holds a long poll on the server, so a process holds at most
   * `limits.resultWaits` at once; up to `limits.resultWaitQueue` more wait their turn, and a wait beyond those fails at
   * once with `TaskResultWaitsExhaustedError`. `options.timeout` and `options.signal` end the wait (not the task) with
   * `TaskResultTimeoutError` or `TaskResultWaitAbortedError`, queued or open, and free its place.
   * A handle from `trigger()` or `retry()` waits for the run it started (through its continue-as-new runs); one from
   * `getHandle(id)`, for the task's latest run.
   */
  async result(options: TaskResultOptions = {}): Promise<O> {
    const timeoutMs = resultTimeoutMs(this.id, options.timeout);
    const { signal } = options;
    if (timeoutMs === undefined && signal === undefined) return this.waitForResult(undefined);
    if (signal?.aborted) throw new TaskResultWaitAbortedError(this.id, signal.reason);
    // One signal ends every part of the wait (its turn, the long poll, a pause between tries), whichever comes first.
    const stop = new AbortController();
    let ended: TasksError | undefined;
    const end = (error: TasksError): void => {
      ended ??= error;
      stop.abort(ended);
    };
    const timer = timeoutMs === undefined ? undefined : setTimeout(() => end(new TaskResultTimeoutError(this.id, timeoutMs)), timeoutMs);
    const onAbort = (): void => end(new TaskResultWaitAbortedError(this.id, signal?.reason));
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      return await this.waitForResult(stop.signal);
    } catch (err) {
      throw ended ?? err;
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    }
  }

  private async waitForResult(stop: AbortSignal | undefined): Promise<O> {
    const startedAt = Date.now();
    const waits = this.temporal.resultWaits;
    for (let delayMs = 500; ; delayMs = Math.min(delayMs * 2, 5_000)) {
      try {
        return await waits.run(() => this.temporal.call('result', () => this.outcome(stop), this.id), stop);
      } catch (err) {
        if (err instanceof SemaphoreQueueFullError) throw new TaskResultWaitsExhaustedError(this.id, err.size, err.queueLimit);
        // Other processes may hold the namespace's long polls: wait for one to free up, for a while.
        if (!(err instanceof TemporalLimitExceededError) || Date.now() - startedAt > LIMIT_RETRY_MS) throw err;
        await pause(delayMs, stop);
      }
    }
  }

  private async outcome(stop: AbortSignal | undefined): Promise<O> {
    if (this.verify) {
      await this.verify();
      this.verify = undefined;
    }
    // With the run this handle's trigger started, the server reads that run (and follows its continue-as-new runs)
    // without first looking up the id's current run: one database read less per wait.
    // A wait that may be ended early goes through the module's client: the Runner's native connection does not cancel
    // a request when its signal aborts (SDK 1.24), so the long poll, and the wait's place, would outlive the wait.
    const client = stop ? this.temporal.client : this.temporal.waitClient;
    const handle = client.workflow.getHandle(this.id, undefined, this.runId ? { firstExecutionRunId: this.runId } : undefined);
    try {
      // The signal cancels the long poll itself, so an ended wait stops holding it at once.
      return (await (stop ? client.withAbortSignal(stop, () => handle.result()) : handle.result())) as O;
    } catch (err) {
      if (!(err instanceof WorkflowFailedError)) throw err;
      const cause = err.cause;
      if (cause instanceof CancelledFailure) {
        const { memo } = await handle.describe();
        const reason = memo?.[MEMO.abortReason];
        throw new TaskAbortedError(this.id, typeof reason === 'string' ? reason : undefined, err);
      }
      if (cause instanceof ApplicationFailure && cause.type === DEADLINE_EXCEEDED_FAILURE_TYPE) {
        const { deadline } = (cause.details?.[0] ?? {}) as { deadline?: string };
        throw new TaskDeadlineExceededError(this.id, new Date(deadline ?? Number.NaN), cause.message, err);
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

/** `options.timeout` in ms, checked; undefined without one. */
function resultTimeoutMs(taskId: string, timeout: TaskResultOptions['timeout']): number | undefined {
  if (timeout === undefined) return undefined;
  let ms: number;
  try {
    ms = msToNumber(timeout);
  } catch {
    throw new InvalidResultOptionsError(taskId, `timeout ${JSON.stringify(timeout)} is not a duration: use milliseconds or a string such as '30s' or '5 minutes'`);
  }
  if (!(ms > 0 && Number.isFinite(ms))) throw new InvalidResultOptionsError(taskId, `timeout must be longer than zero, got ${JSON.stringify(timeout)}`);
  return ms;
}

/** Waits `ms`, or less when `stop` aborts (the caller then rethrows why). */
function pause(ms: number, stop: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      stop?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    stop?.addEventListener('abort', done, { once: true });
  });
}
