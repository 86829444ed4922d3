import { Task, type TaskHandler, type TaskRunParams } from '../../src';
import type { BenchInput } from '../payload';

/** The library side's only definition: does nothing, or sleeps when the memory scenario asks it to. */
@Task({ id: 'benchTask' })
export class BenchTask implements TaskHandler<BenchInput, void> {
  async run({ input }: TaskRunParams<BenchInput, void>): Promise<void> {
    if (input.sleepMs) await new Promise((resolve) => setTimeout(resolve, input.sleepMs));
  }
}
