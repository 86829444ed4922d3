import type { LatencySummary } from './measure/latency';
import type { ArmThroughput } from './measure/comparison';

/** Number formatting for docs/performance.md; a dash where there is no figure. */
export const fixed = (value: number | undefined, digits = 1): string =>
  value === undefined || !Number.isFinite(value) ? '–' : value.toFixed(digits);

export const quotient = (numerator: number | undefined, denominator: number | undefined): number | undefined =>
  numerator === undefined || denominator === undefined || denominator === 0 ? undefined : numerator / denominator;

/** A ratio, as `0.93`. */
export const ratio = (value: number | undefined): string => fixed(value, 2);

/** A factor against a reference, as `×1.12`. */
export const times = (value: number | undefined, reference: number | undefined): string => {
  const factor = quotient(value, reference);
  return factor === undefined ? '–' : `×${factor.toFixed(2)}`;
};

export const tasksPerSecond = (arm: ArmThroughput | undefined): string => fixed(arm?.tasksPerSecond);

export const runsOf = (arm: ArmThroughput | undefined): string =>
  arm ? arm.runs.map((run) => run.tasksPerSecond.toFixed(1)).join(', ') : '–';

/** CPU ms per task, bench process + server (the bench process alone when the server's is unknown). */
export const cpuTotal = (arm: ArmThroughput | undefined): number | undefined =>
  arm && arm.cpuMsPerTask.bench + (arm.cpuMsPerTask.server ?? 0);

export const cpuParts = ({ bench, server }: { bench: number; server?: number }): string =>
  server === undefined ? bench.toFixed(1) : `${bench.toFixed(1)} + ${server.toFixed(1)} = ${(bench + server).toFixed(1)}`;

export const cpu = (arm: ArmThroughput | undefined): string => (arm ? cpuParts(arm.cpuMsPerTask) : '–');

export const percentiles = (latency: LatencySummary | undefined): string =>
  latency ? `${fixed(latency.p50)} / ${fixed(latency.p95)} / ${fixed(latency.p99)}` : '–';

export const verdict = (value: number | undefined, want: 'atLeast' | 'atMost'): string =>
  value === undefined ? '–' : (want === 'atLeast' ? value >= 1 : value <= 1) ? 'met' : 'not met';
