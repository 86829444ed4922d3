import type { Type } from '@nestjs/common';
import { Task, type TaskRun } from '../../src';
import type { BenchInput } from '../payload';

/** The library side's handler: does nothing, or sleeps when the input asks it to. */
const run: TaskRun<BenchInput, void> = async ({ input, controller }) => {
  if (input.sleepMs) await new Promise((resolve) => setTimeout(resolve, input.sleepMs));
  return controller.success();
};

/**
 * A bench definition, made per arm: its id, whether its iterations are local, and its task queue (for the two-queue
 * arms) are the arm's. Declared with `@Task` at run time, as a user's class is at load time.
 */
export function benchTaskClass(options: { id: string; local: boolean; queue?: string }): Type {
  @Task({ id: options.id, ...(options.local ? { local: true } : {}), ...(options.queue ? { queue: options.queue } : {}) })
  class BenchTask {
    readonly run = run;
  }
  return BenchTask;
}
