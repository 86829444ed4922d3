/**
 * Child process of the start-up measurement: a fresh process, so the library's per-process bundle cache is cold.
 * Times one start, from creating the Nest application context (or the raw connection) to the worker polling.
 * argv: <mode> <address> <taskQueue> [<bundle file>]
 */
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { TaskRunner } from '../src';
import { createLibraryApp } from './library/library-app';
import { startRawWorker } from './raw/raw-target';

export type StartupMode = 'library-prebuilt' | 'library-bundling' | 'raw-prebuilt';

export interface StartupSample {
  mode: StartupMode;
  /** From `NestFactory.createApplicationContext` (raw: `NativeConnection.connect`) to the worker RUNNING. */
  ms: number;
  /** From the process's start to the worker RUNNING: also loading Node modules (compiled JavaScript). */
  sinceProcessStartMs: number;
}

async function main(): Promise<void> {
  const [mode, address, taskQueue, bundlePath] = process.argv.slice(2) as [StartupMode, string, string, string | undefined];
  Runtime.install({ logger: new DefaultLogger('WARN') });
  // Read beforehand: the prebuilt modes measure a start that is handed the bundle's code.
  const bundleCode = bundlePath === undefined ? undefined : readFileSync(bundlePath, 'utf8');
  if (mode !== 'library-bundling' && bundleCode === undefined) throw new Error(`${mode} needs a bundle file`);

  const started = performance.now();
  let close: () => Promise<void>;
  if (mode === 'raw-prebuilt') {
    const raw = await startRawWorker({ address, taskQueue, bundleCode: bundleCode! });
    assertRunning(raw.worker.getState());
    close = () => raw.close();
  } else {
    const app = await createLibraryApp({
      address,
      taskQueue,
      runner: { bundleCode: mode === 'library-prebuilt' ? bundleCode : undefined },
    });
    assertRunning(app.get(TaskRunner).temporalWorker?.getState());
    close = () => app.close();
  }
  const ended = performance.now();
  const sample: StartupSample = { mode, ms: ended - started, sinceProcessStartMs: ended };
  process.send!(sample);
  await close();
}

function assertRunning(state: string | undefined): void {
  if (state !== 'RUNNING') throw new Error(`worker is ${state ?? 'not started'} once start-up resolved; expected RUNNING`);
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
