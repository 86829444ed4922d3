import { join } from 'node:path';
import { BenchChild } from '../child-process';
import type { StartupMode, StartupSample } from '../startup-child';
import { median } from './stats';

export interface StartupResult {
  mode: StartupMode;
  runs: StartupSample[];
  medianMs: number;
  medianSinceProcessStartMs: number;
}

export interface StartupOptions {
  address: string;
  runs: number;
  libraryBundlePath: string;
  rawBundlePath: string;
  taskQueue: (label: string) => string;
}

const MODES: readonly StartupMode[] = ['library-prebuilt', 'library-bundling', 'raw-prebuilt'];

/** Each start in a fresh child process (so no bundle is cached), the modes taking turns run by run. */
export async function measureStartup({
  address,
  runs,
  libraryBundlePath,
  rawBundlePath,
  taskQueue,
}: StartupOptions): Promise<StartupResult[]> {
  const samples = new Map<StartupMode, StartupSample[]>(MODES.map((mode) => [mode, []]));
  for (let run = 0; run < runs; run++) {
    for (let turn = 0; turn < MODES.length; turn++) {
      const mode = MODES[(run + turn) % MODES.length]!;
      const bundle = mode === 'library-prebuilt' ? [libraryBundlePath] : mode === 'raw-prebuilt' ? [rawBundlePath] : [];
      const child = BenchChild.start<never, StartupSample>(join(__dirname, '..', 'startup-child.js'), [
        mode,
        address,
        taskQueue(`startup-${mode}-${run}`),
        ...bundle,
      ]);
      samples.get(mode)!.push(await child.next());
      await child.stop();
    }
  }
  return MODES.map((mode) => {
    const runsOfMode = samples.get(mode)!;
    return {
      mode,
      runs: runsOfMode,
      medianMs: median(runsOfMode.map((sample) => sample.ms)),
      medianSinceProcessStartMs: median(runsOfMode.map((sample) => sample.sinceProcessStartMs)),
    };
  });
}
