import { REPO_ROOT } from './paths';
import type { ActivityOptions } from '@temporalio/common';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { BenchConfig } from './config';
import type { MachineInfo, Versions } from './machine';
import type { ComparisonResult } from './measure/comparison';
import type { MemoryResult } from './measure/memory';
import type { ScaleResult } from './measure/scale';
import type { StartupResult } from './measure/startup';
import { round } from './measure/stats';
import type { LIBRARY_WORKER_DEFAULTS } from './worker-settings';
import { writeFormatted } from './write-formatted';

/** Everything one run measured, and what it ran on, so that a run can be compared with the next. */
export interface BenchResults {
  schemaVersion: 1;
  startedAt: string;
  finishedAt: string;
  durationSeconds: number;
  machine: MachineInfo;
  versions: Versions;
  settings: {
    server: { startedByBench: boolean; dynamicConfig: Record<string, string | number | boolean> };
    config: Omit<BenchConfig, 'temporalAddress'>;
    /** Worker options of both sides in the baseline (the Runner's defaults). */
    worker: typeof LIBRARY_WORKER_DEFAULTS;
    /** Activity options of both sides (the library's definition defaults). */
    activity: ActivityOptions;
    /** How long bundling the workflow code took in the bench process, before anything was measured. */
    bundleMs: { library: number; raw: number };
  };
  baseline: ComparisonResult;
  levers: ComparisonResult[];
  overheads: ComparisonResult;
  scale: ScaleResult[];
  startup: StartupResult[];
  memory: MemoryResult[];
}

export const RESULTS_DIR = join(REPO_ROOT, 'bench', 'results');

/** Writes `<startedAt>.json` and `latest.json` to bench/results; returns the first one's path. */
export async function writeResults(results: BenchResults, dir = RESULTS_DIR): Promise<string> {
  mkdirSync(dir, { recursive: true });
  const json = JSON.stringify(results, roundFloats, 2);
  const file = join(dir, `${results.startedAt.replace(/[:.]/g, '-')}.json`);
  await writeFormatted(file, json);
  await writeFormatted(join(dir, 'latest.json'), json);
  return file;
}

/** Two decimals are more than these measurements can tell apart. */
function roundFloats(_key: string, value: unknown): unknown {
  return typeof value === 'number' && !Number.isInteger(value) ? round(value, 2) : value;
}
