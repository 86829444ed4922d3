import { performance } from 'node:perf_hooks';
import { randomUUID } from 'node:crypto';
import type { Arm } from './arms';
import type { BenchConfig } from './config';
import type { BenchServer } from './server';

/** What every measurement of a run shares: the settings, the servers, the prebuilt bundles of both sides. */
export interface BenchContext {
  config: BenchConfig;
  servers: { main: BenchServer; stock?: BenchServer };
  bundlePaths: { library: string; raw: string };
}

/** The server an arm runs on. */
export function serverOf(context: BenchContext, arm: Arm): BenchServer {
  const server = arm.server === 'stock' ? context.servers.stock : context.servers.main;
  if (!server) throw new Error(`Arm ${arm.id} needs the stock dev server, which this run has not started (TEMPORAL_ADDRESS is set).`);
  return server;
}

/** A task queue of its own for every arm's process group, so no run ever sees another's tasks. */
export function runTaskQueue(label: string): string {
  return `bench-${label}-${randomUUID().slice(0, 8)}`;
}

const benchStart = performance.now();
/** A progress line, with the time since the bench began. */
export function progress(message: string): void {
  console.log(`[bench ${((performance.now() - benchStart) / 1000).toFixed(0).padStart(4)} s] ${message}`);
}

/** A task queue of its own for a row of the controls suite, recorded in `usedQueues` for the clean-up. */
export function usedTaskQueue(context: { usedQueues: string[] }, label: string): string {
  const taskQueue = runTaskQueue(label);
  context.usedQueues.push(taskQueue);
  return taskQueue;
}
