import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { Client, Connection } from '@temporalio/client';
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

  async onApplicationShutdown(): Promise<void> {
    await this.connection.close();
  }
}
