import type { WorkflowExecutionStatusName } from '@temporalio/client';
import type { TaskStatus } from '../../workflows/task-workflow.types';

/**
 * A task's status, from Temporal's own record. A closed execution speaks for itself. An open one is `pending` while
 * it waits for its start time (its `TaskStatus` search attribute says so) or for a Runner to begin it (no workflow
 * task has started: its history holds at most the start and the first scheduled workflow task), `waiting` while it
 * waits for a message (`controller.waitFor`: the search attribute says so too), and `running` otherwise.
 * `historyLength` is unknown in visibility listings, which then judge by the search attribute alone.
 */
export function deriveTaskStatus(execution: WorkflowExecutionStatusName, recorded: string | undefined, historyLength?: number): TaskStatus {
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
      if (recorded === 'waiting') return 'waiting';
      return recorded === 'pending' || (historyLength !== undefined && historyLength <= 2) ? 'pending' : 'running';
  }
}

/** The visibility query that selects tasks of a status. */
export function statusQuery(status: TaskStatus): string {
  switch (status) {
    case 'pending':
      return `ExecutionStatus = 'Running' AND TaskStatus = 'pending'`;
    case 'running':
      return `ExecutionStatus = 'Running' AND TaskStatus IS NULL`;
    case 'waiting':
      return `ExecutionStatus = 'Running' AND TaskStatus = 'waiting'`;
    case 'success':
      return `ExecutionStatus = 'Completed'`;
    case 'failed':
      return `ExecutionStatus IN ('Failed', 'Terminated', 'TimedOut')`;
    case 'aborted':
      return `ExecutionStatus = 'Canceled'`;
  }
}
