import { Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { NativeConnection, Worker } from '@temporalio/worker';
import { createTaskActivities } from '../../activities/task-activities.factory';
import { ensureSearchAttributes } from '../client/ensure-search-attributes';
import { TasksClient } from '../client/tasks-client';
import { TaskService } from '../service/task.service';
import { InvalidTasksModuleOptionsError } from '../errors/invalid-tasks-module-options.error';
import { TaskRegistry } from '../task.registry';
import type { ResolvedTaskDefinition } from '../task.interfaces';
import type { TaskQueueLimits } from '../options/tasks-module.options';
import { installTasksSdkRuntime, mergeWorkerTelemetry, tasksWorkerTelemetry } from '../telemetry/tasks-telemetry';
import { checkWorkflowBundle } from './check-workflow-bundle';
import { TaskRunnerWorker } from './task-runner-worker';
import { workerStopped } from './worker-stopped';
import { encodedPayloadSize } from '../service/check-trigger';
import { loadDataConverter } from '@temporalio/common/lib/internal-non-workflow';
import { bundleTaskWorkflows } from './task-workflow-bundle';
import { runsLocally } from '../definition/resolve-task-definition';
import { LOCAL_ITERATION_MAX_TIMEOUT } from '../../workflows/task-workflow.types';

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
  private readonly workers = new Map<string, Worker>();
  private readonly failures = new Map<string, Error>();
  private connection?: NativeConnection;
  private running: Array<Promise<void>> = [];
  /** The start-up check of unserved queues, which shutdown ends before the connection closes. */
  private unservedCheck?: { abort: AbortController; done: Promise<void> };

  constructor(
    private readonly registry: TaskRegistry,
    private readonly tasks: TaskService,
    private readonly temporal: TasksClient,
  ) {}

  /** The Temporal Worker of the module's task queue, once started; undefined in a client-only process, before bootstrap, or when this process does not serve that queue. */
  get temporalWorker(): Worker | undefined {
    return this.workers.get(this.temporal.taskQueue) ?? this.workers.values().next().value;
  }

  /** The Temporal Workers of this process, one per task queue it serves, by queue name. */
  get temporalWorkers(): ReadonlyMap<string, Worker> {
    return this.workers;
  }

  /**
   * Why each Worker that stopped with an error (state `FAILED`) stopped, by task queue name: the error that failed
   * its polling (e.g. the server refusing its polls), else what its `run()` rejected with. Empty while every Worker
   * runs or stopped cleanly.
   */
  get workerFailures(): ReadonlyMap<string, Error> {
    const failures = new Map<string, Error>();
    for (const [queue, worker] of this.workers) {
      // Known as soon as a poll fails, before (and even without) `run()` rejecting.
      const failure = (worker instanceof TaskRunnerWorker ? worker.pollFailure : undefined) ?? this.failures.get(queue);
      if (failure) failures.set(queue, failure);
    }
    return failures;
  }

  /** The task queues this process serves (its Runner polls), once started. */
  get servedQueues(): string[] {
    return [...this.workers.keys()];
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.start();
    // Not awaited: the check asks the server, and start-up need not wait for a warning.
    const abort = new AbortController();
    this.unservedCheck = { abort, done: this.warnOfUnservedQueues(abort.signal) };
  }

  /**
   * Warns, naming the definitions, about each task queue of this application that no Runner polls right now (none
   * in this process, and none the server has seen lately): their tasks would wait until a worker serving it starts.
   */
  private async warnOfUnservedQueues(signal: AbortSignal): Promise<void> {
    const served = new Set(this.servedQueues);
    const byQueue = groupByQueue(this.registry.all());
    const { connection } = this.temporal;
    for (const [queue, definitions] of byQueue) {
      if (served.has(queue) || signal.aborted) continue;
      try {
        // Bounded, so that shutdown, which waits for it, is not held up by the SDK's retries.
        const { pollers } = await connection.withAbortSignal(signal, () =>
          connection.withDeadline(Date.now() + UNSERVED_CHECK_TIMEOUT_MS, () =>
            connection.workflowService.describeTaskQueue({
              namespace: this.temporal.namespace,
              taskQueue: { name: queue },
              taskQueueType: WORKFLOW_TASK_QUEUE_TYPE,
            }),
          ),
        );
        if ((pollers ?? []).length > 0) continue;
        this.logger.warn(
          `No Runner polls task queue "${queue}" right now, so tasks of ${definitions.map((definition) => `"${definition.id}"`).join(', ')} triggered from here wait until a process serving it starts (a process with runner.queues including "${queue}", or without runner.queues).`,
        );
      } catch {
        // The server is out of reach or refuses: the warning is a courtesy, and calls will say what is wrong.
      }
    }
  }

  /** Warns about definitions that ask for local iterations with a timeout too long for them: theirs run as regular activities. */
  private warnOfLongLocalDefinitions(definitions: readonly ResolvedTaskDefinition[]): void {
    for (const definition of definitions) {
      if (!definition.local || runsLocally(definition)) continue;
      this.logger.warn(
        `Task definition "${definition.id}" asks for local iterations (local: true), but its timeout of ${String(definition.timeout)} is longer than ${LOCAL_ITERATION_MAX_TIMEOUT}: its iterations run as regular activities. Give it a timeout of at most ${LOCAL_ITERATION_MAX_TIMEOUT} to run them locally, or drop local.`,
      );
    }
  }

  private async start(): Promise<void> {
    const { runner, address, tls, apiKey, namespace, dataConverter, telemetry } = this.temporal.options;
    if (runner === false) return;
    const byQueue = groupByQueue(this.registry.all());
    if (byQueue.size === 0) {
      this.logger.warn("No @Task providers found: the Runner is not started. Add task classes to a module's providers.");
      return;
    }
    const served = runner.queues ?? [...byQueue.keys()];
    const unknown = served.filter((queue) => !byQueue.has(queue));
    if (unknown.length > 0) {
      throw new InvalidTasksModuleOptionsError([
        `runner.queues names ${unknown.map((queue) => `"${queue}"`).join(', ')}, which no @Task definition of this application uses (its queues: ${[...byQueue.keys()].map((queue) => `"${queue}"`).join(', ')}).`,
      ]);
    }
    this.warnOfLongLocalDefinitions(served.flatMap((queue) => byQueue.get(queue) ?? []));
    refuseLocalDefinitionsOnRateLimitedQueues(served, byQueue, runner.queueLimits ?? {});
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
      // With a bundle given, the SDK ignores workflow interceptor modules: bundle the application's in.
      const workflowBundle =
        runner.workflowBundle ??
        (await this.temporal.call('bundle the task workflows', () =>
          bundleTaskWorkflows({ dataConverter, telemetry, workflowInterceptorModules: runner.workerOptions?.interceptors?.workflowModules }),
        ));
      const convert = loadDataConverter(dataConverter);
      // One Worker per queue, on one connection: each queue gets its own slots and limits.
      for (const queue of served) {
        const limits = runner.queueLimits?.[queue] ?? {};
        const definitions = byQueue.get(queue) ?? [];
        const worker = await this.temporal.call('start the Runner', () =>
          TaskRunnerWorker.create({
            connection,
            namespace,
            taskQueue: queue,
            workflowBundle,
            dataConverter,
            activities: createTaskActivities({
              definitions,
              logger: this.logger,
              heartbeatIntervalMs: runner.heartbeatIntervalMs,
              payloadLimitBytes: this.temporal.options.limits.payloadBytes,
              logBudgetBytes: this.temporal.options.limits.logBytes,
              encodedSize: (value) => encodedPayloadSize(convert, [value]),
              trigger: (definition, input, options) => this.tasks.triggerUntyped(definition, input, options),
            }),
            shutdownGraceTime: runner.shutdownGraceTime,
            // The SDK holds heartbeats back for up to 80% of the heartbeat timeout; cancellation travels back on them,
            // so cap the hold to the heartbeat interval to let an abort reach the handler quickly.
            maxHeartbeatThrottleInterval: runner.heartbeatInterval,
            maxConcurrentActivityTaskExecutions: limits.maxConcurrentIterations ?? runner.maxConcurrentActivityTaskExecutions,
            // Local iterations take the Worker's local activity slots: the same limit holds them.
            ...(limits.maxConcurrentIterations ? { maxConcurrentLocalActivityExecutions: limits.maxConcurrentIterations } : {}),
            maxConcurrentWorkflowTaskExecutions: runner.maxConcurrentWorkflowTaskExecutions,
            ...(limits.maxIterationsPerSecond ? { maxActivitiesPerSecond: limits.maxIterationsPerSecond } : {}),
            ...(limits.maxQueueIterationsPerSecond ? { maxTaskQueueActivitiesPerSecond: limits.maxQueueIterationsPerSecond } : {}),
            // Both rate limits act on the Worker's polls of the task queue, and an activity dispatched eagerly (handed
            // back with the workflow task's completion) never goes through the queue. The SDK turns eager dispatch off
            // for the queue's limit, not for the Worker's own, which it then escaped entirely: off for either.
            ...(rateLimitOf(limits) ? { maxEagerActivityReservationsPerWorkflowTask: 0 } : {}),
            ...runner.workerOptions,
            ...mergeWorkerTelemetry(workerTelemetry, runner.workerOptions),
          }),
        );
        this.workers.set(queue, worker);
      }
    } catch (err) {
      this.workers.clear();
      await connection.close();
      this.connection = undefined;
      throw err;
    }
    this.running = [...this.workers.entries()].map(([queue, worker]) =>
      worker.run().catch((err: unknown) => {
        // The SDK may reject with an error of its own shutdown that hides why the Worker stopped: keep the cause.
        const cause = (worker instanceof TaskRunnerWorker ? worker.pollFailure : undefined) ?? err;
        this.failures.set(queue, cause instanceof Error ? cause : new Error(String(cause)));
        this.logger.error(`The Runner of task queue "${queue}" stopped with an error: ${cause instanceof Error ? cause.message : String(cause)}`, err instanceof Error ? err.stack : undefined);
      }),
    );
    // An eager start needs a free workflow task slot: no more go through the Runner's connection at once than it has.
    const slots = runner.workerOptions?.maxConcurrentWorkflowTaskExecutions ?? runner.maxConcurrentWorkflowTaskExecutions;
    this.temporal.shareWorkerConnection(connection, served, { start: runner.eagerStart, slots });
    for (const queue of served) {
      const ids = (byQueue.get(queue) ?? []).map((definition) => definition.id).join(', ');
      this.logger.log(`Runner polling task queue "${queue}" in namespace "${namespace}" at ${address} for ${ids}`);
    }
  }

  async beforeApplicationShutdown(): Promise<void> {
    // A call still in flight when the module's connection closes is retried by the SDK on a timer of its own, which
    // then throws "Channel has been shut down", uncaught: end the check first (a retry pending on its timer cannot be
    // cancelled, hence its deadline), then let the connection close.
    this.unservedCheck?.abort.abort();
    await this.unservedCheck?.done;
    if (this.workers.size === 0) return;
    this.temporal.shareWorkerConnection(undefined, []);
    // The SDK's own signal handlers may already have begun the shutdown; shutdown() throws unless RUNNING.
    for (const worker of this.workers.values()) if (worker.getState() === 'RUNNING') worker.shutdown();
    const workers = [...this.workers.entries()];
    const stopped = await Promise.all(workers.map(([, worker], i) => workerStopped(worker, this.running[i] ?? Promise.resolve(), FAILED_WORKER_GRACE_MS)));
    const stuck = workers.filter((_, i) => !stopped[i]).map(([queue]) => `"${queue}"`);
    if (stuck.length === 0) await this.connection?.close();
    else {
      // Such a Worker still holds the connection, and closing it would throw: leave both to the process's exit.
      this.logger.warn(
        `The failed Worker of task queue ${stuck.join(', ')} did not finish shutting down within ${FAILED_WORKER_GRACE_MS / 1000} s (the Temporal SDK can wait for ever after a failed poll): the Runner's connection is left open for the process's exit to close.`,
      );
    }
    this.workers.clear();
    this.connection = undefined;
  }
}

/** How long the start-up check of unserved queues waits for each answer from Temporal. */
const UNSERVED_CHECK_TIMEOUT_MS = 5_000;

/** How long shutdown waits for the `run()` of a Worker that has failed to settle (see `workerStopped`). */
const FAILED_WORKER_GRACE_MS = 10_000;

/** `temporal.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW`, without a direct dependency on the protos. */
const WORKFLOW_TASK_QUEUE_TYPE = 1;

/** The definitions by the task queue they run on, in the order they were declared. */
function groupByQueue(definitions: readonly ResolvedTaskDefinition[]): Map<string, ResolvedTaskDefinition[]> {
  const byQueue = new Map<string, ResolvedTaskDefinition[]>();
  for (const definition of definitions) byQueue.set(definition.queue, [...(byQueue.get(definition.queue) ?? []), definition]);
  return byQueue;
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

/**
 * A local iteration runs inside its workflow task and never goes through the task queue, so neither rate limit of its
 * queue (both act on the Worker's polls of the queue) could hold it: refuse the combination rather than let a limit
 * silently not apply.
 */
function refuseLocalDefinitionsOnRateLimitedQueues(
  served: readonly string[],
  byQueue: ReadonlyMap<string, ResolvedTaskDefinition[]>,
  queueLimits: Readonly<Record<string, TaskQueueLimits>>,
): void {
  const problems = served.flatMap((queue) => {
    const limit = rateLimitOf(queueLimits[queue] ?? {});
    if (!limit) return [];
    return (byQueue.get(queue) ?? [])
      .filter(runsLocally)
      .map(
        (definition) =>
          `Task definition "${definition.id}" runs its iterations locally (local: true), which no rate limit can hold, but its queue "${queue}" has runner.queueLimits.${queue}.${limit}. Drop local from the definition, or give it a queue of its own without a rate limit.`,
      );
  });
  if (problems.length > 0) throw new InvalidTasksModuleOptionsError(problems);
}

/** The name of the rate limit a queue has (either one), or undefined when it has none. */
function rateLimitOf(limits: TaskQueueLimits): 'maxQueueIterationsPerSecond' | 'maxIterationsPerSecond' | undefined {
  return limits.maxQueueIterationsPerSecond ? 'maxQueueIterationsPerSecond' : limits.maxIterationsPerSecond ? 'maxIterationsPerSecond' : undefined;
}
