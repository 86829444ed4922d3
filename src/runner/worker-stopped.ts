import type { Worker } from '@temporalio/worker';

/** How often `workerStopped` looks at a Worker's state while its `run()` has not settled. */
const STATE_CHECK_MS = 250;

/**
 * Resolves `true` once a Worker's `run()` has settled, or `false` once the Worker has been `FAILED` for `failedGraceMs`
 * while its `run()` still has not.
 *
 * Why: when a poll fails for good, the SDK (1.24) stops polling and then waits for its core to shut the Worker down,
 * which can need the very workflow polls it stopped: `run()` then never settles. Waiting for it would hold
 * `app.close()` for ever.
 */
export function workerStopped(worker: Worker, run: Promise<void>, failedGraceMs: number): Promise<boolean> {
  return new Promise<boolean>((resolve) => {
    let failedSince: number | undefined;
    const timer = setInterval(() => {
      if (worker.getState() !== 'FAILED') return;
      failedSince ??= Date.now();
      if (Date.now() - failedSince < failedGraceMs) return;
      clearInterval(timer);
      resolve(false);
    }, STATE_CHECK_MS);
    const settled = (): void => {
      clearInterval(timer);
      resolve(true);
    };
    run.then(settled, settled);
  });
}
