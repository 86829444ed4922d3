import { Module, type DynamicModule, type INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { TaskService, TasksModule } from 'nestjs-temporal-tasks';
import { EntriesModule } from '../../../examples/basic/src/entries.module.js';

/**
 * A client-only Nest application in the test process, as a second web process would be: the built package
 * (`nestjs-temporal-tasks`, i.e. dist/, never the library's TypeScript source) with `runner: false`, declaring the
 * example's definitions so that it can trigger them too.
 */
@Module({})
class ClientAppModule {
  static forRoot(address: string, taskQueue: string): DynamicModule {
    return {
      module: ClientAppModule,
      imports: [TasksModule.forRoot({ isGlobal: true, connection: { address }, taskQueue, runner: false }), EntriesModule],
    };
  }
}

/** A running client-only application: its `TaskService`, and how to close it. */
export interface ClientApp {
  tasks: TaskService;
  close(): Promise<void>;
}

/** Boots a client-only application against a Temporal server, on a task queue. */
export async function startClientApp(address: string, taskQueue: string): Promise<ClientApp> {
  const app: INestApplicationContext = await NestFactory.createApplicationContext(ClientAppModule.forRoot(address, taskQueue), {
    logger: ['error', 'warn'],
  });
  return { tasks: app.get(TaskService), close: () => app.close() };
}
