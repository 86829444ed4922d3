import { defaultPayloadConverter } from '@temporalio/common';
import { encodeToPayloads } from '@temporalio/common/lib/internal-non-workflow';
import { abortReasonSignal } from '../../workflows/task-workflow.messages';
import { TASK_PARENT_SEARCH_ATTRIBUTE, TASK_STATUS_SEARCH_ATTRIBUTE, type TaskStatus } from '../../workflows/task-workflow.types';
import type { TasksClient } from '../client/tasks-client';
import { InvalidListOptionsError } from '../errors/invalid-list-options.error';
import { TaskOperationError } from '../errors/task-operation.error';
import { TasksError } from '../errors/tasks.error';
import type { TaskHandle } from '../task-handle';
import { TASK_STATUSES } from './check-list-options';
import { runBatchOperation, type BatchOperation, type BatchTarget } from './task-batch-operation';
import type { TaskBulkResult, TaskRetryManyResult } from './task-bulk-result';
import type { TaskCounts } from './task-info';
import { taskQuery, type TaskQueryFilters, type TaskScope } from './task-query';
import { mapBounded } from './map-bounded';
import { deriveTaskStatus } from './task-status';

/** Tasks `retryMany` retries at once: each is a few requests (describe, read the input, start). */
const RETRY_CONCURRENCY = 20;

/**
 * Counts and bulk actions over this application's tasks, selected by a checked filter through the one query builder
 * (`taskQuery`: pinned to the application's queues, workflow types and mark, every value escaped). Aborts and deletes
 * are Temporal batch operations, run by the server; a filter the query cannot express exactly (a parent id holding
 * `\` or `"`, matched by prefix) is first narrowed by the application, and the batch then names its executions.
 */
export class TaskBulkActions {
  constructor(
    private readonly temporal: TasksClient,
    private readonly scope: () => TaskScope,
    private readonly retryOne: (taskId: string) => Promise<TaskHandle>,
  ) {}

  /** How many tasks the filters select, in all and by status: two visibility counts (or a listing, for a prefix filter). */
  async count(filters: TaskQueryFilters): Promise<TaskCounts> {
    const byStatus = Object.fromEntries(TASK_STATUSES.map((status) => [status, 0])) as Record<TaskStatus, number>;
    const scope = this.scope();
    if (scope.definitions.length === 0) return { total: 0, byStatus };
    const { query, exact } = taskQuery(scope, filters);
    if (!exact) {
      for (const execution of await this.executions(filters)) byStatus[execution.status] += 1;
    } else {
      const { client, namespace } = this.temporal;
      const grouped = await client.workflowService.countWorkflowExecutions({ namespace, query: `${query} GROUP BY ExecutionStatus` });
      for (const group of grouped.groups ?? []) {
        const name = group.groupValues?.[0] ? defaultPayloadConverter.fromPayload<string>(group.groupValues[0]) : undefined;
        const status = EXECUTION_STATUS[name ?? ''];
        if (status) byStatus[status] += Number(group.count ?? 0);
      }
      // Visibility groups by execution status alone (GROUP BY takes nothing else): a pending (waiting) task is a
      // running execution marked `TaskStatus = 'pending'` ('waiting'), counted apart.
      for (const mark of ['pending', 'waiting'] as const) {
        if (byStatus.running <= 0) break;
        const marked = await client.workflowService.countWorkflowExecutions({ namespace, query: `${query} AND ExecutionStatus = 'Running' AND ${TASK_STATUS_SEARCH_ATTRIBUTE.name} = '${mark}'` });
        byStatus[mark] = Number(marked.count ?? 0);
        byStatus.running -= byStatus[mark];
      }
    }
    return { total: Object.values(byStatus).reduce((sum, n) => sum + n, 0), byStatus };
  }

  /**
   * Aborts every pending or running task the filters select, as `abort` does one: the reason first (a batch of
   * signals), then the cancellation request (a batch of cancellations). Reports the cancellation batch.
   */
  async abortMany(filters: TaskQueryFilters, reason: string | undefined): Promise<TaskBulkResult> {
    if (filters.status !== undefined && filters.status !== 'pending' && filters.status !== 'running' && filters.status !== 'waiting') {
      throw new InvalidListOptionsError([`status '${filters.status}': only pending, running or waiting tasks can be aborted`], 'abort');
    }
    const target = await this.target({ ...filters, execution: 'open' });
    if (!target) return { ...NOTHING };
    const why = reason ?? 'abortMany';
    if (reason !== undefined) {
      const input = { payloads: await encodeToPayloads(this.temporal.client.options.loadedDataConverter, reason) };
      const signalled = await this.batch('abort', target, { signalOperation: { signal: abortReasonSignal.name, input } }, why);
      if (signalled.state !== 'completed') return signalled;
    }
    return this.batch('abort', target, { cancellationOperation: {} }, why);
  }

  /**
   * Deletes every ended task the filters select (the final run of each: its record and history, so its logs), as a
   * batch of deletions. Earlier runs of a task that continued as new are left to the namespace's retention.
   */
  async deleteMany(filters: TaskQueryFilters): Promise<TaskBulkResult> {
    if (filters.status === 'pending' || filters.status === 'running' || filters.status === 'waiting') {
      throw new InvalidListOptionsError([`status '${filters.status}': only ended tasks (success, failed, aborted) can be deleted; abort them first`], 'delete');
    }
    const target = await this.target({ ...filters, execution: 'closed' });
    if (!target) return { ...NOTHING };
    return this.batch('delete', target, { deletionOperation: {} }, 'deleteMany');
  }

  /**
   * Retries every failed or aborted task the filters select, through `retry` (Temporal has no batch for it: each is
   * a new run with the old input), `RETRY_CONCURRENCY` at a time.
   */
  async retryMany(filters: TaskQueryFilters): Promise<TaskRetryManyResult> {
    if (filters.status !== undefined && filters.status !== 'failed' && filters.status !== 'aborted') {
      throw new InvalidListOptionsError([`status '${filters.status}': only failed or aborted tasks can be retried`], 'retry');
    }
    const ids = [...new Set((await this.executions({ ...filters, execution: 'closed' })).filter(({ status }) => status === 'failed' || status === 'aborted').map(({ workflowId }) => workflowId))];
    const outcomes = await mapBounded(ids, RETRY_CONCURRENCY, async (taskId) => {
      try {
        return { taskId, handle: await this.retryOne(taskId) };
      } catch (err) {
        return { taskId, error: err instanceof TasksError ? err : new TaskOperationError('retryMany', err) };
      }
    });
    const handles = outcomes.flatMap((outcome) => (outcome.handle ? [outcome.handle] : []));
    const errors = outcomes.flatMap(({ taskId, error }) => (error ? [{ taskId, error }] : []));
    return { state: 'completed', matched: ids.length, succeeded: handles.length, failed: errors.length, handles, errors };
  }

  /** What a batch acts on: the query when it is exact, else the executions it selects once narrowed; none when empty. */
  private async target(filters: TaskQueryFilters): Promise<BatchTarget | undefined> {
    const scope = this.scope();
    if (scope.definitions.length === 0) return undefined;
    const { query, exact } = taskQuery(scope, filters);
    if (exact) return { query };
    const executions = (await this.executions(filters)).map(({ workflowId, runId }) => ({ workflowId, runId }));
    return executions.length > 0 ? { executions } : undefined;
  }

  private batch(operation: string, target: BatchTarget, batch: BatchOperation, reason: string): Promise<TaskBulkResult> {
    return this.temporal.call(`${operation}Many`, () => runBatchOperation(this.temporal, operation, target, batch, reason));
  }

  /** The executions the filters select, narrowed exactly (`matches`), with their task status: a paged visibility read. */
  private async executions(filters: TaskQueryFilters): Promise<Array<{ workflowId: string; runId: string; status: TaskStatus }>> {
    const scope = this.scope();
    if (scope.definitions.length === 0) return [];
    const { query, matches } = taskQuery(scope, filters);
    return this.temporal.call('list', async () => {
      const found: Array<{ workflowId: string; runId: string; status: TaskStatus }> = [];
      for await (const execution of this.temporal.client.workflow.list({ query })) {
        const parentId = execution.typedSearchAttributes.get(TASK_PARENT_SEARCH_ATTRIBUTE);
        if (!matches({ workflowId: execution.workflowId, parentId })) continue;
        const status = deriveTaskStatus(execution.status.name, execution.typedSearchAttributes.get(TASK_STATUS_SEARCH_ATTRIBUTE));
        found.push({ workflowId: execution.workflowId, runId: execution.runId, status });
      }
      return found;
    });
  }
}

/** A bulk action that selected nothing. */
const NOTHING: TaskBulkResult = { state: 'completed', matched: 0, succeeded: 0, failed: 0 };

/** Visibility's execution statuses as task statuses (`Running` counts as running until the pending count). */
const EXECUTION_STATUS: Readonly<Record<string, TaskStatus>> = {
  Running: 'running',
  Completed: 'success',
  Failed: 'failed',
  Terminated: 'failed',
  TimedOut: 'failed',
  Canceled: 'aborted',
};
