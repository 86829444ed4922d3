import type { WorkflowExecutionStatusName } from '@temporalio/client';
import type { TaskStatus } from '../../workflows/task-workflow.types';

/**
 * A task's status from Temporal's execution status and the status the workflow recorded. A closed execution
 * speaks for itself; an open one is `pending` until a Runner has begun it (the workflow records `running` in its
 * first workflow task, which a delayed start holds back).
 */
export function deriveTaskStatus(execution: WorkflowExecutionStatusName, recorded: string | undefined): TaskStatus {
  switch (execution) {
    case 'COMPLETED':
      return 'success';
    case 'CANCELLED':
      return 'aborted';
    case 'FAILED':
    case 'TERMINATED':
    case 'TIMED_OUT':
      return 'failed';
    default:
      return recorded === undefined || recorded === 'pending' ? 'pending' : 'running';
  }
}

/** The visibility query that selects tasks of a status. */
export function statusQuery(status: TaskStatus): string {
  switch (status) {
    case 'pending':
      return `ExecutionStatus = 'Running' AND TaskStatus = 'pending'`;
    case 'running':
      return `ExecutionStatus = 'Running' AND TaskStatus IN ('running', 'success', 'failed', 'aborted')`;
    case 'success':
      return `ExecutionStatus = 'Completed'`;
    case 'failed':
      return `ExecutionStatus IN ('Failed', 'Terminated', 'TimedOut')`;
    case 'aborted':
      return `ExecutionStatus = 'Canceled'`;
  }
}
