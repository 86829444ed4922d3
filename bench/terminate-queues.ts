import { Connection } from '@temporalio/client';
import { randomUUID } from 'node:crypto';
import { progress } from './bench-context';

/** How long the clean-up waits for its batch operation (the server terminates at its own pace). */
const TERMINATE_WAIT_MS = 10 * 60_000;

/**
 * Terminates every workflow still running on the given task queues, with one batch operation (server side), and waits
 * for it: what the bench leaves on a server it did not start. Workflows visibility had not indexed yet when the
 * batch began are missed; those queues are the bench's own, and no worker will ever poll them.
 */
export async function terminateQueues(address: string, queues: readonly string[]): Promise<void> {
  const connection = await Connection.connect({ address });
  try {
    const service = connection.workflowService;
    const namespace = 'default';
    const jobId = `bench-cleanup-${randomUUID()}`;
    const visibilityQuery = `ExecutionStatus = 'Running' AND TaskQueue IN (${queues.map((queue) => `'${queue}'`).join(', ')})`;
    await service.startBatchOperation({ namespace, jobId, reason: 'nestjs-temporal-tasks bench: clean-up', visibilityQuery, terminationOperation: {} });
    const until = Date.now() + TERMINATE_WAIT_MS;
    for (;;) {
      const described = await service.describeBatchOperation({ namespace, jobId });
      if (Number(described.state) !== 1 || Date.now() > until) {
        progress(`clean-up: terminated ${Number(described.completeOperationCount ?? 0)} of ${Number(described.totalOperationCount ?? 0)} workflows left on the bench's task queues`);
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, 2_000));
    }
  } finally {
    await connection.close();
  }
}
