import { Task, type TaskHookParams, type TaskRun } from '../../src';

/**
 * Definitions whose tasks take every shape the task workflow knows, recorded by record-histories.ts into
 * test/replay/histories and replayed by replay.test.ts against the current workflow code. Their behaviour is chosen
 * by their input, so the recorder can produce each shape on demand.
 */

/** Ends in one iteration, as the input says; logs, reports progress, and has every hook. */
@Task({ id: 'replayHooked', title: 'Replay: hooked', retry: { maximumAttempts: 2, initialInterval: '100ms', backoffCoefficient: 1 } })
export class ReplayHookedTask {
  readonly run: TaskRun<{ end: 'success' | 'fail' | 'failOnce' | 'abort' | 'wait' | 'nonRetryable' }, string> = async ({ input, context, controller }) => {
    context.log.info('running', { end: input.end });
    context.progress(50);
    if (input.end === 'fail') throw new Error('always fails');
    if (input.end === 'failOnce' && context.attempt === 1) throw new Error('fails once');
    if (input.end === 'nonRetryable') return controller.error('refused', { retryable: false, details: { code: 42 } });
    if (input.end === 'abort') return controller.abort('nothing to do');
    if (input.end === 'wait') await new Promise((resolve) => context.signal.addEventListener('abort', resolve, { once: true }));
    return controller.success(`ended ${input.end}`);
  };
  onDone({ log }: TaskHookParams): void {
    log.info('onDone ran');
  }
  onError({ log }: TaskHookParams): void {
    log.info('onError ran');
  }
  onAbort({ log }: TaskHookParams): void {
    log.info('onAbort ran');
  }
}

/** Counts to `to`, one iteration per step, waiting `delayMs` between iterations; `maxIterations` 40. */
@Task({ id: 'replayCounter', maxIterations: 40 })
export class ReplayCounterTask {
  readonly run: TaskRun<{ to: number; delayMs?: number }, number, { count: number }> = async ({ input, context, controller }) => {
    const count = (context.state?.count ?? 0) + 1;
    context.log.info(`counted ${count}`);
    if (count >= input.to) return controller.success(count);
    return controller.continue({ count }, input.delayMs ? { delay: input.delayMs } : {});
  };
  onMaxIterations({ log }: TaskHookParams): void {
    log.warn('too many iterations');
  }
}

/** Triggers `children` children, waits for them, then sums their outputs. */
@Task({ id: 'replayParent' })
export class ReplayParentTask {
  readonly run: TaskRun<{ children: number }, number> = async ({ input, context, controller }) => {
    if (context.iteration === 1) {
      for (let n = 1; n <= input.children; n += 1) await context.trigger(ReplayChildTask, { n });
      return controller.continue(null, { waitForChildren: true });
    }
    return controller.success(context.children.reduce((sum, child) => sum + Number(child.output ?? 0), 0));
  };
}

@Task({ id: 'replayChild' })
export class ReplayChildTask {
  readonly run: TaskRun<{ n: number }, number> = async ({ input, controller }) => controller.success(input.n * 2);
}

/** Outlives its one-second timeout. */
@Task({ id: 'replayTimeout', timeout: '1s', heartbeatTimeout: '700ms', retry: { maximumAttempts: 1 } })
export class ReplayTimeoutTask {
  readonly run: TaskRun<null, void> = async ({ controller }) => {
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    return controller.success();
  };
}

/** Started by a Temporal Schedule every second, created paused and triggered by the recorder. */
@Task({ id: 'replayScheduled', schedules: [{ id: 'every-second', every: '1s', paused: true, input: { source: 'schedule' } }] })
export class ReplayScheduledTask {
  readonly run: TaskRun<{ source: string }, string> = async ({ input, controller }) => controller.success(`from ${input.source}`);
}

/** Like ReplayHookedTask, with its iterations as local activities (`local: true`); `iterate` runs three iterations. */
@Task({ id: 'replayLocal', local: true, retry: { maximumAttempts: 2, initialInterval: '100ms', backoffCoefficient: 1 } })
export class ReplayLocalTask {
  readonly run: TaskRun<{ end: 'success' | 'failOnce' | 'nonRetryable' | 'wait' | 'iterate' }, string, number> = async ({ input, context, controller }) => {
    context.log.info('running', { end: input.end, iteration: context.iteration });
    if (input.end === 'failOnce' && context.attempt === 1) throw new Error('fails once');
    if (input.end === 'nonRetryable') return controller.error('refused', { retryable: false, details: { code: 42 } });
    if (input.end === 'wait') await new Promise((resolve) => context.signal.addEventListener('abort', resolve, { once: true }));
    if (input.end === 'iterate' && context.iteration < 3) return controller.continue(context.iteration);
    return controller.success(`ended ${input.end}`);
  };
  onDone({ log }: TaskHookParams): void {
    log.info('onDone ran');
  }
  onAbort({ log }: TaskHookParams): void {
    log.info('onAbort ran');
  }
}

export const REPLAY_TASKS = [ReplayHookedTask, ReplayCounterTask, ReplayParentTask, ReplayChildTask, ReplayTimeoutTask, ReplayScheduledTask, ReplayLocalTask];
