import type { ActivityOptions, LocalActivityOptions } from '@temporalio/common';
import { TASK_DEFAULTS } from '../../src/tasks.constants';

/**
 * The raw workflow's activity options: the retry policy and timeouts a library task gets when its definition sets
 * none, so that the server does the same bookkeeping for both sides.
 */
export const RAW_ACTIVITY_OPTIONS: ActivityOptions = {
  startToCloseTimeout: TASK_DEFAULTS.timeout,
  heartbeatTimeout: TASK_DEFAULTS.heartbeatTimeout,
  retry: { ...TASK_DEFAULTS.retry, nonRetryableErrorTypes: [...TASK_DEFAULTS.retry.nonRetryableErrorTypes] },
};

/** Likewise for the raw local activity: what a `local: true` definition's iterations get. */
export const RAW_LOCAL_ACTIVITY_OPTIONS: LocalActivityOptions = {
  startToCloseTimeout: TASK_DEFAULTS.localTimeout,
  retry: RAW_ACTIVITY_OPTIONS.retry,
};
