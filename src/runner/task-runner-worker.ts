import { Worker } from '@temporalio/worker';
import type { Observable, Subscriber, TeardownLogic } from 'rxjs';

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
    return this.remembering(super.workflowPoll$());
  }

  protected override activityPoll$() {
    return this.remembering(super.activityPoll$());
  }

  protected override nexusPoll$() {
    return this.remembering(super.nexusPoll$());
  }

  /**
   * The poller, passing everything through, remembering its error. Built with the SDK's own Observable class (the
   * poller's), not with the app's `rxjs`: an app may have another version of it (the peer range allows 7.0), and the
   * SDK's pollers piped through that version's operators never delivered a workflow task (seen with rxjs 7.1.0).
   */
  private remembering<T>(poller: Observable<T>): Observable<T> {
    const SdkObservable = poller.constructor as new (subscribe: (subscriber: Subscriber<T>) => TeardownLogic) => Observable<T>;
    return new SdkObservable((subscriber) =>
      poller.subscribe({
        next: (value) => subscriber.next(value),
        error: (err: unknown) => {
          this.rememberPollFailure(err);
          subscriber.error(err);
        },
        complete: () => subscriber.complete(),
      }),
    );
  }

  private rememberPollFailure(err: unknown): void {
    this.firstPollFailure ??= err instanceof Error ? err : new Error(String(err));
  }
}
