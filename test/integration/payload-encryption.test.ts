import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import { join } from 'node:path';
import { AesGcmPayloadCodec, EncryptionKeyNotFoundError, InvalidTasksModuleOptionsError, TaskFailedError, TaskPayloadTooLargeError, bundleTaskWorkflows, type TaskHandle } from '../../src';
import { findTemporalCli } from '../../src/testing';
import { EchoSecretTask, FAILURE_SECRET, FailingPayrollTask, PayrollExportTask, SECRETS } from '../fixtures/encryption-tasks';
import { createTaskTestApp, eventually, temporalClient, type TaskTestApp } from '../support/task-test-app';
import { TEST_BUNDLE_ENV, temporalAddress } from '../support/test-env';

const execFileAsync = promisify(execFile);
const KEY_1 = randomBytes(32);
const KEY_2 = randomBytes(32);

/**
 * What Temporal stores and answers, read with the Temporal CLI (raw: the CLI holds no codec): the task's history
 * (`show`); while it runs, its description (memo, pending activity with heartbeat details, user metadata), and the
 * answers of its queries (the library's `taskState` with logs and progress; the Web UI's metadata query with the
 * current details), which the worker encodes too.
 */
async function rawRecord(taskId: string, ...command: string[]): Promise<string> {
  const args = ['workflow', ...command, '--address', temporalAddress(), '--namespace', 'default', '--workflow-id', taskId, '--output', 'json'];
  const { stdout } = await execFileAsync(findTemporalCli(), args, { maxBuffer: 64 * 1024 * 1024 });
  return stdout;
}

/** Every string in a value, also read as UTF-8 where it is bytes (a raw history holds payload data as bytes). */
function stringsIn(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (value instanceof Uint8Array) return [Buffer.from(value).toString('utf8')];
  if (Array.isArray(value)) return value.flatMap(stringsIn);
  if (value && typeof value === 'object') return Object.values(value).flatMap(stringsIn);
  return [];
}

/**
 * Every secret found in a raw record: in its text, and in every string of it read as base64 (the CLI prints a
 * payload it cannot read as JSON as base64 data, and plain payloads could hide there too).
 */
function secretsIn(record: string): string[] {
  const texts = [record];
  const walk = (value: unknown): void => {
    if (typeof value === 'string') texts.push(Buffer.from(value, 'base64').toString('utf8'));
    else if (Array.isArray(value)) value.forEach(walk);
    else if (value && typeof value === 'object') Object.values(value).forEach(walk);
  };
  for (const line of record.split('\n').filter((l) => l.trim().startsWith('{'))) {
    try {
      walk(JSON.parse(line));
    } catch {
      // Not one JSON document per line: the whole record is parsed below.
    }
  }
  try {
    walk(JSON.parse(record));
  } catch {
    // Several documents: walked line by line above.
  }
  return Object.values(SECRETS).filter((secret) => texts.some((text) => text.includes(secret)));
}

/** Runs one PayrollExport task to its end, capturing the raw record while it runs and after. */
async function runPayrollExport(t: TaskTestApp): Promise<{ task: TaskHandle; running: string[]; history: string }> {
  const handler = t.app.get(PayrollExportTask);
  handler.reset();
  const task = await t.tasks.trigger(PayrollExportTask, { secret: SECRETS.input }, { memo: { note: SECRETS.memo } });
  try {
    // The second iteration is running and its heartbeat carries the progress.
    await eventually(async () => (handler.holding && (await t.tasks.get(task.id)).progress?.value === 75 ? true : undefined), 30_000, 'the second iteration');
    const running = [await rawRecord(task.id, 'describe'), await rawRecord(task.id, 'query', '--name', 'taskState'), await rawRecord(task.id, 'metadata')];
    handler.release();
    await task.result();
    return { task, running, history: await rawRecord(task.id, 'show') };
  } finally {
    handler.release();
  }
}

describe('payload encryption with AesGcmPayloadCodec', () => {
  let plain: TaskTestApp;
  let encrypted: TaskTestApp;

  beforeAll(async () => {
    plain = await createTaskTestApp([PayrollExportTask]);
    encrypted = await createTaskTestApp([PayrollExportTask], { dataConverter: { payloadCodecs: [new AesGcmPayloadCodec({ keys: [{ id: 'key-1', key: KEY_1 }] })] } });
  });

  afterAll(async () => {
    await plain?.app.close();
    await encrypted?.app.close();
  });

  it('without a codec, the raw record shows every secret (so the search below can find them)', async () => {
    const { running, history } = await runPayrollExport(plain);
    expect([...new Set([...running, history].flatMap(secretsIn))].sort()).toEqual(Object.values(SECRETS).sort());
  });

  it('with the codec, Temporal stores none of input, state, logs, progress, heartbeat, output, memo, title or description in plain text', async () => {
    const { task, running, history } = await runPayrollExport(encrypted);
    for (const record of running) expect(secretsIn(record)).toEqual([]);
    expect(secretsIn(history)).toEqual([]);
    // What is there instead: payloads marked encrypted, naming their key.
    expect(history).toContain(Buffer.from('binary/encrypted').toString('base64'));
    expect(history).toContain(Buffer.from('key-1').toString('base64'));
    // Search attributes stay readable: Temporal indexes them.
    expect(running[0]).toContain('payrollExport');

    // The library reads through the codec: TaskService sees everything decrypted.
    const info = await encrypted.tasks.get(task.id);
    expect(info).toMatchObject({ status: 'success', title: `Payroll export ${SECRETS.title}`, input: { secret: SECRETS.input }, progress: { value: 75, details: { note: SECRETS.heartbeat } } });
    // The activity's own Temporal client (Context.current().client) decodes the memo with the codec too.
    expect(info.output).toEqual({ result: `${SECRETS.output} after ${SECRETS.state}`, memoSeenByActivityClient: SECRETS.memo });
    const logs = await encrypted.tasks.logs(task.id);
    expect(logs).toEqual([expect.objectContaining({ message: `exporting ${SECRETS.log}`, data: { secret: SECRETS.input }, iteration: 1 })]);
  }, 60_000);

  it('checks payload sizes as Temporal receives them, encrypted: an input that fits in plain JSON can be over the limit', async () => {
    const input = { secret: SECRETS.input };
    const codec = new AesGcmPayloadCodec({ keys: [{ id: 'key-1', key: KEY_1 }] });
    // The size of the task's workflow input in plain JSON, as the library measures it.
    const probe = await createTaskTestApp([PayrollExportTask], { runner: false, limits: { payloadBytes: 1 } });
    const plainSize = ((await probe.tasks.trigger(PayrollExportTask, input).catch((err: unknown) => err)) as TaskPayloadTooLargeError).sizeBytes;
    await probe.app.close();
    expect(plainSize).toBeGreaterThan(1);
    const withoutCodec = await createTaskTestApp([PayrollExportTask], { runner: false, limits: { payloadBytes: plainSize } });
    const withCodec = await createTaskTestApp([PayrollExportTask], { runner: false, limits: { payloadBytes: plainSize }, dataConverter: { payloadCodecs: [codec] } });
    try {
      // Exactly at the limit in plain JSON: accepted (and aborted again, since no Runner polls this queue).
      const accepted = await withoutCodec.tasks.trigger(PayrollExportTask, input);
      await withoutCodec.tasks.abort(accepted.id);
      // Encrypted, the same input is larger (IV, tag, metadata): refused before anything starts.
      const refused = await withCodec.tasks.trigger(PayrollExportTask, input).catch((err: unknown) => err);
      expect(refused).toBeInstanceOf(TaskPayloadTooLargeError);
      expect((refused as TaskPayloadTooLargeError).sizeBytes).toBeGreaterThan(plainSize);
    } finally {
      await withoutCodec.app.close();
      await withCodec.app.close();
    }
  });

  it('rotates keys: payloads name their key, old ones still decrypt with it, and a key that was dropped is a clear error', async () => {
    const oldKeyApp = encrypted;
    const { task: old } = await runPayrollExport(oldKeyApp);
    const rotatedCodec = { payloadCodecs: [new AesGcmPayloadCodec({ keys: [{ id: 'key-2', key: KEY_2 }, { id: 'key-1', key: KEY_1 }], encryptWith: 'key-2' })] };
    const droppedCodec = { payloadCodecs: [new AesGcmPayloadCodec({ keys: [{ id: 'key-2', key: KEY_2 }] })] };
    const rotated = await createTaskTestApp([PayrollExportTask], { dataConverter: rotatedCodec });
    // TaskService reads the tasks of its own task queues alone: client-only processes on each queue read them.
    const readers = await Promise.all([
      createTaskTestApp([PayrollExportTask], { runner: false, taskQueue: oldKeyApp.taskQueue, dataConverter: rotatedCodec }),
      createTaskTestApp([PayrollExportTask], { runner: false, taskQueue: rotated.taskQueue, dataConverter: droppedCodec }),
      createTaskTestApp([PayrollExportTask], { runner: false, taskQueue: oldKeyApp.taskQueue, dataConverter: droppedCodec }),
    ]);
    const [rotatedOnOldQueue, droppedOnNewQueue, droppedOnOldQueue] = readers;
    try {
      // The task written under key-1 reads with the rotated key ring.
      expect(await rotatedOnOldQueue.tasks.get(old.id)).toMatchObject({ input: { secret: SECRETS.input }, output: { result: `${SECRETS.output} after ${SECRETS.state}` } });
      // New tasks are written under key-2.
      const { task: fresh, history } = await runPayrollExport(rotated);
      expect(history).toContain(Buffer.from('key-2').toString('base64'));
      expect(history).not.toContain(Buffer.from('key-1').toString('base64'));
      expect(await droppedOnNewQueue.tasks.get(fresh.id)).toMatchObject({ input: { secret: SECRETS.input } });
      // Without key-1, the old task cannot be read, and the error says which key is missing.
      const error = await droppedOnOldQueue.tasks.get(old.id).catch((err: unknown) => err);
      expect(error).toBeInstanceOf(EncryptionKeyNotFoundError);
      expect(error).toMatchObject({ code: 'ENCRYPTION_KEY_NOT_FOUND', keyId: 'key-1', knownKeyIds: ['key-2'] });
    } finally {
      await rotated.app.close();
      for (const reader of readers) await reader.app.close();
    }
  }, 90_000);

  it('rotates keys across processes in two phases: a Runner without the new key runs what a web process with it triggers, until the new key encrypts', async () => {
    const oldKey = { id: 'key-1', key: KEY_1 };
    const newKey = { id: 'key-2', key: KEY_2 };
    const codecOf = (keys: (typeof oldKey)[], encryptWith?: string) => ({ dataConverter: { payloadCodecs: [new AesGcmPayloadCodec({ keys, encryptWith })] } });
    /** Runs a task triggered from `t` to its end; its history names only the key `keyId`, and no secret. */
    const echoThrough = async (t: TaskTestApp, keyId: string): Promise<TaskHandle> => {
      const task = await t.tasks.trigger(EchoSecretTask, { secret: SECRETS.input });
      expect(await task.result()).toEqual({ echoed: SECRETS.input });
      const history = await rawRecord(task.id, 'show');
      const named = [oldKey.id, newKey.id].filter((id) => history.includes(Buffer.from(id).toString('base64')));
      expect(named).toEqual([keyId]);
      expect(secretsIn(history)).toEqual([]);
      return task;
    };
    const oldRunner = await createTaskTestApp([EchoSecretTask], codecOf([oldKey]));
    const { taskQueue } = oldRunner;
    const apps = [oldRunner];
    try {
      // Phase 1: the web process has the new key, decrypt-only; the old Runner, not yet.
      const web = await createTaskTestApp([EchoSecretTask], { ...codecOf([newKey, oldKey], 'key-1'), taskQueue, runner: false });
      apps.push(web);
      const during = await echoThrough(web, 'key-1');

      // Phase 2: every process has both keys; the new one encrypts.
      await oldRunner.app.close();
      apps.shift();
      const newRunner = await createTaskTestApp([EchoSecretTask], { ...codecOf([newKey, oldKey], 'key-2'), taskQueue });
      apps.push(newRunner);
      const newWeb = await createTaskTestApp([EchoSecretTask], { ...codecOf([newKey, oldKey], 'key-2'), taskQueue, runner: false });
      apps.push(newWeb);
      const fresh = await echoThrough(newWeb, 'key-2');
      // Tasks of phase 1 still read.
      expect(await newWeb.tasks.get(during.id)).toMatchObject({ status: 'success', output: { echoed: SECRETS.input } });

      // What the two phases avoid: a process without the new key cannot read what it encrypted.
      const lagging = await createTaskTestApp([EchoSecretTask], { ...codecOf([oldKey]), taskQueue, runner: false });
      apps.push(lagging);
      await expect(lagging.tasks.get(fresh.id)).rejects.toMatchObject({ code: 'ENCRYPTION_KEY_NOT_FOUND', keyId: 'key-2' });
    } finally {
      for (const t of apps) await t.app.close();
    }
  }, 120_000);

  it('encodes failure messages and stack traces by default with a codec: Temporal stores neither in plain text, the library reads both', async () => {
    const codec = new AesGcmPayloadCodec({ keys: [{ id: 'key-1', key: KEY_1 }] });
    // The codec alone, no failureConverterPath: the module adds the failure converter that encodes failures.
    const codecOnly = await createTaskTestApp([FailingPayrollTask], { dataConverter: { payloadCodecs: [codec] } });
    const { client, close } = await temporalClient();
    try {
      const task = await codecOnly.tasks.trigger(FailingPayrollTask, { secret: SECRETS.input });
      const error = await task.result().catch((err: unknown) => err);
      expect(error).toBeInstanceOf(TaskFailedError);
      expect((error as TaskFailedError).failureMessage).toBe(`no bank account for ${FAILURE_SECRET}`);
      expect((await codecOnly.tasks.get(task.id)).error).toMatchObject({ message: `no bank account for ${FAILURE_SECRET}`, type: 'Error' });

      // The raw client holds no codec: it sees what Temporal stores, every event of the history.
      const history = await client.workflow.getHandle(task.id).fetchHistory();
      const raw = JSON.stringify(history);
      const failures = (history.events ?? []).flatMap((event) => [event.activityTaskFailedEventAttributes?.failure, event.workflowExecutionFailedEventAttributes?.failure]).filter(Boolean);
      expect(failures.length).toBeGreaterThan(0);
      for (const failure of failures) {
        expect(failure).toMatchObject({ message: 'Encoded failure', stackTrace: '' });
        expect(failure?.encodedAttributes?.metadata?.encoding && Buffer.from(failure.encodedAttributes.metadata.encoding).toString()).toBe('binary/encrypted');
      }
      expect(stringsIn(history).some((text) => text.includes(FAILURE_SECRET) || text.includes('bank account'))).toBe(false);
      expect(raw).not.toContain(FAILURE_SECRET);
    } finally {
      await close();
      await codecOnly.app.close();
    }
  }, 90_000);

  it('refuses a prebuilt bundle without the failure converter a codec brings, saying how to rebuild it; a failure converter of your own is kept', async () => {
    const codec = new AesGcmPayloadCodec({ keys: [{ id: 'key-1', key: KEY_1 }] });
    const started = createTaskTestApp([FailingPayrollTask], { dataConverter: { payloadCodecs: [codec] }, runner: { workflowBundle: { codePath: process.env[TEST_BUNDLE_ENV]! } } });
    await expect(started).rejects.toBeInstanceOf(InvalidTasksModuleOptionsError);
    await expect(started).rejects.toThrow(/without the failure converter that encodes failures \(ENCODED_FAILURE_CONVERTER_PATH\)[\s\S]*bundleTaskWorkflows\(\{ dataConverter \}\)/);
    // Built from the module's dataConverter, codecs included, the bundle has it.
    const { code } = await bundleTaskWorkflows({ dataConverter: { payloadCodecs: [codec] } });
    const prebuilt = await createTaskTestApp([FailingPayrollTask], { dataConverter: { payloadCodecs: [codec] }, runner: { workflowBundle: { code } } });
    // Temporal's default converter, named by path: failures stay as they are, by the user's choice.
    const plainFailures = await createTaskTestApp([FailingPayrollTask], {
      dataConverter: { payloadCodecs: [codec], failureConverterPath: join(__dirname, '..', 'fixtures', 'plain-failure-converter') },
      runner: { workflowBundle: undefined },
    });
    try {
      const failWith = async (t: TaskTestApp) => {
        const task = await t.tasks.trigger(FailingPayrollTask, { secret: SECRETS.input });
        expect(await task.result().catch((err: unknown) => (err as TaskFailedError).failureMessage)).toBe(`no bank account for ${FAILURE_SECRET}`);
        return rawRecord(task.id, 'show');
      };
      expect(await failWith(prebuilt)).not.toContain(FAILURE_SECRET);
      expect(await failWith(plainFailures)).toContain(FAILURE_SECRET);
    } finally {
      await prebuilt.app.close();
      await plainFailures.app.close();
    }
  }, 120_000);

  it('exports a failure converter path that Node loads from the built package', () => {
    // Node loads converters by path (the Worker and the client require it): the built package's constant must resolve.
    const { ENCODED_FAILURE_CONVERTER_PATH } = require(join(__dirname, '..', '..', 'dist', 'src', 'index.js')) as { ENCODED_FAILURE_CONVERTER_PATH: string };
    expect((require(ENCODED_FAILURE_CONVERTER_PATH) as { failureConverter: { errorToFailure: unknown } }).failureConverter.errorToFailure).toBeTypeOf('function');
  });
});
