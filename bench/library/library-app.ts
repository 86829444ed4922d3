import { Module, type INestApplicationContext, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { TasksModule, type TaskRunnerOptions } from '../../src';
import type { WorkerTuning } from '../worker-settings';

@Module({})
class BenchAppModule {}

export interface LibraryAppOptions {
  address: string;
  taskQueue: string;
  definitions: Type[];
  /** A prebuilt workflow bundle; without one the Runner bundles at start-up. `false` makes the app client-only. */
  runner: { bundleCode?: string; tuning?: WorkerTuning; eagerStart?: boolean; queues?: string[] } | false;
}

/** A Nest application context the way a user builds one: TasksModule.forRoot and its @Task providers. */
export function createLibraryApp({ address, taskQueue, definitions, runner }: LibraryAppOptions): Promise<INestApplicationContext> {
  return NestFactory.createApplicationContext(
    {
      module: BenchAppModule,
      imports: [TasksModule.forRoot({ connection: { address }, taskQueue, runner: runner === false ? false : runnerOptions(runner) })],
      providers: definitions,
    },
    { logger: ['error', 'warn'], abortOnError: false },
  );
}

function runnerOptions({
  bundleCode,
  tuning = {},
  eagerStart,
  queues,
}: {
  bundleCode?: string;
  tuning?: WorkerTuning;
  eagerStart?: boolean;
  queues?: string[];
}): TaskRunnerOptions {
  const { maxConcurrentActivityTaskExecutions, maxConcurrentWorkflowTaskExecutions, ...workerOptions } = tuning;
  return {
    ...(bundleCode === undefined ? {} : { workflowBundle: { code: bundleCode } }),
    ...(maxConcurrentActivityTaskExecutions === undefined ? {} : { maxConcurrentActivityTaskExecutions }),
    ...(maxConcurrentWorkflowTaskExecutions === undefined ? {} : { maxConcurrentWorkflowTaskExecutions }),
    ...(eagerStart === undefined ? {} : { eagerStart }),
    ...(queues === undefined ? {} : { queues }),
    ...(Object.keys(workerOptions).length === 0 ? {} : { workerOptions }),
  };
}
