import { Worker } from '@temporalio/worker';
import { tap } from 'rxjs';

/**
 * The Runner's Temporal Worker: the SDK's own, remembering the error that made one of its pollers fail.
 *
 * Why: when a poll fails for good (the server refuses it), the SDK's `run()` finalizes the Worker while its other
 * pollers still hold it, and rejects with that second error ("Worker still in use") instead of the first: the cause
 * an operator needs would be left only in the log.
 */
export class TaskRunnerWorker extends Worker {
  private firstPollFailure?: Error;

  /** The error that made one of this Worker's pollers fail (the reason `run()` stopped), if one did. */
  get pollFailure(): Error | undefined {
    return this.firstPollFailure;
  }

  protected override workflowPoll$() {
    return super.workflowPoll$().pipe(tap({ error: (err: unknown) => this.rememberPollFailure(err) }));
  }

  protected override activityPoll$() {
    return super.activityPoll$().pipe(tap({ error: (err: unknown) => this.rememberPollFailure(err) }));
  }

  protected override nexusPoll$() {
    return super.nexusPoll$().pipe(tap({ error: (err: unknown) => this.rememberPollFailure(err) }));
  }

  private rememberPollFailure(err: unknown): void {
    this.firstPollFailure ??= err instanceof Error ? err : new Error(String(err));
  }
}
