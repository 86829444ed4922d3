import { Client, Connection } from '@temporalio/client';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { firstValueFrom } from 'rxjs';
import {
  InvalidSendOptionsError,
  TaskAbortedError,
  TaskEndedError,
  TaskInputNotSerializableError,
  TaskInputValidationError,
  TaskNotFoundError,
  TaskPayloadTooLargeError,
  TaskStateError,
} from '../../src';
import { TASK_STATUS_SEARCH_ATTRIBUTE } from '../../workflows/task-workflow.types';
import { ApproveImportTask, CollectMessagesTask, type Collected } from '../fixtures/interactive-tasks';
import { TemporalDevServer, findTemporalCli } from '../../src/testing';
import { freePort } from '../support/free-port';
import {
  createOwnServerTestApp,
  createTaskTestApp,
  eventually,
  temporalClient,
  temporalView,
  type OwnServerTestApp,
  type TaskTestApp,
} from '../support/task-test-app';

type HistoryEvent = NonNullable<Awaited<ReturnType<ReturnType<Client['workflow']['getHandle']>['fetchHistory']>>['events']>[number];

/** The task's history events that carry these attributes (e.g. `workflowExecutionSignaledEventAttributes`), as Temporal recorded them. */
async function events(
  client: Client,
  taskId: string,
  attributes: keyof HistoryEvent & `${string}EventAttributes`,
  runId?: string,
): Promise<HistoryEvent[]> {
  const history = await client.workflow.getHandle(taskId, runId).fetchHistory();
  return (history.events ?? []).filter((event) => event[attributes] != null);
}

/** Temporal's own `TaskStatus` search attribute of the task. */
async function statusMark(client: Client, taskId: string): Promise<string | undefined> {
  return (await client.workflow.getHandle(taskId).describe()).typedSearchAttributes.get(TASK_STATUS_SEARCH_ATTRIBUTE);
}

/** The Web UI's "Current Details" of a running task, through the SDK's built-in metadata query. */
async function currentDetails(client: Client, taskId: string): Promise<string> {
  const metadata = await client.workflow.getHandle(taskId).query<{ currentDetails?: string }>('__temporal_workflow_metadata');
  return metadata.currentDetails ?? '';
}

describe('Waiting for input (controller.waitFor, TaskService.send) on a real Temporal server', () => {
  let t: TaskTestApp;
  let client: Client;
  let closeClient: () => Promise<void>;

  beforeAll(async () => {
    t = await createTaskTestApp([CollectMessagesTask, ApproveImportTask]);
    ({ client, close: closeClient } = await temporalClient());
  });

  afterAll(async () => {
    await t?.app.close();
    await closeClient?.();
  });

  const waiting = (taskId: string) =>
    eventually(
      async () => ((await t.tasks.get(taskId)).status === 'waiting' ? t.tasks.get(taskId) : undefined),
      30_000,
      `${taskId} to wait`,
    );

  it('waits holding no activity, says so in get(), list(), count(), watch and the Web UI, and resumes with the payload sent', async () => {
    const task = await t.tasks.trigger(CollectMessagesTask, { name: 'approval', timeouts: [null] });
    const info = await waiting(task.id);
    expect(info).toMatchObject({ status: 'waiting', waitingFor: { name: 'approval' }, iterations: 1, attempts: 0 });
    expect(info.waitingFor?.until).toBeUndefined();
    // Temporal's record: the execution is open with no activity pending (no worker slot held), marked waiting.
    const description = await client.workflow.getHandle(task.id).describe();
    expect(description.status.name).toBe('RUNNING');
    expect(description.raw.pendingActivities ?? []).toEqual([]);
    expect(await statusMark(client, task.id)).toBe('waiting');
    expect(await currentDetails(client, task.id)).toContain('**Waiting for** a message "approval"');
    await expect(firstValueFrom(t.tasks.watch$(task.id))).resolves.toMatchObject({ status: 'waiting', waitingFor: { name: 'approval' } });
    await eventually(
      async () => ((await t.tasks.list({ status: 'waiting' })).tasks.some((summary) => summary.id === task.id) ? true : undefined),
      20_000,
      'visibility to list it as waiting',
    );
    expect((await t.tasks.list({ status: 'running' })).tasks.map((summary) => summary.id)).not.toContain(task.id);
    // The first task of this file: visibility counts it waiting, not running.
    expect(await t.tasks.count({ definition: 'collectMessages' })).toEqual({ total: 1, byStatus: { pending: 0, running: 0, waiting: 1, success: 0, failed: 0, aborted: 0 } });
    expect((await t.tasks.count({ status: 'waiting' })).byStatus.waiting).toBeGreaterThanOrEqual(1);

    // A message of another name is kept (the task never waits for it) and shown; the one waited for resumes it.
    await t.tasks.send(task.id, 'note', 'kept, never taken');
    await t.tasks.send(task.id, 'approval', { approved: true, by: 'ana' });
    const output = (await task.result()) as Collected;
    expect(output.received).toEqual([{ name: 'approval', payload: { approved: true, by: 'ana' }, receivedAt: expect.any(String) }]);
    const ended = await t.tasks.get(task.id);
    expect(ended).toMatchObject({ status: 'success', iterations: 2, messages: [{ name: 'note', receivedAt: expect.any(Date) }] });
    expect(ended.waitingFor).toBeUndefined();

    const view = await temporalView(client, task.id);
    expect(view.status).toBe('COMPLETED');
    expect(view.activityAttempts).toEqual([1, 1]);
    const signals = await events(client, task.id, 'workflowExecutionSignaledEventAttributes');
    expect(signals.map((event) => event.workflowExecutionSignaledEventAttributes?.signalName)).toEqual(['taskMessage', 'taskMessage']);
    expect(await statusMark(client, task.id)).toBeUndefined();
  });

  it('resumes after the timeout with context.received undefined: a durable timer, and get() says until when', async () => {
    const task = await t.tasks.trigger(CollectMessagesTask, { name: 'callback', timeouts: ['3s'] });
    const info = await waiting(task.id);
    expect(info.waitingFor?.name).toBe('callback');
    expect(info.waitingFor?.until?.getTime()).toBeGreaterThan(Date.now() - 1_000);
    expect(info.waitingFor?.until?.getTime()).toBeLessThan(Date.now() + 4_000);
    await expect(task.result()).resolves.toEqual({ received: [null], spun: 0 });
    expect(await events(client, task.id, 'timerFiredEventAttributes')).toHaveLength(1);
    expect(await events(client, task.id, 'workflowExecutionSignaledEventAttributes')).toHaveLength(0);
  });

  it('keeps a message that arrives before the task waits, shows it in get(), and takes it at once without waiting', async () => {
    const handler = t.app.get(CollectMessagesTask);
    const task = await t.tasks.trigger(CollectMessagesTask, { name: 'approval', timeouts: [null], workMs: 4_000 });
    await eventually(() => (handler.contexts.some((c) => c.id === task.id) ? true : undefined), 20_000, 'the first iteration to run');
    await t.tasks.send(task.id, 'approval', 'early', { messageId: 'early-1' });
    const info = await eventually(
      async () => {
        const read = await t.tasks.get(task.id);
        return read.messages?.length ? read : undefined;
      },
      20_000,
      'the message to show',
    );
    expect(info).toMatchObject({ status: 'running', messages: [{ name: 'approval', id: 'early-1' }] });
    const output = (await task.result()) as Collected;
    expect(output.received.map((message) => message?.payload)).toEqual(['early']);
    // It never waited: no search attribute upsert marked it waiting, and the message is no longer unread.
    expect((await t.tasks.get(task.id)).messages).toBeUndefined();
    const upserts = await events(client, task.id, 'upsertWorkflowSearchAttributesEventAttributes');
    expect(upserts).toHaveLength(0);
  });

  it('drops a re-delivered message (same messageId): the second wait times out instead of taking it', async () => {
    const task = await t.tasks.trigger(CollectMessagesTask, { name: 'webhook', timeouts: [null, '3s'] });
    await waiting(task.id);
    await t.tasks.send(task.id, 'webhook', { event: 1 }, { messageId: 'evt-1' });
    await t.tasks.send(task.id, 'webhook', { event: 1 }, { messageId: 'evt-1' });
    const output = (await task.result()) as Collected;
    expect(output.received.map((message) => message?.payload ?? null)).toEqual([{ event: 1 }, null]);
    // Both deliveries were recorded by the server; the task took one.
    expect(await events(client, task.id, 'workflowExecutionSignaledEventAttributes')).toHaveLength(2);
  });

  it('refuses with typed errors, sending nothing: an ended task, a foreign or unknown one, a delayed one, a bad payload', async () => {
    const done = await t.tasks.trigger(CollectMessagesTask, { name: 'x', timeouts: [] });
    await done.result();
    const ended = await t.tasks.send(done.id, 'x', 1).catch((err: unknown) => err);
    expect(ended).toBeInstanceOf(TaskEndedError);
    expect(ended).toMatchObject({ taskId: done.id, status: 'success' });

    // Another application's workflow under an id of ours (another queue, no mark): not found, and left alone.
    const foreignId = `collectMessages/foreign-${randomUUID()}`;
    const foreign = await client.workflow.start('collectMessages', {
      workflowId: foreignId,
      taskQueue: `foreign-${randomUUID()}`,
      args: [{}],
    });
    try {
      await expect(t.tasks.send(foreignId, 'x', 1)).rejects.toBeInstanceOf(TaskNotFoundError);
      expect(await events(client, foreignId, 'workflowExecutionSignaledEventAttributes')).toHaveLength(0);
    } finally {
      await foreign.terminate('test over');
    }
    await expect(t.tasks.send('collectMessages/never-triggered', 'x', 1)).rejects.toBeInstanceOf(TaskNotFoundError);
    await expect(t.tasks.send('otherApp/task', 'x', 1)).rejects.toBeInstanceOf(TaskNotFoundError);

    // A delayed task: a signal would start it before its time.
    const delayed = await t.tasks.trigger(CollectMessagesTask, { name: 'x', timeouts: [null] }, { delay: '1 hour' });
    await expect(t.tasks.send(delayed.id, 'x', 1)).rejects.toBeInstanceOf(TaskStateError);
    expect(await events(client, delayed.id, 'workflowExecutionSignaledEventAttributes')).toHaveLength(0);
    await t.tasks.abort(delayed.id);

    const approve = await t.tasks.trigger(ApproveImportTask, { rows: 10 });
    await waiting(approve.id);
    const invalid = await t.tasks.send(approve.id, 'approval', { approved: 'yes' }).catch((err: unknown) => err);
    expect(invalid).toBeInstanceOf(TaskInputValidationError);
    expect((invalid as TaskInputValidationError).issues.map((issue) => issue.path)).toEqual(['payload.approved', 'payload.by']);
    await expect(t.tasks.send(approve.id, 'aproval', { approved: true, by: 'ana' })).rejects.toBeInstanceOf(InvalidSendOptionsError);
    await expect(t.tasks.send(approve.id, '', 1)).rejects.toBeInstanceOf(InvalidSendOptionsError);
    await expect(t.tasks.send(approve.id, 'approval', { approved: true, by: 'ana' }, { messageId: '' })).rejects.toBeInstanceOf(
      InvalidSendOptionsError,
    );
    const collector = await t.tasks.trigger(CollectMessagesTask, { name: 'x', timeouts: [null] });
    await waiting(collector.id);
    await expect(t.tasks.send(collector.id, 'x', { at: () => 1 })).rejects.toBeInstanceOf(TaskInputNotSerializableError);
    await expect(t.tasks.send(collector.id, 'x', 'x'.repeat(3 * 1024 * 1024))).rejects.toBeInstanceOf(TaskPayloadTooLargeError);
    expect(await events(client, approve.id, 'workflowExecutionSignaledEventAttributes')).toHaveLength(0);
    expect(await events(client, collector.id, 'workflowExecutionSignaledEventAttributes')).toHaveLength(0);

    // The schema's output is what the task receives.
    await t.tasks.send(approve.id, 'approval', { approved: true, by: 'ana' });
    await expect(approve.result()).resolves.toEqual({ approved: true, by: 'ana' });
    await t.tasks.abort(collector.id);
  });

  it('aborts a waiting task at once: the wait is cancelled and the task ends aborted', async () => {
    const task = await t.tasks.trigger(CollectMessagesTask, { name: 'never', timeouts: [null] });
    await waiting(task.id);
    const requestedAt = Date.now();
    await t.tasks.abort(task.id, 'no answer needed');
    await expect(task.result()).rejects.toMatchObject({ constructor: TaskAbortedError, reason: 'no answer needed' });
    expect(Date.now() - requestedAt).toBeLessThan(5_000);
    expect(await t.tasks.get(task.id)).toMatchObject({ status: 'aborted', abortReason: 'no answer needed' });
    expect((await t.tasks.get(task.id)).waitingFor).toBeUndefined();
    const view = await temporalView(client, task.id);
    expect(view.status).toBe('CANCELLED');
    expect(view.activityAttempts).toEqual([1]);
  });

  it('survives a worker restart: a message sent while no Runner runs is recorded, and the next Runner resumes the task with it', async () => {
    const first = await createTaskTestApp([CollectMessagesTask]);
    const { taskQueue } = first;
    const task = await first.tasks.trigger(CollectMessagesTask, { name: 'approval', timeouts: [null] });
    await eventually(async () => ((await first.tasks.get(task.id)).status === 'waiting' ? true : undefined), 30_000, 'the task to wait');
    await first.app.close();

    // A client-only application (a web process during a deploy): send resolves once the server recorded it.
    const web = await createTaskTestApp([CollectMessagesTask], { taskQueue, runner: false });
    try {
      await web.tasks.send(task.id, 'approval', { approved: true }, { messageId: 'deploy-1' });
      expect(await events(client, task.id, 'workflowExecutionSignaledEventAttributes')).toHaveLength(1);
      expect((await web.tasks.get(task.id)).status).toBe('waiting');
    } finally {
      await web.app.close();
    }
    const second = await createTaskTestApp([CollectMessagesTask], { taskQueue });
    try {
      const output = (await second.tasks.getHandle(task.id).result()) as Collected;
      expect(output.received.map((message) => message?.payload)).toEqual([{ approved: true }]);
      expect((await temporalView(client, task.id)).status).toBe('COMPLETED');
    } finally {
      await second.app.close();
    }
  });
});

describe('Waiting for input across continue-as-new, on a server that suggests it early', () => {
  let t: OwnServerTestApp | undefined;

  beforeAll(async () => {
    t = await createOwnServerTestApp([CollectMessagesTask], {
      server: { dynamicConfig: { 'limit.historyCount.suggestContinueAsNew': 40 } },
    });
  }, 120_000);

  afterAll(async () => {
    await t?.close();
  }, 60_000);

  it('carries the mailbox: a message received runs before the wait is taken, and its id still drops a re-delivery', async () => {
    if (!t) throw new Error('set-up failed');
    const task = await t.tasks.trigger(CollectMessagesTask, { name: 'm', timeouts: [null, '5s'], spin: 12 });
    await t.tasks.send(task.id, 'm', 'first', { messageId: 'm1' });
    // The second wait: the first took the message the task had carried since its first run.
    await eventually(async () => ((await t!.tasks.get(task.id)).status === 'waiting' ? true : undefined), 60_000, 'the second wait');
    await t.tasks.send(task.id, 'm', 'again', { messageId: 'm1' });
    const output = (await task.result()) as Collected;
    expect(output.received.map((message) => message?.payload ?? null)).toEqual(['first', null]);
    expect(output.spun).toBe(12);
    // Temporal's record: the message was signalled to the first run, and the task ended in a later one.
    const latest = await t.client.workflow.getHandle(task.id).describe();
    expect(latest.runId).not.toBe(task.runId);
    expect(latest.status.name).toBe('COMPLETED');
    expect(await events(t.client, task.id, 'workflowExecutionSignaledEventAttributes', task.runId)).toHaveLength(1);
    expect(await events(t.client, task.id, 'workflowExecutionContinuedAsNewEventAttributes', task.runId)).toHaveLength(1);
  });
});

describe('Waiting for input across a server restart (its own dev server, on a database file)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tasks-wait-restart-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('a task that waits before the server stops resumes with the payload sent after it started again', async () => {
    // The CLI itself, never the SDK's download (which keeps no database file): without it the test fails.
    const cliPath = findTemporalCli();
    const options = { cliPath, port: await freePort(), dbFilename: join(dir, 'temporal.db') };
    let server = await TemporalDevServer.start(options);
    let taskId: string;
    let taskQueue: string;
    try {
      const before = await createTaskTestApp([CollectMessagesTask], { connection: { address: server.address } });
      try {
        ({ taskQueue } = before);
        const task = await before.tasks.trigger(CollectMessagesTask, { name: 'approval', timeouts: [null] });
        taskId = task.id;
        await eventually(
          async () => ((await before.tasks.get(taskId)).status === 'waiting' ? true : undefined),
          30_000,
          'the task to wait',
        );
      } finally {
        await before.app.close();
      }
    } finally {
      await server.stop();
    }

    server = await TemporalDevServer.start(options);
    const connection = await Connection.connect({ address: server.address });
    const after = await createTaskTestApp([CollectMessagesTask], { connection: { address: server.address }, taskQueue });
    try {
      expect(await after.tasks.get(taskId)).toMatchObject({ status: 'waiting', waitingFor: { name: 'approval' } });
      await after.tasks.send(taskId, 'approval', { approved: true, by: 'after the restart' });
      const output = (await after.tasks.getHandle(taskId).result()) as Collected;
      expect(output.received.map((message) => message?.payload)).toEqual([{ approved: true, by: 'after the restart' }]);
      const client = new Client({ connection });
      expect((await temporalView(client, taskId)).status).toBe('COMPLETED');
      expect(await events(client, taskId, 'workflowExecutionSignaledEventAttributes')).toHaveLength(1);
    } finally {
      await after.app.close();
      await connection.close();
      await server.stop();
    }
  }, 240_000);
});
