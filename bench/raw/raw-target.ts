import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { randomUUID } from 'node:crypto';
import type { ArmProcess } from '../arms';
import type { BenchInput } from '../payload';
import type { BenchTarget } from '../target';
import type { WorkerTuning } from '../worker-settings';
import { createRawActivities } from './activities';

export interface RawWorker {
  worker: Worker;
  connection: NativeConnection;
  /** Stops polling, waits for the worker to drain, closes its connection. */
  close(): Promise<void>;
}

/** A raw SDK worker with the SDK's defaults and the arm's tuning on top. */
export async function startRawWorker(options: { address: string; taskQueue: string; bundleCode: string; tuning?: WorkerTuning }): Promise<RawWorker> {
  const connection = await NativeConnection.connect({ address: options.address });
  let worker: Worker;
  try {
    worker = await Worker.create({
      connection,
      namespace: 'default',
      taskQueue: options.taskQueue,
      workflowBundle: { code: options.bundleCode },
      activities: createRawActivities(),
      ...options.tuning,
    });
  } catch (err) {
    await connection.close();
    throw err;
  }
  const running = worker.run();
  return {
    worker,
    connection,
    async close() {
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await running;
      await connection.close();
    },
  };
}

/**
 * The raw side of an arm: a raw worker and a raw client in one process. With eager start the client shares the
 * worker's `NativeConnection` and sets `requestEagerStart`; without, it opens a gRPC `Connection` of its own.
 */
export async function createRawTarget(process: ArmProcess, options: { address: string; taskQueue: string; bundleCode: string }): Promise<BenchTarget> {
  const { address, taskQueue } = options;
  const raw = await startRawWorker({ ...options, tuning: process.tuning });
  const ownConnection = process.eagerStart ? undefined : await Connection.connect({ address }).catch(async (err: unknown) => {
    await raw.close();
    throw err;
  });
  const client = new Client({ connection: ownConnection ?? raw.connection, namespace: 'default' });
  const workflowType = process.local ? 'rawLocalTaskWorkflow' : 'rawTaskWorkflow';
  return {
    async trigger(input: BenchInput) {
      const handle = await client.workflow.start(workflowType, {
        taskQueue,
        workflowId: `rawTask/${randomUUID()}`,
        args: process.heartbeatAtStart || process.localPatch ? [input, true] : [input],
        requestEagerStart: process.eagerStart,
      });
      return { id: handle.workflowId, eager: handle.eagerlyStarted, result: () => handle.result() };
    },
    async close() {
      await raw.close();
      await ownConnection?.close();
    },
  };
}
