import { Task, type TaskRun } from '../../src';
import type { BenchInput } from '../payload';

/** The library side's only definition: does nothing, or sleeps when the memory scenario asks it to. */
@Task({ id: 'benchTask' })
export class BenchTask {
  readonly run: TaskRun<BenchInput, void> = async ({ input, controller }) => {
    if (input.sleepMs) await new Promise((resolve) => setTimeout(resolve, input.sleepMs));
    return controller.success();
  };
}
