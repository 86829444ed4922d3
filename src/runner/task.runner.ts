import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { msToNumber } from '@temporalio/common/lib/time';
import { NativeConnection, Worker } from '@temporalio/worker';
import { createTaskActivities } from '../../activities/task-activities.factory';
import { DEFAULT_ADDRESS, DEFAULT_NAMESPACE, DEFAULT_TASK_QUEUE } from '../client/connection-defaults';
import { ensureSearchAttributes } from '../client/ensure-search-attributes';
import { TasksClient } from '../client/tasks-client';
import { TaskService } from '../service/task.service';
import { TaskRegistry } from '../task.registry';
import { TASKS_MODULE_OPTIONS } from '../tasks.module-definition';
import type { TaskRunnerOptions, TasksModuleOptions } from '../tasks-module.options';
import { installNestSdkLogger } from './nest-sdk-logger';
import { bundleTaskWorkflows } from './task-workflow-bundle';

const RUNNER_DEFAULTS = {
  shutdownGraceTime: '10 seconds',
  heartbeatInterval: '1 second',
  maxConcurrentActivityTaskExecutions: 100,
  maxConcurrentWorkflowTaskExecutions: 40,
} as const;

/**
 * The Runner: a Temporal Worker that Nest starts and stops. Polling the task queue is its *iterate*: it finds
 * tasks to process. Executing an activity is its *run*: one iteration of a task's handler.
 *
 * It starts once the application has bootstrapped (every provider, and so every task's dependencies, is ready)
 * and drains on `app.close()`: running iterations get `shutdownGraceTime` to finish before they are cancelled.
 */
@Injectable()
export class TaskRunner implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('TaskRunner');
  private worker?: Worker;
  private connection?: NativeConnection;
  private running?: Promise<void>;

  constructor(
    @Inject(TASKS_MODULE_OPTIONS) private readonly options: TasksModuleOptions,
    private readonly registry: TaskRegistry,
    private readonly tasks: TaskService,
    private readonly temporal: TasksClient,
  ) {}

  /** The Temporal Worker, once started; undefined in a client-only process or before bootstrap. */
  get temporalWorker(): Worker | undefined {
    return this.worker;
  }

  async onApplicationBootstrap(): Promise<void> {
    if (this.options.runner === false) return;
    const definitions = this.registry.all();
    if (definitions.length === 0) {
      this.logger.warn('No @Task providers found: the Runner is not started. Add task classes to a module\'s providers.');
      return;
    }
    const runner: TaskRunnerOptions = this.options.runner ?? {};
    const { address = DEFAULT_ADDRESS, tls, apiKey } = this.options.connection ?? {};
    const namespace = this.options.namespace ?? DEFAULT_NAMESPACE;
    const taskQueue = this.options.taskQueue ?? DEFAULT_TASK_QUEUE;
    const heartbeatInterval = runner.heartbeatInterval ?? RUNNER_DEFAULTS.heartbeatInterval;

    const sdkLogLevel = runner.sdkLogLevel ?? 'WARN';
    if (sdkLogLevel !== false) installNestSdkLogger(new Logger('Temporal'), sdkLogLevel);
    this.connection = await NativeConnection.connect({ address, tls: tls ?? (apiKey ? true : undefined), apiKey });
    try {
      await ensureSearchAttributes(this.connection, namespace).catch((err: unknown) => this.logger.warn((err as Error).message));
      this.worker = await Worker.create({
        connection: this.connection,
        namespace,
        taskQueue,
        ...(runner.workflowBundle ? { workflowBundle: runner.workflowBundle } : { workflowBundle: await bundleTaskWorkflows() }),
        activities: createTaskActivities({
          definitions,
          logger: this.logger,
          heartbeatIntervalMs: msToNumber(heartbeatInterval),
          trigger: (definition, input, options) => this.tasks.triggerUntyped(definition, input, options),
        }),
        shutdownGraceTime: runner.shutdownGraceTime ?? RUNNER_DEFAULTS.shutdownGraceTime,
        // The SDK holds heartbeats back for up to 80% of the heartbeat timeout; cancellation travels back on them,
        // so cap the hold to the heartbeat interval to let an abort reach the handler quickly.
        maxHeartbeatThrottleInterval: heartbeatInterval,
        maxConcurrentActivityTaskExecutions: runner.maxConcurrentActivityTaskExecutions ?? RUNNER_DEFAULTS.maxConcurrentActivityTaskExecutions,
        maxConcurrentWorkflowTaskExecutions: runner.maxConcurrentWorkflowTaskExecutions ?? RUNNER_DEFAULTS.maxConcurrentWorkflowTaskExecutions,
        ...runner.workerOptions,
      });
    } catch (err) {
      await this.connection.close();
      this.connection = undefined;
      throw err;
    }
    const worker = this.worker;
    this.running = worker.run().catch((err: unknown) => {
      this.logger.error(`The Runner stopped with an error: ${err instanceof Error ? err.message : String(err)}`, err instanceof Error ? err.stack : undefined);
    });
    if (runner.eagerStart !== false) this.temporal.shareWorkerConnection(this.connection);
    this.logger.log(`Runner polling task queue "${taskQueue}" in namespace "${namespace}" at ${address} for ${definitions.map((d) => d.id).join(', ')}`);
  }

  async beforeApplicationShutdown(): Promise<void> {
    const worker = this.worker;
    if (!worker) return;
    this.temporal.shareWorkerConnection(undefined);
    // The SDK's own signal handlers may already have begun the shutdown; shutdown() throws unless RUNNING.
    if (worker.getState() === 'RUNNING') worker.shutdown();
    await this.running;
    await this.connection?.close();
    this.worker = undefined;
    this.connection = undefined;
  }
}
