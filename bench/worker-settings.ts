import type { WorkerOptions } from '@temporalio/worker';

/**
 * The Runner's worker options when the app sets none (RUNNER_DEFAULTS in src/runner/task.runner.ts, which the
 * library does not export). The raw worker gets exactly these, so both sides run with the same worker settings.
 */
export const LIBRARY_WORKER_DEFAULTS = {
  shutdownGraceTime: '10 seconds',
  maxHeartbeatThrottleInterval: '1 second',
  maxConcurrentActivityTaskExecutions: 100,
  maxConcurrentWorkflowTaskExecutions: 40,
} as const;

/** The worker settings a lever changes. Unset fields keep the defaults above (and the SDK's own). */
export type WorkerTuning = Pick<
  WorkerOptions,
  | 'maxConcurrentActivityTaskExecutions'
  | 'maxConcurrentWorkflowTaskExecutions'
  | 'maxConcurrentWorkflowTaskPolls'
  | 'maxConcurrentActivityTaskPolls'
  | 'workflowTaskPollerBehavior'
  | 'activityTaskPollerBehavior'
  | 'maxEagerActivityReservationsPerWorkflowTask'
>;
