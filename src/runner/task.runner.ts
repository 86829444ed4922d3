import { Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { NativeConnection, Worker } from '@temporalio/worker';
import { createTaskActivities } from '../../activities/task-activities.factory';
import { ensureSearchAttributes } from '../client/ensure-search-attributes';
import { TasksClient } from '../client/tasks-client';
import { TaskService } from '../service/task.service';
import { TaskRegistry } from '../task.registry';
import { installTasksSdkRuntime, mergeWorkerTelemetry, tasksWorkerTelemetry } from '../telemetry/tasks-telemetry';
import { checkWorkflowBundle } from './check-workflow-bundle';
import { bundleTaskWorkflows } from './task-workflow-bundle';

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
    private readonly registry: TaskRegistry,
    private readonly tasks: TaskService,
    private readonly temporal: TasksClient,
  ) {}

  /** The Temporal Worker, once started; undefined in a client-only process or before bootstrap. */
  get temporalWorker(): Worker | undefined {
    return this.worker;
  }

  async onApplicationBootstrap(): Promise<void> {
    const { runner, address, tls, apiKey, namespace, taskQueue, dataConverter, telemetry } = this.temporal.options;
    if (runner === false) return;
    const definitions = this.registry.all();
    if (definitions.length === 0) {
      this.logger.warn("No @Task providers found: the Runner is not started. Add task classes to a module's providers.");
      return;
    }
    installTasksSdkRuntime(this.temporal.options);
    // Before connecting: a missing tracing package or a bundle without the interceptors fails start-up cleanly.
    const workerTelemetry = tasksWorkerTelemetry(this.temporal.options);
    if (runner.workflowBundle) await checkWorkflowBundle(runner.workflowBundle, telemetry, dataConverter);
    const connection = await this.temporal.call('connect', () =>
      withTimeout(NativeConnection.connect({ address, tls: tls ?? (apiKey ? true : undefined), apiKey }), this.temporal.options.connectTimeoutMs, (late) => void late.close()),
    );
    this.connection = connection;
    try {
      await ensureSearchAttributes(connection, namespace).catch((err: unknown) => this.logger.warn((err as Error).message));
      this.worker = await this.temporal.call('start the Runner', async () =>
        Worker.create({
          connection,
          namespace,
          taskQueue,
          // With a bundle given, the SDK ignores workflow interceptor modules: bundle the application's in.
          workflowBundle:
            runner.workflowBundle ?? (await bundleTaskWorkflows({ dataConverter, telemetry, workflowInterceptorModules: runner.workerOptions?.interceptors?.workflowModules })),
          dataConverter,
          activities: createTaskActivities({
            definitions,
            logger: this.logger,
            heartbeatIntervalMs: runner.heartbeatIntervalMs,
            payloadLimitBytes: this.temporal.options.limits.payloadBytes,
            trigger: (definition, input, options) => this.tasks.triggerUntyped(definition, input, options),
          }),
          shutdownGraceTime: runner.shutdownGraceTime,
          // The SDK holds heartbeats back for up to 80% of the heartbeat timeout; cancellation travels back on them,
          // so cap the hold to the heartbeat interval to let an abort reach the handler quickly.
          maxHeartbeatThrottleInterval: runner.heartbeatInterval,
          maxConcurrentActivityTaskExecutions: runner.maxConcurrentActivityTaskExecutions,
          maxConcurrentWorkflowTaskExecutions: runner.maxConcurrentWorkflowTaskExecutions,
          ...runner.workerOptions,
          ...mergeWorkerTelemetry(workerTelemetry, runner.workerOptions),
        }),
      );
    } catch (err) {
      await connection.close();
      this.connection = undefined;
      throw err;
    }
    const worker = this.worker;
    this.running = worker.run().catch((err: unknown) => {
      this.logger.error(`The Runner stopped with an error: ${err instanceof Error ? err.message : String(err)}`, err instanceof Error ? err.stack : undefined);
    });
    if (runner.eagerStart) this.temporal.shareWorkerConnection(connection);
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

/**
 * Rejects when `promise` has not settled within `ms`. What it resolves with later is handed to `onLate` (to close a
 * connection that came up after start-up gave up on it).
 */
function withTimeout<T>(promise: Promise<T>, ms: number, onLate: (value: T) => void): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      reject(new Error(`Failed to connect before the deadline (${ms} ms)`));
    }, ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        if (timedOut) onLate(value);
        else resolve(value);
      },
      (err: unknown) => {
        clearTimeout(timer);
        reject(err instanceof Error ? err : new Error(String(err)));
      },
    );
  });
}
