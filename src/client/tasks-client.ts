import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { Client, Connection } from '@temporalio/client';
import type { NativeConnection } from '@temporalio/worker';
import { TASKS_MODULE_OPTIONS } from '../tasks.module-definition';
import type { TasksModuleOptions } from '../tasks-module.options';
import { DEFAULT_ADDRESS, DEFAULT_NAMESPACE, DEFAULT_TASK_QUEUE } from './connection-defaults';

/**
 * The Temporal client the library triggers and watches tasks with. The connection is lazy: a web process starts
 * even while Temporal is still coming up, and connects on its first call.
 */
@Injectable()
export class TasksClient implements OnApplicationShutdown {
  readonly connection: Connection;
  readonly client: Client;
  readonly namespace: string;
  readonly taskQueue: string;

  constructor(@Inject(TASKS_MODULE_OPTIONS) options: TasksModuleOptions) {
    const { address = DEFAULT_ADDRESS, tls, apiKey } = options.connection ?? {};
    this.namespace = options.namespace ?? DEFAULT_NAMESPACE;
    this.taskQueue = options.taskQueue ?? DEFAULT_TASK_QUEUE;
    this.connection = Connection.lazy({ address, tls: tls ?? (apiKey ? true : undefined), apiKey });
    this.client = new Client({ connection: this.connection, namespace: this.namespace });
  }

  /**
   * A client on the local Runner's own connection, while the Runner polls. Starting a task through it with
   * `requestEagerStart` hands the first workflow task straight to that Runner, saving a round trip through the
   * task queue (about half the trigger-to-result latency of a short task; see docs/performance.md).
   */
  get eagerClient(): Client | undefined {
    return this.eager;
  }

  private eager?: Client;

  /** Called by the Runner once it polls, and with undefined before it closes its connection. */
  shareWorkerConnection(connection: NativeConnection | undefined): void {
    this.eager = connection ? new Client({ connection, namespace: this.namespace }) : undefined;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.connection.close();
  }
}
