import { Client, Connection, type WorkflowOptions } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { randomUUID } from 'node:crypto';
import { TASK_DEFINITION_SEARCH_ATTRIBUTE, TASK_STATUS_SEARCH_ATTRIBUTE } from '../../workflows/task-workflow.types';
import type { BenchInput } from '../payload';
import type { BenchTarget } from '../target';
import { LIBRARY_WORKER_DEFAULTS, type WorkerTuning } from '../worker-settings';
import { createRawActivities } from './activities';
import type { RawExtras } from './raw-extras';
import type { rawTaskWorkflow } from './workflows';

/**
 * How the raw side's client reaches the server:
 * - `own-connection`: a gRPC `Connection` of its own, as the library's TaskService has today;
 * - `worker-connection`: the worker's `NativeConnection`, shared with the client;
 * - `eager-start`: the shared `NativeConnection` and `requestEagerStart`, so the server may hand the first workflow
 *   task straight back to this worker in the start response.
 */
export type RawClientMode = 'own-connection' | 'worker-connection' | 'eager-start';

export interface RawWorkerOptions {
  address: string;
  taskQueue: string;
  bundleCode: string;
  tuning?: WorkerTuning;
}

export interface RawWorker {
  worker: Worker;
  connection: NativeConnection;
  /** Stops polling, waits for the worker to drain, closes its connection. */
  close(): Promise<void>;
}

/** The raw SDK worker, with the library Runner's default options and the scenario's tuning on top. */
export async function startRawWorker({ address, taskQueue, bundleCode, tuning = {} }: RawWorkerOptions): Promise<RawWorker> {
  const connection = await NativeConnection.connect({ address });
  let worker: Worker;
  try {
    worker = await Worker.create({
      connection,
      namespace: 'default',
      taskQueue,
      workflowBundle: { code: bundleCode },
      activities: createRawActivities(),
      ...LIBRARY_WORKER_DEFAULTS,
      ...tuning,
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

/** What TaskService.trigger adds to a start, for the `startAttributes` extra. */
const startAttributes: Pick<
  WorkflowOptions,
  'staticSummary' | 'typedSearchAttributes' | 'workflowIdConflictPolicy' | 'workflowIdReusePolicy'
> = {
  staticSummary: 'Raw task',
  typedSearchAttributes: [
    { key: TASK_DEFINITION_SEARCH_ATTRIBUTE, value: 'rawTask' },
    { key: TASK_STATUS_SEARCH_ATTRIBUTE, value: 'pending' },
  ],
  workflowIdConflictPolicy: 'USE_EXISTING',
  workflowIdReusePolicy: 'REJECT_DUPLICATE',
};

/**
 * A raw client starting `rawTaskWorkflow` on `taskQueue`. Given a worker's `NativeConnection` it shares it (and may
 * request eager start); given an address it opens a gRPC `Connection` of its own.
 */
export async function createRawClient(
  taskQueue: string,
  via: { address: string } | { workerConnection: NativeConnection; eagerStart: boolean },
  extras?: RawExtras,
): Promise<BenchTarget> {
  const ownConnection = 'address' in via ? await Connection.connect({ address: via.address }) : undefined;
  const client = new Client({ connection: 'address' in via ? ownConnection : via.workerConnection, namespace: 'default' });
  const requestEagerStart = 'eagerStart' in via && via.eagerStart;
  let eagerStarts = 0;
  return {
    side: 'raw',
    get eagerStarts() {
      return eagerStarts;
    },
    async trigger(input: BenchInput) {
      const handle = await client.workflow.start<typeof rawTaskWorkflow>('rawTaskWorkflow', {
        taskQueue,
        workflowId: `rawTask/${randomUUID()}`,
        args: extras ? [input, extras] : [input],
        requestEagerStart,
        ...(extras?.startAttributes ? startAttributes : {}),
      });
      if (handle.eagerlyStarted) eagerStarts += 1;
      return handle;
    },
    close: async () => ownConnection?.close(),
  };
}

/**
 * The raw side: a raw worker and a raw client in one process, the client connected as `clientMode` says, doing
 * the library's `extras` when asked to.
 */
export async function createRawTarget(
  options: RawWorkerOptions & { clientMode?: RawClientMode; extras?: RawExtras },
): Promise<BenchTarget> {
  const { clientMode = 'own-connection' } = options;
  const raw = await startRawWorker(options);
  const client = await createRawClient(
    options.taskQueue,
    clientMode === 'own-connection'
      ? { address: options.address }
      : { workerConnection: raw.connection, eagerStart: clientMode === 'eager-start' },
    options.extras,
  ).catch(async (err: unknown) => {
    await raw.close();
    throw err;
  });
  return {
    side: 'raw',
    get eagerStarts() {
      return client.eagerStarts;
    },
    trigger: (input) => client.trigger(input),
    async close() {
      await raw.close();
      await client.close();
    },
  };
}
