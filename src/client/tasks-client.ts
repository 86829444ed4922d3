import { Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { Client, Connection, type ClientOptions } from '@temporalio/client';
import type { NativeConnection } from '@temporalio/worker';
import { ResolvedTasksOptions } from '../options/resolved-tasks-options';
import { installTasksSdkRuntime, tasksClientInterceptors } from '../telemetry/tasks-telemetry';
import { Semaphore } from './semaphore';
import { toTasksError } from './to-tasks-error';

/**
 * The Temporal client the library triggers and watches tasks with, and the one place its calls to Temporal go
 * through (`call`), so that every failure leaves the library as a `TasksError`.
 */
@Injectable()
export class TasksClient implements OnApplicationBootstrap, OnApplicationShutdown {
  readonly connection: Connection;
  readonly client: Client;
  readonly namespace: string;
  readonly taskQueue: string;
  readonly address: string;
  /** Open `TaskHandle.result()` waits (each holds a long poll, and a namespace allows only so many at once), and those queued. */
  readonly resultWaits: Semaphore;
  /** A client on the local Runner's own connection, while it polls: see `eagerStart` and `waitClient`. */
  private worker?: { client: Client; queues: ReadonlySet<string>; eagerStart: boolean; eagerSlots: number };
  /** Eager starts in flight, per task queue: each queue has a Worker with slots of its own (see `eagerStart`). */
  private readonly eagerStarts = new Map<string, number>();
  private verified?: Promise<void>;
  private version?: Promise<string>;
  /** The data converter and interceptors of every client the library makes, so that all encode and trace alike. */
  private readonly clientOptions: Pick<ClientOptions, 'dataConverter' | 'interceptors'>;

  constructor(readonly options: ResolvedTasksOptions) {
    const { address, tls, apiKey, namespace, taskQueue, connectTimeoutMs } = options;
    this.address = address;
    this.namespace = namespace;
    this.taskQueue = taskQueue;
    // Lazy: connecting is `connect()`'s job, at start-up, where its failure can say what to do.
    this.connection = Connection.lazy({ address, tls: tls ?? (apiKey ? true : undefined), apiKey, connectTimeout: connectTimeoutMs });
    this.clientOptions = { dataConverter: options.dataConverter, interceptors: { workflow: tasksClientInterceptors(options) } };
    this.client = new Client({ connection: this.connection, namespace, ...this.clientOptions });
    this.resultWaits = new Semaphore(options.limits.resultWaits, options.limits.resultWaitQueue);
  }

  /**
   * Connects and checks that the namespace exists, within `connection.connectTimeout`; once per process (later calls
   * share the first one's outcome). Throws `TemporalUnavailableError` or `TemporalNamespaceNotFoundError`.
   */
  connect(): Promise<void> {
    this.verified ??= this.call('connect', async () => {
      const deadline = Date.now() + this.options.connectTimeoutMs;
      await this.connection.ensureConnected();
      await this.connection.withDeadline(deadline, () => this.connection.workflowService.describeNamespace({ namespace: this.namespace }));
    });
    return this.verified;
  }

  /** The Temporal server's version (e.g. `1.32.1`), asked once per process. */
  serverVersion(): Promise<string> {
    this.version ??= this.call('read the server version', async () => (await this.connection.workflowService.getSystemInfo({})).serverVersion ?? '').catch((err: unknown) => {
      this.version = undefined;
      throw err;
    });
    return this.version;
  }

  /**
   * Runs a call to Temporal and turns whatever it throws into a `TasksError` (the original as `cause`). `taskId`
   * names the task the call is about, so that "not found" becomes `TaskNotFoundError`.
   */
  async call<T>(operation: string, fn: () => Promise<T>, taskId?: string): Promise<T> {
    const startedAt = Date.now();
    try {
      return await fn();
    } catch (err) {
      throw toTasksError(err, { operation, address: this.address, namespace: this.namespace, startedAt, taskId });
    }
  }

  /**
   * A client on the local Runner's own connection, while the Runner polls `taskQueue`, for one start. Starting a task
   * through it with `requestEagerStart` hands the first workflow task straight to that Runner, saving a round trip
   * through the task queue (see docs/performance.md). A start is eager only while the queue's Worker has a free
   * workflow task slot, so no more starts go this way at once than it has slots: the rest of a burst takes the
   * module's client and the task queue, as it would anyway, and the Runner's connection is spared a request each (a
   * burst of 5 000 of them, 1 000 at a time, grew the process by about 300 MB at its peak in the SDK's core). Call
   * `release` once the start has returned.
   */
  eagerStart(taskQueue: string): { client: Client; release(): void } | undefined {
    const worker = this.worker;
    const inFlight = this.eagerStarts.get(taskQueue) ?? 0;
    if (!worker?.eagerStart || !worker.queues.has(taskQueue) || inFlight >= worker.eagerSlots) return undefined;
    this.eagerStarts.set(taskQueue, inFlight + 1);
    let released = false;
    return {
      client: worker.client,
      release: () => {
        if (released) return;
        released = true;
        this.eagerStarts.set(taskQueue, (this.eagerStarts.get(taskQueue) ?? 1) - 1);
      },
    };
  }

  /**
   * The client `TaskHandle.result()` waits with: while a Runner polls in this process, the one on its own connection.
   * Its calls are made by the SDK's core, off the JavaScript thread, where the module's gRPC-js connection would spend
   * this process's CPU time and memory on every open wait (a long poll each). The module's client otherwise.
   */
  get waitClient(): Client {
    return this.worker?.client ?? this.client;
  }

  /** Called by the Runner once it polls the given queues, and with undefined before it closes its connection. */
  shareWorkerConnection(connection: NativeConnection | undefined, queues: readonly string[], eager = { start: false, slots: 0 }): void {
    this.worker = connection
      ? { client: new Client({ connection, namespace: this.namespace, ...this.clientOptions }), queues: new Set(queues), eagerStart: eager.start, eagerSlots: eager.slots }
      : undefined;
  }

  /** In a client-only process with `telemetry.metrics`, the SDK runtime that exports them (the Runner does it in a worker). */
  onApplicationBootstrap(): void {
    if (this.options.runner === false && this.options.telemetry.metrics !== undefined) installTasksSdkRuntime(this.options);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.connection.close();
  }
}
