import type { INestApplication, ModuleMetadata, Provider } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { Client, Connection } from '@temporalio/client';
import { randomUUID } from 'node:crypto';
import { TaskService, TasksModule, type TaskRunnerOptions, type TasksModuleOptions } from '../../src';
import { TemporalDevServer, type TemporalDevServerOptions } from '../../src/testing';
import { TEST_BUNDLE_ENV, temporalAddress } from './test-env';

/** A task queue of the test's own, derived from its title, so tests never see each other's tasks. */
export function testTaskQueue(): string {
  const title = expect.getState().currentTestName ?? 'test';
  return `${title.replace(/[^A-Za-z0-9]+/g, '-').slice(0, 60)}-${randomUUID().slice(0, 8)}`;
}

export interface TaskTestApp {
  app: INestApplication;
  tasks: TaskService;
  taskQueue: string;
}

/** Boots a Nest application with TasksModule on the run's real Temporal server, using the prebuilt bundle. */
export async function createTaskTestApp(
  providers: Provider[],
  options: Omit<TasksModuleOptions, 'runner'> & { runner?: TaskRunnerOptions | false; imports?: ModuleMetadata['imports']; controllers?: ModuleMetadata['controllers'] } = {},
): Promise<TaskTestApp> {
  const { imports = [], controllers = [], runner, ...moduleOptions } = options;
  const taskQueue = moduleOptions.taskQueue ?? testTaskQueue();
  // The run's prebuilt bundle has no failure converter; with a codec the module encodes failures
  // (ENCODED_FAILURE_CONVERTER_PATH), so the Runner bundles its own (once per test file: bundles are cached).
  const bundlePath = moduleOptions.dataConverter?.payloadCodecs?.length ? undefined : process.env[TEST_BUNDLE_ENV];
  const moduleRef = await Test.createTestingModule({
    imports: [
      TasksModule.forRoot({
        connection: { address: temporalAddress() },
        ...moduleOptions,
        taskQueue,
        runner: runner === false ? false : { ...(bundlePath ? { workflowBundle: { codePath: bundlePath } } : {}), ...runner },
      }),
      ...imports,
    ],
    providers,
    controllers,
  }).compile();
  const app = moduleRef.createNestApplication({ logger: ['error'] });
  await app.init();
  return { app, tasks: app.get(TaskService), taskQueue };
}

/** A Temporal client of the test's own: Temporal's view of a task, independent of the library. */
export async function temporalClient(): Promise<{ client: Client; close: () => Promise<void> }> {
  const connection = await Connection.connect({ address: temporalAddress() });
  return { client: new Client({ connection }), close: () => connection.close() };
}

/**
 * Temporal's record of a task, read from the server: execution status, history length, and the attempt count of
 * each execution of the definition's activity (one per iteration, in order).
 */
export async function temporalView(client: Client, taskId: string): Promise<{ status: string; activityAttempts: number[]; historyLength: number }> {
  const handle = client.workflow.getHandle(taskId);
  const description = await handle.describe();
  const events = (await handle.fetchHistory()).events ?? [];
  const definitionActivities = new Set(
    events
      .filter((event) => event.activityTaskScheduledEventAttributes?.activityType?.name === description.type)
      .map((event) => String(event.eventId)),
  );
  const activityAttempts = events
    .map((event) => event.activityTaskStartedEventAttributes)
    .filter((started) => started && definitionActivities.has(String(started.scheduledEventId)))
    .map((started) => started?.attempt ?? 0);
  return { status: description.status.name, activityAttempts, historyLength: description.historyLength };
}

/** Polls until `check` returns a value other than undefined, or fails after `timeoutMs`. */
export async function eventually<T>(check: () => Promise<T | undefined> | T | undefined, timeoutMs = 20_000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export interface OwnServerTestApp extends TaskTestApp {
  server: TemporalDevServer;
  /** A Temporal client of the test's own, on that server: Temporal's view, independent of the library. */
  client: Client;
  /** Closes the app and the client, then stops the server. */
  close(): Promise<void>;
}

/**
 * A Temporal dev server of the test's own, for server settings the run's shared server does not have (dynamic config,
 * a Web UI), with an app and a client on it.
 */
export async function createOwnServerTestApp(
  providers: Provider[],
  { server: serverOptions = {}, ...options }: Parameters<typeof createTaskTestApp>[1] & { server?: TemporalDevServerOptions } = {},
): Promise<OwnServerTestApp> {
  const server = await TemporalDevServer.start(serverOptions);
  let app: TaskTestApp | undefined;
  let connection: Connection | undefined;
  const close = async (): Promise<void> => {
    await app?.app.close();
    await connection?.close();
    await server.stop();
  };
  try {
    app = await createTaskTestApp(providers, { ...options, connection: { address: server.address, ...options.connection } });
    connection = await Connection.connect({ address: server.address });
    return { ...app, server, client: new Client({ connection }), close };
  } catch (err) {
    await close();
    throw err;
  }
}
