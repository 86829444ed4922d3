import 'reflect-metadata';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { createRequire } from 'node:module';
import { TaskService, TasksModule } from 'nestjs-temporal-tasks';
import { runScenarios } from './run-scenarios.js';
import { Greeter, GreetTask, RefuseTask, WaitForAbortTask } from './tasks.js';

@Module({
  imports: [TasksModule.forRoot({ connection: { address: process.env.TEMPORAL_ADDRESS }, taskQueue: process.env.TASK_QUEUE })],
  providers: [Greeter, GreetTask, WaitForAbortTask, RefuseTask],
})
class AppModule {}

const app = await NestFactory.createApplicationContext(AppModule, { logger: ['error', 'warn'] });
try {
  const report = await runScenarios(app);
  // The package loaded the other way (require) must be the very same instance: one set of DI tokens and classes.
  const required = createRequire(import.meta.url)('nestjs-temporal-tasks') as { TasksModule: unknown; TaskService: unknown };
  const sameInstance = required.TasksModule === TasksModule && required.TaskService === TaskService;
  console.log(`REPORT ${JSON.stringify({ ...report, moduleFormat: 'esm', sameInstance })}`);
} finally {
  await app.close();
}
