import type { Type } from '@nestjs/common';
import { Task, type TaskRun } from '../../src';

/** Time between two iterations of a watched task: it keeps running, and its state changes at this pace. */
export const WATCH_TASK_ITERATION_DELAY_MS = 5_000;

/** A no-op iteration that asks for the next one after a durable delay: a task that runs until it is ended. */
const run: TaskRun<unknown, void, number> = ({ context, controller }) => controller.continue((context.state ?? 0) + 1, { delay: WATCH_TASK_ITERATION_DELAY_MS });

/** The watch row's definition: long-running tasks (one iteration every 5 s, no iteration limit in reach). */
export function watchTaskClass(): Type {
  @Task({ id: 'benchWatchTask', maxIterations: 1_000_000 })
  class BenchWatchTask {
    readonly run = run;
  }
  return BenchWatchTask;
}
