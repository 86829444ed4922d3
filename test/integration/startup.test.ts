import { Logger, Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { Connection } from '@temporalio/client';
import { msToTs } from '@temporalio/common/lib/time';
import {
  DuplicateTasksModuleError,
  InvalidTasksModuleOptionsError,
  Task,
  TasksModule,
  SearchAttributesMissingError,
  TemporalNamespaceNotFoundError,
  TemporalUnavailableError,
  type TaskRun,
} from '../../src';
import { EntriesService, ImportCsvTask } from '../fixtures/outcome-tasks';
import { createTaskTestApp, eventually, testTaskQueue } from '../support/task-test-app';
import { temporalAddress } from '../support/test-env';

/** Nothing listens on port 1: connections are refused at once. */
const NOWHERE = '127.0.0.1:1';

@Task({ id: 'forgottenProvider' })
class ForgottenProviderTask {
  readonly run: TaskRun = ({ controller }) => controller.success();
}

describe('start-up catches misuse with one clear error', () => {
  it('refuses a second TasksModule.forRoot in one application', async () => {
    @Module({ imports: [TasksModule.forRoot({ connection: { address: temporalAddress() }, taskQueue: testTaskQueue(), runner: false })] })
    class FeatureModule {}
    const moduleRef = await Test.createTestingModule({
      imports: [TasksModule.forRoot({ connection: { address: temporalAddress() }, taskQueue: testTaskQueue(), runner: false }), FeatureModule],
      providers: [EntriesService, ImportCsvTask],
    }).compile();
    const app = moduleRef.createNestApplication({ logger: false });
    const error = await app.init().catch((err: unknown) => err);
    await app.close().catch(() => undefined);
    expect(error).toBeInstanceOf(DuplicateTasksModuleError);
    expect((error as Error).message).toMatch(/imports TasksModule\.forRoot\(\.\.\.\) 2 times\. Import it once, in the root module/);
  });

  it('names the @Task classes that no module provides, in a warning', async () => {
    const warnings = vi.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    try {
      const t = await createTaskTestApp([EntriesService, ImportCsvTask], { runner: false });
      await t.app.close();
      const said = warnings.mock.calls.map(([message]) => String(message)).join('\n');
      expect(said).toMatch(/Decorated with @Task but provided by no module of this application.*ForgottenProviderTask \(@Task id "forgottenProvider"\)/);
      expect(said).not.toMatch(/ImportCsvTask/);
    } finally {
      warnings.mockRestore();
    }
    expect(ForgottenProviderTask).toBeDefined();
  });

  it('lists every invalid module option at once', async () => {
    const error = await createTaskTestApp([EntriesService, ImportCsvTask], {
      connection: { address: '', connectTimeout: -1 },
      namespace: ' ',
      limits: { payloadBytes: 0 },
      runner: { maxConcurrentActivityTaskExecutions: 0, heartbeatInterval: 'often' as never },
      defaults: { retry: { maximumAttempts: 0 } },
    }).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(InvalidTasksModuleOptionsError);
    expect(error).toMatchObject({ code: 'INVALID_MODULE_OPTIONS' });
    const { problems } = error as InvalidTasksModuleOptionsError;
    expect(problems).toEqual([
      `connection.address must be a 'host:port' string, e.g. 'localhost:7233', got "".`,
      'connection.connectTimeout must be longer than zero, got -1.',
      'namespace must be a non-empty string without spaces, got " ".',
      `runner.heartbeatInterval "often" is not a duration. Use milliseconds or a string such as '30s' or '5 minutes'.`,
      'runner.maxConcurrentActivityTaskExecutions must be a whole number of at least 1, got 0.',
      'defaults: retry.maximumAttempts must be a whole number of at least 1 (unlimited retries are refused), got 0.',
      'limits.payloadBytes must be a whole number of at least 1, got 0.',
    ]);
  });

  it.each([
    ['a process with a Runner', {}],
    ['a client-only process', { runner: false as const }],
  ])('%s fails to start, within connection.connectTimeout, when Temporal is out of reach', async (_, options) => {
    const error = await createTaskTestApp([EntriesService, ImportCsvTask], { ...options, connection: { address: NOWHERE, connectTimeout: '2s' } }).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(TemporalUnavailableError);
    expect(error).toMatchObject({ code: 'TEMPORAL_UNAVAILABLE', address: NOWHERE, namespace: 'default', operation: 'connect' });
    expect((error as Error).message).toMatch(/^Temporal at 127\.0\.0\.1:1 \(namespace "default"\) could not be reached for connect after \d+\.\d s/);
    expect((error as Error).cause).toBeDefined();
  });

  it("refuses a trigger with SearchAttributesMissingError when the namespace lacks the library's search attributes and cannot take them", async () => {
    // A fresh namespace whose every custom Keyword slot is taken (SQL visibility has a fixed number), so the server
    // refuses to register the library's attributes, as a cloud namespace without operator rights would.
    const namespace = `full-${testTaskQueue().slice(-8)}`;
    const connection = await Connection.connect({ address: temporalAddress() });
    const t = await createTaskTestApp([EntriesService, ImportCsvTask], { namespace, runner: false, connection: { address: temporalAddress(), lazy: true } }).catch(
      (err: unknown) => err,
    );
    try {
      await connection.workflowService.registerNamespace({ namespace, workflowExecutionRetentionPeriod: msToTs('1 day') });
      await eventually(() => connection.workflowService.describeNamespace({ namespace }).catch(() => undefined), 30_000, 'the namespace');
      // The new namespace takes a moment to accept search attributes everywhere: the first one is retried.
      await eventually(
        () => connection.operatorService.addSearchAttributes({ namespace, searchAttributes: { Filler00: 2 } }).then(() => true, () => undefined),
        30_000,
        'the namespace to take a search attribute',
      );
      for (let n = 1; n <= 40; n += 1) {
        const name = `Filler${String(n).padStart(2, '0')}`;
        const added = await connection.operatorService.addSearchAttributes({ namespace, searchAttributes: { [name]: 2 } }).then(
          () => true,
          () => false,
        );
        if (!added) break;
      }
      expect(t).not.toBeInstanceOf(Error);
      const app = t as Awaited<ReturnType<typeof createTaskTestApp>>;
      const error = await app.tasks.trigger(ImportCsvTask, { rows: [] }).then(
        () => new Error('the trigger was accepted'),
        (err: unknown) => err,
      );
      expect(error).toBeInstanceOf(SearchAttributesMissingError);
      expect(error).toMatchObject({ code: 'SEARCH_ATTRIBUTES_MISSING', namespace });
      expect((error as SearchAttributesMissingError).names).toEqual(expect.arrayContaining(['TaskDefinition']));
      expect((error as Error).message).toContain(`temporal operator search-attribute create --namespace ${namespace}`);
      // The server's own refusal, kept as the cause.
      expect(String((error as Error).cause)).toMatch(/cannot have more than \d+ search attribute/);
    } finally {
      if (!(t instanceof Error)) await (t as Awaited<ReturnType<typeof createTaskTestApp>>).app.close();
      await connection.close();
    }
  }, 120_000);

  it('fails to start when the namespace does not exist', async () => {
    const error = await createTaskTestApp([EntriesService, ImportCsvTask], { namespace: 'no-such-namespace', runner: false }).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(TemporalNamespaceNotFoundError);
    expect((error as Error).message).toContain('Namespace "no-such-namespace" does not exist on the Temporal server');
  });

  it('a lazy client-only process starts without Temporal, and each call then fails with TemporalUnavailableError', async () => {
    const t = await createTaskTestApp([EntriesService, ImportCsvTask], { runner: false, connection: { address: NOWHERE, lazy: true } });
    try {
      const calls: Array<[string, Promise<unknown>]> = [
        ['trigger', t.tasks.trigger(ImportCsvTask, { rows: [] })],
        ['get', t.tasks.get('importCsv/a')],
        ['list', t.tasks.list()],
        ['abort', t.tasks.abort('importCsv/a')],
        ['logs', t.tasks.logs('importCsv/a')],
        ['result', t.tasks.getHandle('importCsv/a').result()],
      ];
      const errors = await Promise.all(calls.map(([, call]) => call.catch((err: unknown) => err)));
      for (const [index, [operation]] of calls.entries()) {
        expect(errors[index]).toBeInstanceOf(TemporalUnavailableError);
        expect(errors[index]).toMatchObject({ address: NOWHERE, operation });
      }
    } finally {
      await t.app.close();
    }
  }, 90_000);
});
