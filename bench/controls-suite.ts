import type { BenchContext } from './bench-context';
import { recordedConfig } from './config';
import { measureControls, type ControlRowResults, type ControlsContext } from './controls';
import type { ControlsResults } from './controls-results';
import { loadAverageNow, versions, type MachineInfo } from './machine';
import { terminateQueues } from './terminate-queues';

/**
 * The controls suite (bench/controls.ts) on the main server. Its workflows are left to the server when the bench
 * started it (it stops with the bench); on a server at TEMPORAL_ADDRESS they are terminated at the end.
 */
export async function measureControlsSuite(context: BenchContext, startedAt: Date, machine: MachineInfo): Promise<ControlsResults> {
  const controls: ControlsContext = { ...context, usedQueues: [] };
  let rows: ControlRowResults;
  try {
    rows = await measureControls(controls);
  } finally {
    if (!context.servers.main.startedByBench && controls.usedQueues.length > 0) await terminateQueues(context.servers.main.address, controls.usedQueues);
  }
  const finishedAt = new Date();
  return {
    schemaVersion: 1,
    suite: 'controls',
    startedAt: startedAt.toISOString(),
    finishedAt: finishedAt.toISOString(),
    durationSeconds: (finishedAt.getTime() - startedAt.getTime()) / 1000,
    machine: { ...machine, loadAverage: { ...machine.loadAverage, end: loadAverageNow() } },
    versions: versions(context.servers.main),
    settings: {
      server: { startedByBench: context.servers.main.startedByBench, dynamicConfig: context.servers.main.dynamicConfig },
      config: recordedConfig(context.config),
    },
    rows,
  };
}

