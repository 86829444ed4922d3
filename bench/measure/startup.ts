import { join } from 'node:path';
import { runTaskQueue } from '../bench-context';
import { BenchChild } from '../child-process';
import type { StartupMode, StartupSample } from '../startup-child';
import { median } from './stats';

export interface StartupResult {
  mode: StartupMode;
  runs: StartupSample[];
  medianToPollingMs: number;
  medianToFirstTaskMs: number;
  medianSinceProcessStartMs: number;
}

const MODES: readonly StartupMode[] = ['library-prebuilt', 'library-bundling', 'raw-prebuilt'];

/** Each start in a fresh child process (so nothing is cached), the modes taking turns run by run. */
export async function measureStartup(options: { address: string; runs: number; bundlePaths: { library: string; raw: string } }): Promise<StartupResult[]> {
  const samples = new Map<StartupMode, StartupSample[]>(MODES.map((mode) => [mode, []]));
  for (let run = 0; run < options.runs; run++) {
    for (let turn = 0; turn < MODES.length; turn++) {
      const mode = MODES[(run + turn) % MODES.length]!;
      const bundle = mode === 'library-prebuilt' ? [options.bundlePaths.library] : mode === 'raw-prebuilt' ? [options.bundlePaths.raw] : [];
      const child = BenchChild.start<never, StartupSample>(join(__dirname, '..', 'startup-child.js'), [mode, options.address, runTaskQueue(`startup-${mode}`), ...bundle]);
      samples.get(mode)!.push(await child.next());
      await child.stop();
    }
  }
  return MODES.map((mode) => {
    const runs = samples.get(mode)!;
    return {
      mode,
      runs,
      medianToPollingMs: median(runs.map((sample) => sample.toPollingMs)),
      medianToFirstTaskMs: median(runs.map((sample) => sample.toFirstTaskMs)),
      medianSinceProcessStartMs: median(runs.map((sample) => sample.sinceProcessStartMs)),
    };
  });
}
