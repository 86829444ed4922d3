import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BenchConfig } from './config';
import type { ControlRowResults } from './controls';
import { RESULTS_DIR, resultsFileName, roundFloats, type BenchResults, type RunRecord } from './results';
import { writeFormatted } from './write-formatted';

/** What one run of the controls suite measured, and what it ran on: its own file, next to the main suite's. */
export interface ControlsResults extends RunRecord {
  schemaVersion: 1;
  suite: 'controls';
  settings: {
    server: { startedByBench: boolean; dynamicConfig: Record<string, string | number | boolean> };
    config: Omit<BenchConfig, 'temporalAddress'>;
  };
  rows: ControlRowResults;
}

/** What the controls suite's results files are named with: `controls-<startedAt>.json`. */
export const CONTROLS_PREFIX = 'controls-';
/** The latest controls run, read by every report: the main suite's page renders its section from it. */
export const CONTROLS_LATEST = 'controls-latest.json';
/** The latest main run, read by the controls suite to render the rest of the page. */
export const MAIN_LATEST = 'latest.json';

/** Writes `controls-<startedAt>.json` and `controls-latest.json` to bench/results; returns the first one's path. */
export async function writeControlsResults(results: ControlsResults, dir = RESULTS_DIR): Promise<string> {
  mkdirSync(dir, { recursive: true });
  const json = JSON.stringify(results, roundFloats, 2);
  const file = join(dir, resultsFileName(results.startedAt, CONTROLS_PREFIX));
  await writeFormatted(file, json);
  await writeFormatted(join(dir, CONTROLS_LATEST), json);
  return file;
}

/** The latest results of the controls suite, or undefined when it has never run (or its file is of another schema). */
export function readLatestControls(dir = RESULTS_DIR): ControlsResults | undefined {
  const parsed = readJson(join(dir, CONTROLS_LATEST)) as Partial<ControlsResults> | undefined;
  return parsed?.suite === 'controls' && parsed.schemaVersion === 1 ? (parsed as ControlsResults) : undefined;
}

/** The latest results of the main suite, or undefined when there are none of its current schema. */
export function readLatestMain(dir = RESULTS_DIR): BenchResults | undefined {
  const parsed = readJson(join(dir, MAIN_LATEST)) as Partial<BenchResults> | undefined;
  return parsed?.schemaVersion === 2 ? (parsed as BenchResults) : undefined;
}

function readJson(path: string): unknown {
  return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as unknown) : undefined;
}
