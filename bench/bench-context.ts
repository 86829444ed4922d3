import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { BenchConfig } from './config';
import type { CpuMeter } from './measure/cpu';
import type { Lever } from './levers';
import { createLibraryTarget } from './library/library-target';
import { benchInput, type BenchInput } from './payload';
import { createRawTarget } from './raw/raw-target';
import type { BenchTarget, Side } from './target';

/** What every measurement of a run shares: the server, the two prebuilt bundles, the settings. */
export interface BenchContext {
  config: BenchConfig;
  address: string;
  libraryBundleCode: string;
  rawBundleCode: string;
  libraryBundlePath: string;
  rawBundlePath: string;
  cpu: CpuMeter;
}

/** A task queue of its own for every run, so no run ever sees another's tasks. */
export function runTaskQueue(label: string): string {
  return `bench-${label}-${randomUUID().slice(0, 8)}`;
}

/** Starts one side, set up as the lever says, on a fresh task queue. */
export function startTarget(context: BenchContext, side: Side, lever: Lever, label: string): Promise<BenchTarget> {
  const taskQueue = runTaskQueue(`${lever.id}-${label}-${side}`);
  if (side === 'library') {
    return createLibraryTarget({
      address: context.address,
      taskQueue,
      runner: { bundleCode: context.libraryBundleCode, tuning: lever.tuning, eagerStart: lever.libraryEagerStart ?? false },
    });
  }
  return createRawTarget({
    address: context.address,
    taskQueue,
    bundleCode: context.rawBundleCode,
    tuning: lever.tuning,
    clientMode: lever.raw?.clientMode,
    extras: lever.raw?.extras,
  });
}

/** The task input a lever runs with. */
export function leverInput(context: BenchContext, lever: Lever): BenchInput {
  return benchInput(lever.payload === 'large' ? context.config.largePayloadBytes : context.config.payloadBytes);
}

/** Starts the targets one after the other, runs `use` on them all, and always closes those that started. */
export async function withTargets<T>(
  starts: ReadonlyArray<() => Promise<BenchTarget>>,
  use: (targets: BenchTarget[]) => Promise<T>,
): Promise<T> {
  const started: BenchTarget[] = [];
  try {
    for (const start of starts) started.push(await start());
    return await use(started);
  } finally {
    for (const target of started) await target.close();
  }
}

const benchStart = performance.now();
/** A progress line, with the time since the bench began. */
export function progress(message: string): void {
  console.log(`[bench ${((performance.now() - benchStart) / 1000).toFixed(0).padStart(4)} s] ${message}`);
}
