import { Client, Connection, type WorkflowExecutionDescription } from '@temporalio/client';
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { BENCH_MESSAGE_PAYLOAD, type BenchInput } from '../payload';
import type { RoundTrips } from '../library/library-wait-apps';
import { pollUntil } from '../poll-until';
import { startRawWorker } from './raw-target';
import { rawGoSignal, rawGoUpdate } from './wait-workflows';

/** How the raw side hands its waiting workflow the message: a signal, or an Update (accepted and completed). */
export type RawMessageKind = 'signal' | 'update';

/**
 * The raw side of the `send` row: a raw worker and a raw client (a gRPC connection of its own, as the library's
 * TaskService has). Each round trip starts `rawWaitWorkflow`, waits (untimed) until `describe()` says it waits, then
 * times `handle.signal()` (or `executeUpdate`) to `handle.result()`.
 */
export async function createRawSender(options: { address: string; taskQueue: string; bundleCode: string }) {
  const raw = await startRawWorker(options);
  const connection = await Connection.connect({ address: options.address }).catch(async (err: unknown) => {
    await raw.close();
    throw err;
  });
  const client = new Client({ connection, namespace: 'default' });
  return {
    async roundTrips(runs: number, input: BenchInput, kind: RawMessageKind): Promise<RoundTrips> {
      const samples: RoundTrips = { ms: [], messageMs: [] };
      for (let run = 0; run < runs; run++) {
        const handle = await client.workflow.start('rawWaitWorkflow', { taskQueue: options.taskQueue, workflowId: `rawWait/${randomUUID()}`, args: [input] });
        await pollUntil(async () => isWaiting(await handle.describe()), `workflow ${handle.workflowId} waiting`, 60_000);
        const started = performance.now();
        if (kind === 'signal') await handle.signal(rawGoSignal, BENCH_MESSAGE_PAYLOAD);
        else await handle.executeUpdate(rawGoUpdate, { args: [BENCH_MESSAGE_PAYLOAD] });
        samples.messageMs.push(performance.now() - started);
        await handle.result();
        samples.ms.push(performance.now() - started);
      }
      return samples;
    },
    async close() {
      await raw.close();
      await connection.close();
    },
  };
}

/**
 * Whether the raw workflow waits on its `condition()`: its first workflow task completed (start, scheduled, started,
 * completed: 4 events) and no other is pending. Read with `describe()`, which the server answers alone: a query
 * would go through the worker, and one just before the message was seen to slow the round trip that follows.
 */
export function isWaiting(description: Pick<WorkflowExecutionDescription, 'historyLength'> & { raw: { pendingWorkflowTask?: unknown } }): boolean {
  return description.historyLength >= 4 && !description.raw.pendingWorkflowTask;
}
