import { REPO_ROOT } from './paths';
import type { ActivityOptions } from '@temporalio/common';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { BenchConfig } from './config';
import type { MachineInfo, Versions } from './machine';
import type { ArmResult, LeverResult } from './measure/arms';
import type { StartupResult } from './measure/startup';
import { round } from './measure/stats';
import { writeFormatted } from './write-formatted';

/** When a run of a suite ran, and on what: the head of every results file. */
export interface RunRecord {
  startedAt: string;
  finishedAt: string;
  durationSeconds: number;
  machine: MachineInfo;
  versions: Versions;
}

/** Everything one run measured, and what it ran on, so that a run can be compared with the next. */
export interface BenchResults extends RunRecord {
  schemaVersion: 2;
  settings: {
    servers: {
      main: { startedByBench: boolean; dynamicConfig: Record<string, string | number | boolean> };
      stock?: { dynamicConfig: Record<string, string | number | boolean> };
    };
    /** CPU the main dev server used per second while nothing ran, measured before the first arm started. */
    serverIdleCpuMsPerSecond?: number;
    config: Omit<BenchConfig, 'temporalAddress'>;
    /** Activity options of the raw workflows (the library's definition defaults). */
    activity: ActivityOptions;
    /** How long bundling the workflow code took in the bench process, before anything was measured. */
    bundleMs: { library: number; raw: number };
  };
  /** The arms of the goal table, by id. */
  main: Record<string, ArmResult>;
  levers: LeverResult[];
  startup: StartupResult[];
}

export const RESULTS_DIR = join(REPO_ROOT, 'bench', 'results');

/** Writes `<startedAt>.json` and `latest.json` to bench/results; returns the first one's path. */
export async function writeResults(results: BenchResults, dir = RESULTS_DIR): Promise<string> {
  mkdirSync(dir, { recursive: true });
  const json = JSON.stringify(results, roundFloats, 2);
  const file = join(dir, resultsFileName(results.startedAt));
  await writeFormatted(file, json);
  await writeFormatted(join(dir, 'latest.json'), json);
  return file;
}

/** The name of a run's results file, from its start time: `<startedAt>.json`, with a prefix for a suite of its own. */
export function resultsFileName(startedAt: string, prefix = ''): string {
  return `${prefix}${startedAt.replace(/[:.]/g, '-')}.json`;
}

/** Two decimals are more than these measurements can tell apart. */
export function roundFloats(_key: string, value: unknown): unknown {
  return typeof value === 'number' && !Number.isInteger(value) ? round(value, 2) : value;
}
