import type { WorkerOptions } from '@temporalio/worker';

/**
 * The worker settings an arm may change. Unset fields keep each side's defaults: the SDK's for the raw worker, the
 * Runner's for the library (whose slot counts, 100 activity and 40 workflow tasks, are the SDK's too).
 */
export type WorkerTuning = Pick<
  WorkerOptions,
  | 'maxConcurrentActivityTaskExecutions'
  | 'maxConcurrentWorkflowTaskExecutions'
  | 'maxConcurrentWorkflowTaskPolls'
  | 'maxConcurrentActivityTaskPolls'
  | 'workflowTaskPollerBehavior'
  | 'activityTaskPollerBehavior'
  | 'maxEagerActivityReservationsPerWorkflowTask'
  | 'maxCachedWorkflows'
>;
