/**
 * Child process of the start-up measurement: a fresh process, so nothing is cached (the library's per-process bundle
 * cache included). Times one start, from creating the Nest application context (raw: connecting the worker's
 * `NativeConnection`) to the worker polling, and on to the first task's result, the task triggered at once.
 * argv: <mode> <address> <taskQueue> [<bundle file>]
 */
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { createLibraryTarget } from './library/library-target';
import { benchInput } from './payload';
import { createRawTarget } from './raw/raw-target';
import type { BenchTarget } from './target';

export type StartupMode = 'library-prebuilt' | 'library-bundling' | 'raw-prebuilt';

export interface StartupSample {
  mode: StartupMode;
  /** From `NestFactory.createApplicationContext` (raw: `NativeConnection.connect`) to the worker polling. */
  toPollingMs: number;
  /** From the same moment to the first task's result: the start-up a user waits for. */
  toFirstTaskMs: number;
  /** From the process's start to the first task's result: also loading the modules (compiled JavaScript). */
  sinceProcessStartMs: number;
}

async function main(): Promise<void> {
  const [mode, address, taskQueue, bundlePath] = process.argv.slice(2) as [StartupMode, string, string, string | undefined];
  Runtime.install({ logger: new DefaultLogger('WARN') });
  // Read beforehand: the prebuilt modes measure a start that is handed the bundle's code.
  const bundleCode = bundlePath === undefined ? undefined : readFileSync(bundlePath, 'utf8');
  if (mode !== 'library-bundling' && bundleCode === undefined) throw new Error(`${mode} needs a bundle file`);

  const started = performance.now();
  // Each side with its defaults: the library starts the task eagerly, the raw client through its own connection.
  const target: BenchTarget =
    mode === 'raw-prebuilt'
      ? await createRawTarget({ side: 'raw', eagerStart: false, local: false }, { address, taskQueue, bundleCode: bundleCode! })
      : await createLibraryTarget({ side: 'library', eagerStart: true, local: false }, { address, taskQueue, bundleCode: mode === 'library-prebuilt' ? bundleCode : undefined });
  const polling = performance.now();
  await (await target.trigger(benchInput(100))).result();
  const done = performance.now();
  const sample: StartupSample = { mode, toPollingMs: polling - started, toFirstTaskMs: done - started, sinceProcessStartMs: done };
  process.send!(sample);
  await target.close();
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
