import 'reflect-metadata';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { TasksModule } from 'nestjs-temporal-tasks';
import { runScenarios } from './run-scenarios.js';
import { Greeter, GreetTask, RefuseTask, WaitForAbortTask } from './tasks.js';

@Module({
  imports: [TasksModule.forRoot({ connection: { address: process.env.TEMPORAL_ADDRESS }, taskQueue: process.env.TASK_QUEUE })],
  providers: [Greeter, GreetTask, WaitForAbortTask, RefuseTask],
})
class AppModule {}

async function main(): Promise<void> {
  const app = await NestFactory.createApplicationContext(AppModule, { logger: ['error', 'warn'] });
  try {
    const report = await runScenarios(app);
    console.log(`REPORT ${JSON.stringify({ ...report, moduleFormat: typeof require === 'function' ? 'commonjs' : 'esm' })}`);
  } finally {
    await app.close();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
