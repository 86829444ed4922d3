import type { Type } from '@nestjs/common';
import { Task, type TaskRun } from '../../src';

/** The message the waiting tasks of the bench wait for. */
export const BENCH_WAIT_MESSAGE = 'go';

/**
 * Waits for one message with no timeout in its first iteration, and succeeds in the next: the work of the raw side's
 * `rawWaitWorkflow` (wait for a signal, then one activity), with the library's first iteration before the wait.
 */
const run: TaskRun<unknown, void> = ({ context, controller }) =>
  context.iteration === 1 ? controller.waitFor(BENCH_WAIT_MESSAGE) : controller.success();

/** The definition of the waiting rows: `benchWaitTask`. */
export function waitTaskClass(): Type {
  @Task({ id: 'benchWaitTask' })
  class BenchWaitTask {
    readonly run = run;
  }
  return BenchWaitTask;
}
