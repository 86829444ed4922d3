import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { setUpTracing } from './tracing.js';
import { WorkerModule } from './worker.module.js';

/**
 * The worker process: runs tasks, serves no HTTP. Start as many as the load needs, on any machines that reach the
 * Temporal server (`docker compose up --scale worker=3`). Environment: TEMPORAL_ADDRESS (default localhost:7233),
 * TASKS_WORKFLOW_BUNDLE (a prebuilt workflow bundle, see bundle-workflows.ts), TASKS_TASK_QUEUE (default `tasks`).
 */
async function bootstrap(): Promise<void> {
  const temporalAddress = process.env.TEMPORAL_ADDRESS ?? 'localhost:7233';
  setUpTracing();
  // createApplicationContext runs every lifecycle hook, so the Runner starts; no HTTP server is created.
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot({ temporalAddress }), { abortOnError: false });
  // On SIGINT/SIGTERM the Runner stops polling and lets running tasks finish within its shutdownGraceTime.
  app.enableShutdownHooks();
  new Logger('Worker').log(`Worker running against ${temporalAddress}. Stop it with SIGINT or SIGTERM.`);
}

bootstrap().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
