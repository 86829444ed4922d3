import { randomUUID } from 'node:crypto';
import type { temporal } from '@temporalio/proto';
import type { TasksClient } from '../client/tasks-client';
import { grpcStatusOf } from '../client/to-tasks-error';
import type { TaskBulkResult } from './task-bulk-result';

/** The operation of a batch: one of `StartBatchOperationRequest`'s, e.g. `{ cancellationOperation: {} }`. */
export type BatchOperation = Pick<temporal.api.workflowservice.v1.IStartBatchOperationRequest, 'cancellationOperation' | 'deletionOperation' | 'signalOperation'>;

/** Which workflows a batch acts on: an (escaped, scoped) visibility query, or exactly these executions. */
export type BatchTarget = { query: string } | { executions: Array<{ workflowId: string; runId: string }> };

/** How long a bulk action waits for its batch operation to end before it answers `state: 'running'`. */
export const BATCH_WAIT_MS = 120_000;
/** How long a batch waits for a free place when the namespace runs its maximum of batch operations (1 by default). */
const BATCH_START_TRIES_MS = 60_000;

/** `temporal.api.enums.v1.BatchOperationState`, without a direct dependency on the protos. */
const STATE = { RUNNING: 1, COMPLETED: 2, FAILED: 3 } as const;

/**
 * Runs a Temporal batch operation (server side: one request from the application whatever the number of workflows)
 * and waits for it to end, then reports Temporal's own counts. A namespace runs few batch operations at once
 * (`frontend.MaxConcurrentBatchOperationPerNamespace`, 1 by default): a refused start is tried again for a minute.
 */
export async function runBatchOperation(temporalClient: TasksClient, operation: string, target: BatchTarget, batch: BatchOperation, reason: string): Promise<TaskBulkResult> {
  const { client, namespace } = temporalClient;
  const service = client.workflowService;
  const jobId = `tasks-${operation}-${randomUUID()}`;
  const identity = client.options.identity;
  const request: temporal.api.workflowservice.v1.IStartBatchOperationRequest = {
    namespace,
    jobId,
    reason,
    ...('query' in target ? { visibilityQuery: target.query } : { executions: target.executions }),
    ...withIdentity(batch, identity),
  };
  const startBy = Date.now() + BATCH_START_TRIES_MS;
  for (;;) {
    try {
      await service.startBatchOperation(request);
      break;
    } catch (err) {
      if (grpcStatusOf(err) !== 8 || Date.now() > startBy) throw err;
      await sleep(1_000);
    }
  }
  const waitUntil = Date.now() + BATCH_WAIT_MS;
  for (let delay = 200; ; delay = Math.min(delay * 2, 2_000)) {
    const described = await service.describeBatchOperation({ namespace, jobId });
    const state = described.state as number;
    if (state !== STATE.RUNNING || Date.now() > waitUntil) {
      const failed = Number(described.failureOperationCount ?? 0);
      return {
        jobId,
        state: state === STATE.COMPLETED ? 'completed' : state === STATE.FAILED ? 'failed' : 'running',
        matched: Number(described.totalOperationCount ?? 0),
        succeeded: Number(described.completeOperationCount ?? 0),
        failed,
      };
    }
    await sleep(delay);
  }
}

function withIdentity(batch: BatchOperation, identity: string | undefined): BatchOperation {
  return Object.fromEntries(Object.entries(batch).map(([key, value]) => [key, { ...(value as object), identity }])) as BatchOperation;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
