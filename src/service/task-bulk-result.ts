import type { TasksError } from '../errors/tasks.error';
import type { TaskHandle } from '../task-handle';

/** What a bulk action (`abortMany`, `deleteMany`, `retryMany`) did. */
export interface TaskBulkResult {
  /**
   * The Temporal batch operation that did it (`abortMany`, `deleteMany`), as the Web UI's Batch Operations and
   * `temporal batch describe --job-id` show it; undefined for `retryMany` (done by the application) or when no task
   * matched.
   */
  jobId?: string;
  /** `'completed'`, `'failed'` (the batch operation failed as a whole), or `'running'` when it had not ended within the wait. */
  state: 'completed' | 'failed' | 'running';
  /** Tasks the filter selected. */
  matched: number;
  /** Tasks acted on. */
  succeeded: number;
  /** Tasks the action failed on (for a batch operation, Temporal's count of its failed operations). */
  failed: number;
}

/** What `retryMany` did: a `TaskBulkResult`, with the handles of the new runs and each task's error. */
export interface TaskRetryManyResult extends TaskBulkResult {
  /** The new run of each retried task. */
  handles: TaskHandle[];
  /** Each task that was not retried, and why (e.g. a `TaskStateError`: it runs again already). */
  errors: Array<{ taskId: string; error: TasksError }>;
}
