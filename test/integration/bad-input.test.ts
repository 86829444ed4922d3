import type { Client } from '@temporalio/client';
import {
  InvalidTaskDefinitionError,
  InvalidTaskIdError,
  InvalidTriggerOptionsError,
  Task,
  TaskIdTooLongError,
  TaskInputNotSerializableError,
  TaskPayloadTooLargeError,
  TasksError,
  UnknownTaskDefinitionError,
  type TaskRun,
  type TaskService,
} from '../../src';
import { ImportCsvTask, EntriesService } from '../fixtures/outcome-tasks';
import { createTaskTestApp, eventually, temporalClient, type TaskTestApp } from '../support/task-test-app';

/** Decorated, but provided by no module of the test app. */
@Task({ id: 'neverProvided' })
class NeverProvidedTask {
  readonly run: TaskRun = ({ controller }) => controller.success();
}

/** Not decorated at all. */
class PlainClass {
  readonly run: TaskRun = ({ controller }) => controller.success();
}

const MiB = 1024 * 1024;

interface BadInputCase {
  what: string;
  call: (tasks: TaskService) => Promise<unknown>;
  error: new (...args: never[]) => TasksError;
  code: string;
  message: RegExp;
  fields?: Record<string, unknown>;
}

/** Every case is refused with a typed error before anything reaches Temporal. */
const CASES: BadInputCase[] = [
  {
    what: 'an input over the payload limit',
    call: (tasks) => tasks.trigger(ImportCsvTask, { rows: ['x'.repeat(3 * MiB)] }),
    error: TaskPayloadTooLargeError,
    code: 'TASK_PAYLOAD_TOO_LARGE',
    message: /The input of task "importCsv" is 3\.\d\d MiB \(\d+ bytes\) encoded, over the limit of 2\.00 MiB \(2097152 bytes\) \(limits\.payloadBytes/,
    fields: { definitionId: 'importCsv', payload: 'input', limitBytes: 2 * MiB },
  },
  {
    what: 'a memo over the payload limit',
    call: (tasks) => tasks.trigger(ImportCsvTask, { rows: [] }, { memo: { note: 'y'.repeat(3 * MiB) } }),
    error: TaskPayloadTooLargeError,
    code: 'TASK_PAYLOAD_TOO_LARGE',
    message: /The memo of task "importCsv"/,
    fields: { payload: 'memo' },
  },
  {
    what: 'a negative delay',
    call: (tasks) => tasks.trigger(ImportCsvTask, { rows: [] }, { delay: -5 }),
    error: InvalidTriggerOptionsError,
    code: 'INVALID_TRIGGER_OPTIONS',
    message: /Cannot trigger "importCsv": delay must be zero or more, got -5/,
  },
  {
    what: 'a delay that is not a duration',
    call: (tasks) => tasks.trigger(ImportCsvTask, { rows: [] }, { delay: 'soon' }),
    error: InvalidTriggerOptionsError,
    code: 'INVALID_TRIGGER_OPTIONS',
    message: /delay "soon" is not a duration/,
  },
  {
    what: 'an empty idempotency key',
    call: (tasks) => tasks.trigger(ImportCsvTask, { rows: [] }, { id: '' }),
    error: InvalidTriggerOptionsError,
    code: 'INVALID_TRIGGER_OPTIONS',
    message: /id \(the idempotency key\) must be a non-empty string/,
  },
  {
    what: 'options that are not an object, and a memo that is not one',
    call: (tasks) => tasks.trigger(ImportCsvTask, { rows: [] }, { memo: ['a'] as never }),
    error: InvalidTriggerOptionsError,
    code: 'INVALID_TRIGGER_OPTIONS',
    message: /memo must be an object of tags/,
  },
  {
    what: 'a task id over the cluster limit (255 on PostgreSQL/MySQL)',
    call: (tasks) => tasks.trigger(ImportCsvTask, { rows: [] }, { id: 'k'.repeat(300) }),
    error: TaskIdTooLongError,
    code: 'TASK_ID_TOO_LONG',
    message: /is 310 characters long, over the limit of 255 \(limits\.taskIdLength/,
    fields: { limit: 255 },
  },
  {
    what: 'an invalid retry override',
    call: (tasks) => tasks.trigger(ImportCsvTask, { rows: [] }, { retry: { maximumAttempts: 0 } }),
    error: InvalidTaskDefinitionError,
    code: 'INVALID_TASK_DEFINITION',
    message: /retry\.maximumAttempts must be a whole number of at least 1/,
  },
  {
    what: 'an input Temporal cannot store',
    call: (tasks) => tasks.trigger(ImportCsvTask, { rows: [new Date() as never] }),
    error: TaskInputNotSerializableError,
    code: 'TASK_INPUT_NOT_SERIALIZABLE',
    message: /input\.rows\[0\]/,
  },
  {
    what: 'an unknown definition id',
    call: (tasks) => tasks.trigger('importCvs', {}),
    error: UnknownTaskDefinitionError,
    code: 'UNKNOWN_TASK_DEFINITION',
    message: /No task definition has the id "importCvs" in this application \(known: "importCsv"\)/,
  },
  {
    what: 'a decorated class that no module provides',
    call: (tasks) => tasks.trigger(NeverProvidedTask),
    error: UnknownTaskDefinitionError,
    code: 'UNKNOWN_TASK_DEFINITION',
    message: /NeverProvidedTask is decorated with @Task\(\{ id: "neverProvided" \}\) but is not a provider of this application/,
  },
  {
    what: 'a class that is not decorated',
    call: (tasks) => tasks.trigger(PlainClass),
    error: UnknownTaskDefinitionError,
    code: 'UNKNOWN_TASK_DEFINITION',
    message: /PlainClass is not decorated with @Task/,
  },
  {
    what: "get('')",
    call: (tasks) => tasks.get(''),
    error: InvalidTaskIdError,
    code: 'INVALID_TASK_ID',
    message: /get\(""\): a task id must be a non-empty string/,
  },
  {
    what: 'get() of an id no task can have',
    call: (tasks) => tasks.get(`importCsv/${'k'.repeat(300)}`),
    error: InvalidTaskIdError,
    code: 'INVALID_TASK_ID',
    message: /over limits\.taskIdLength \(255\): no task can have it/,
  },
  {
    what: 'abort() of a non-string id',
    call: (tasks) => tasks.abort(42 as never),
    error: InvalidTaskIdError,
    code: 'INVALID_TASK_ID',
    message: /abort\(42\)/,
  },
];

describe('bad input is refused with a typed error, and nothing starts', () => {
  let t: TaskTestApp;
  let client: Client;
  let closeClient: () => Promise<void>;

  beforeAll(async () => {
    t = await createTaskTestApp([EntriesService, ImportCsvTask], { runner: false });
    ({ client, close: closeClient } = await temporalClient());
  });

  afterAll(async () => {
    await t?.app.close();
    await closeClient?.();
  });

  it.each(CASES)('$what', async ({ call, error, code, message, fields }) => {
    const thrown = await call(t.tasks).then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(thrown).toBeInstanceOf(error);
    expect(thrown).toBeInstanceOf(TasksError);
    expect(thrown).toMatchObject({ code, ...fields });
    expect((thrown as Error).message).toMatch(message);
  });

  it("leaves nothing in Temporal: the test's task queue holds only the one task started on purpose", async () => {
    const started = await t.tasks.trigger(ImportCsvTask, { rows: [] }, { id: 'the-only-one' });
    const count = await eventually(async () => {
      const { count } = await client.workflow.count(`TaskQueue = '${t.taskQueue}'`);
      return count > 0 ? count : undefined;
    });
    expect(count).toBe(1);
    expect((await client.workflow.getHandle(started.id).describe()).workflowId).toBe('importCsv/the-only-one');
  });

  it('takes its limits from the module options: a cluster with shorter ids, or smaller payloads', async () => {
    const strict = await createTaskTestApp([EntriesService, ImportCsvTask], { runner: false, limits: { taskIdLength: 50, payloadBytes: 1024 } });
    try {
      await expect(strict.tasks.trigger(ImportCsvTask, { rows: [] }, { id: 'k'.repeat(45) })).rejects.toMatchObject({ code: 'TASK_ID_TOO_LONG', limit: 50 });
      await expect(strict.tasks.trigger(ImportCsvTask, { rows: ['z'.repeat(2000)] })).rejects.toMatchObject({ code: 'TASK_PAYLOAD_TOO_LARGE', limitBytes: 1024 });
      const { count } = await client.workflow.count(`TaskQueue = '${strict.taskQueue}'`);
      expect(count).toBe(0);
    } finally {
      await strict.app.close();
    }
  });
});
