import type { ArmResult } from './measure/arms';
import { median } from './measure/stats';
import { HISTORY_TASK } from './server';

/** The figures the report and the goals read from an arm's results; undefined where the run did not measure them. */
export const figures = {
  /** Median tasks per second of the runs at `tasks`. */
  tasksPerSecond: (arm: ArmResult | undefined, tasks: number): number | undefined => medianOf(arm?.throughput[tasks]?.map((run) => run.tasksPerSecond)),
  /** Median server CPU ms per task of the runs at `tasks`. */
  serverCpu: (arm: ArmResult | undefined, tasks: number): number | undefined =>
    medianOf(arm?.throughput[tasks]?.flatMap((run) => (run.serverCpuMsPerTask === undefined ? [] : [run.serverCpuMsPerTask]))),
  /** Median app-process CPU ms per task of the runs at `tasks`. */
  appCpu: (arm: ArmResult | undefined, tasks: number): number | undefined => medianOf(arm?.throughput[tasks]?.map((run) => run.appCpuMsPerTask)),
  /** Median of the server's persistence requests per task (all operations; not its background tasks) of the runs at `tasks`. */
  serverRequests: (arm: ArmResult | undefined, tasks: number): number | undefined =>
    medianOf(
      arm?.throughput[tasks]?.flatMap((run) =>
        run.serverRequestsPerTask
          ? [Object.entries(run.serverRequestsPerTask).reduce((sum, [key, count]) => (key.startsWith(HISTORY_TASK) ? sum : sum + count), 0)]
          : [],
      ),
    ),
  /** The server's persistence requests per task by `service/operation`, averaged over the runs at `tasks`. */
  serverRequestsByOperation: (arm: ArmResult | undefined, tasks: number): Record<string, number> => {
    const runs = (arm?.throughput[tasks] ?? []).flatMap((run) => (run.serverRequestsPerTask ? [run.serverRequestsPerTask] : []));
    const sums: Record<string, number> = {};
    for (const run of runs) for (const [key, count] of Object.entries(run)) sums[key] = (sums[key] ?? 0) + count / runs.length;
    return sums;
  },
  events: (arm: ArmResult | undefined): number | undefined => arm?.histories?.events,
  historyBytes: (arm: ArmResult | undefined): number | undefined => arm?.histories?.bytes,
  startEventBytes: (arm: ArmResult | undefined): number | undefined => arm?.histories?.startEventBytes,
  p50: (arm: ArmResult | undefined): number | undefined => arm?.latency?.p50,
  p99: (arm: ArmResult | undefined): number | undefined => arm?.latency?.p99,
  /** RSS of the arm's process right after its run at the largest size. */
  rssAfterRun: (arm: ArmResult | undefined): number | undefined => arm?.memoryAfterRun?.now.rssMb,
};

function medianOf(values: number[] | undefined): number | undefined {
  return values && values.length > 0 ? median(values) : undefined;
}
