import { Module, type INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { TasksModule, type TaskRunnerOptions } from '../../src';
import type { WorkerTuning } from '../worker-settings';
import { BenchTask } from './bench-task';

@Module({})
class BenchAppModule {}

export interface LibraryAppOptions {
  address: string;
  taskQueue: string;
  /** A prebuilt workflow bundle; without one the Runner bundles at start-up. `false` makes the app client-only. */
  runner: { bundleCode?: string; tuning?: WorkerTuning; eagerStart?: boolean } | false;
}

/** A Nest application context the way a user builds one: TasksModule.forRoot and one @Task provider. */
export function createLibraryApp({ address, taskQueue, runner }: LibraryAppOptions): Promise<INestApplicationContext> {
  return NestFactory.createApplicationContext(
    {
      module: BenchAppModule,
      imports: [TasksModule.forRoot({ connection: { address }, taskQueue, runner: runner === false ? false : runnerOptions(runner) })],
      providers: [BenchTask],
    },
    { logger: ['error', 'warn'], abortOnError: false },
  );
}

function runnerOptions({ bundleCode, tuning = {}, eagerStart }: { bundleCode?: string; tuning?: WorkerTuning; eagerStart?: boolean }): TaskRunnerOptions {
  const { maxConcurrentActivityTaskExecutions, maxConcurrentWorkflowTaskExecutions, ...workerOptions } = tuning;
  return {
    ...(bundleCode === undefined ? {} : { workflowBundle: { code: bundleCode } }),
    ...(maxConcurrentActivityTaskExecutions === undefined ? {} : { maxConcurrentActivityTaskExecutions }),
    ...(maxConcurrentWorkflowTaskExecutions === undefined ? {} : { maxConcurrentWorkflowTaskExecutions }),
    ...(eagerStart === undefined ? {} : { eagerStart }),
    workerOptions,
  };
}
