import { Connection, WorkflowNotFoundError, type Client } from '@temporalio/client';
import { msToTs } from '@temporalio/common/lib/time';
import { randomUUID } from 'node:crypto';
import { TaskFailedError, TaskNotFoundError, TaskStateError } from '../../src';
import { NeedsRetriesTask, SendReportTask } from '../fixtures/management-tasks';
import { createTaskTestApp, eventually, temporalClient, temporalView, type TaskTestApp } from '../support/task-test-app';
import { temporalAddress } from '../support/test-env';

describe('TaskService management on a real Temporal server', () => {
  let t: TaskTestApp;
  let client: Client;
  let closeClient: () => Promise<void>;

  beforeAll(async () => {
    t = await createTaskTestApp([SendReportTask, NeedsRetriesTask]);
    ({ client, close: closeClient } = await temporalClient());
  });

  afterAll(async () => {
    await t?.app.close();
    await closeClient?.();
  });

  it('get() describes a finished task: definition, title, status, input, output, attempts, times', async () => {
    const task = await t.tasks.trigger(SendReportTask, { to: 'ada@example.com' });
    await task.result();
    const info = await t.tasks.get(task.id);
    expect(info).toMatchObject({
      id: task.id,
      definitionId: 'sendReport',
      title: 'Send report',
      status: 'success',
      input: { to: 'ada@example.com' },
      output: 'sent to ada@example.com',
      attempts: 1,
      iterations: 1,
      children: [],
    });
    expect(info.createdAt).toBeInstanceOf(Date);
    expect(info.finishedAt!.getTime()).toBeGreaterThanOrEqual(info.createdAt.getTime());
    expect(info.error).toBeUndefined();
  });

  it('get() describes a failed task with its error, and an unknown id is a TaskNotFoundError', async () => {
    const handler = t.app.get(SendReportTask);
    handler.failing = true;
    const task = await t.tasks.trigger(SendReportTask, { to: 'bob@example.com' });
    await expect(task.result()).rejects.toBeInstanceOf(TaskFailedError);
    handler.failing = false;
    expect(await t.tasks.get(task.id)).toMatchObject({ status: 'failed', error: { message: 'SMTP refused', type: 'Error', retryable: false } });
    // Retries that ran out leave a retryable error; a type listed as non-retryable does not.
    const exhausted = await t.tasks.trigger(NeedsRetriesTask, null, { retry: { maximumAttempts: 2 } });
    await exhausted.result().catch(() => undefined);
    expect((await t.tasks.get(exhausted.id)).error).toMatchObject({ message: 'attempt 2 failed', retryable: true });
    const listed = await t.tasks.trigger(NeedsRetriesTask, null, { retry: { maximumAttempts: 3, nonRetryableErrorTypes: ['Error'] } });
    await listed.result().catch(() => undefined);
    expect((await t.tasks.get(listed.id)).error).toMatchObject({ message: 'attempt 1 failed', retryable: false });
    expect((await temporalView(client, listed.id)).activityAttempts).toEqual([1]);
    await expect(t.tasks.get('sendReport/no-such-task')).rejects.toBeInstanceOf(TaskNotFoundError);
    await expect(t.tasks.abort('sendReport/no-such-task')).rejects.toBeInstanceOf(TaskNotFoundError);
    await expect(t.tasks.getHandle('sendReport/no-such-task').result()).rejects.toBeInstanceOf(TaskNotFoundError);
  });

  it('every trigger without a key starts a task of its own', async () => {
    const [a, b] = await Promise.all([t.tasks.trigger(SendReportTask, { to: 'a' }), t.tasks.trigger(SendReportTask, { to: 'b' })]);
    expect(a.id).not.toBe(b.id);
    await expect(Promise.all([a.result(), b.result()])).resolves.toEqual(['sent to a', 'sent to b']);
  });

  it('two concurrent triggers with one idempotency key produce one task', async () => {
    const key = `report-${randomUUID()}`;
    const handler = t.app.get(SendReportTask);
    const before = handler.runs;
    const [first, second] = await Promise.all([
      t.tasks.trigger(SendReportTask, { to: 'once', ms: 300 }, { id: key }),
      t.tasks.trigger(SendReportTask, { to: 'once', ms: 300 }, { id: key }),
    ]);
    expect(first.id).toBe(`sendReport/${key}`);
    expect(second.id).toBe(first.id);
    expect(second.runId).toBe(first.runId);
    await first.result();
    // Later, after it finished, the same key still returns that task.
    const third = await t.tasks.trigger(SendReportTask, { to: 'once' }, { id: key });
    expect(third.runId).toBe(first.runId);
    expect(handler.runs - before).toBe(1);
    expect((await client.workflow.count(`WorkflowId = '${first.id}'`)).count).toBe(1);
  });

  it('a delayed task reports pending until its delay passes, then runs', async () => {
    const task = await t.tasks.trigger(SendReportTask, { to: 'later' }, { delay: '2s' });
    const pending = await t.tasks.get(task.id);
    expect(pending.status).toBe('pending');
    expect(pending.startAt!.getTime() - pending.createdAt.getTime()).toBeGreaterThanOrEqual(1_900);
    // Listed as pending once visibility has it (it is indexed asynchronously).
    await eventually(async () => ((await t.tasks.list({ status: 'pending', definition: 'sendReport' })).tasks.some((x) => x.id === task.id) ? true : undefined), 10_000, 'the pending task to be listed');
    await expect(task.result()).resolves.toBe('sent to later');
    expect((await t.tasks.get(task.id)).status).toBe('success');
    expect((await temporalView(client, task.id)).status).toBe('COMPLETED');
  });

  it('the first list() calls of a fresh process, made at once, all answer (SQL visibility refuses ORDER BY)', async () => {
    const fresh = await createTaskTestApp([SendReportTask, NeedsRetriesTask], { runner: false, taskQueue: t.taskQueue });
    try {
      const pages = await Promise.allSettled(Array.from({ length: 9 }, () => fresh.tasks.list()));
      expect(pages.filter((page) => page.status === 'rejected')).toEqual([]);
    } finally {
      await fresh.app.close();
    }
  });

  it('list() filters by definition, status and parent, and pages', async () => {
    const failing = t.app.get(SendReportTask);
    failing.failing = true;
    const failed = await t.tasks.trigger(SendReportTask, { to: 'x' });
    await failed.result().catch(() => undefined);
    failing.failing = false;
    const ok = await t.tasks.trigger(NeedsRetriesTask, null, { retry: { maximumAttempts: 3 } });
    await ok.result();

    const byStatus = await eventually(async () => {
      const page = await t.tasks.list({ status: 'failed' });
      return page.tasks.some((x) => x.id === failed.id) ? page : undefined;
    });
    expect(byStatus.tasks.every((x) => x.status === 'failed')).toBe(true);
    const byDefinition = await eventually(async () => {
      const page = await t.tasks.list({ definition: 'needsRetries' });
      return page.tasks.some((x) => x.id === ok.id) ? page : undefined;
    });
    expect(byDefinition.tasks.every((x) => x.definitionId === 'needsRetries')).toBe(true);

    const all: string[] = [];
    let page = await t.tasks.list({ pageSize: 2 });
    expect(page.tasks.length).toBeLessThanOrEqual(2);
    for (;;) {
      all.push(...page.tasks.map((x) => x.id));
      if (!page.nextPageToken) break;
      page = await t.tasks.list({ pageSize: 2, nextPageToken: page.nextPageToken });
    }
    expect(new Set(all).size).toBe(all.length);
    expect(all).toEqual(expect.arrayContaining([failed.id, ok.id]));
    expect((await t.tasks.list({ parentId: 'sendReport/nobody' })).tasks).toEqual([]);
  });

  it('per-trigger overrides of retry and timeout apply to that task alone', async () => {
    await expect(t.tasks.triggerAndWait(NeedsRetriesTask, null)).rejects.toBeInstanceOf(TaskFailedError);
    const task = await t.tasks.trigger(NeedsRetriesTask, null, { retry: { maximumAttempts: 3 }, timeout: '5s' });
    await expect(task.result()).resolves.toBe(3);
    const description = await client.workflow.getHandle(task.id).describe();
    expect(description.status.name).toBe('COMPLETED');
    const events = (await client.workflow.getHandle(task.id).fetchHistory()).events ?? [];
    const scheduled = events.find((event) => event.activityTaskScheduledEventAttributes?.activityType?.name === 'needsRetries');
    expect(scheduled?.activityTaskScheduledEventAttributes?.retryPolicy?.maximumAttempts).toBe(3);
    expect(Number(scheduled?.activityTaskScheduledEventAttributes?.startToCloseTimeout?.seconds)).toBe(5);
  });

  it('memo tags are kept with the task in Temporal', async () => {
    const task = await t.tasks.trigger(SendReportTask, { to: 'tagged' }, { memo: { tenant: 'acme' } });
    await task.result();
    expect((await client.workflow.getHandle(task.id).describe()).memo).toMatchObject({ tenant: 'acme' });
  });

  it('retry() runs a failed task again with the same input as a new run of the same id', async () => {
    const handler = t.app.get(SendReportTask);
    handler.failing = true;
    const task = await t.tasks.trigger(SendReportTask, { to: 'retry-me' });
    await expect(task.result()).rejects.toBeInstanceOf(TaskFailedError);
    handler.failing = false;

    const again = await t.tasks.retry(task.id);
    expect(again.id).toBe(task.id);
    expect(again.runId).not.toBe(task.runId);
    await expect(again.result()).resolves.toBe('sent to retry-me');
    // Each handle waits for the run it started; one made from the id, for the latest.
    await expect(task.result()).rejects.toBeInstanceOf(TaskFailedError);
    await expect(t.tasks.getHandle(task.id).result()).resolves.toBe('sent to retry-me');
    expect(await t.tasks.get(task.id)).toMatchObject({ status: 'success', input: { to: 'retry-me' } });
    await expect(t.tasks.retry(task.id)).rejects.toBeInstanceOf(TaskStateError);
    await expect(t.tasks.abort(task.id)).rejects.toBeInstanceOf(TaskStateError);
    // Listed once, as its newest run (once visibility has its success), with the same creation time as get() reports.
    const listed = await eventually(async () => {
      const runs = (await t.tasks.list({ definition: 'sendReport', pageSize: 100 })).tasks.filter((x) => x.id === task.id);
      return runs.some((run) => run.status === 'success') ? runs : undefined;
    }, 20_000, 'the retried run to be listed');
    expect(listed).toHaveLength(1);
    expect(listed[0]).toMatchObject({ status: 'success' });
    expect(listed[0]!.createdAt).toEqual((await t.tasks.get(task.id)).createdAt);
  });

  it('retry() keeps the per-trigger overrides of retry and timeout: the new run is scheduled with them', async () => {
    const task = await t.tasks.trigger(NeedsRetriesTask, null, { retry: { maximumAttempts: 2 }, timeout: '5s' });
    await expect(task.result()).rejects.toBeInstanceOf(TaskFailedError);
    const again = await t.tasks.retry(task.id);
    await expect(again.result()).rejects.toMatchObject({ message: expect.stringContaining('attempt 2 failed') });
    // The definition alone says one attempt and the default timeout: two attempts, 5 s, are the trigger's.
    const events = (await client.workflow.getHandle(task.id, again.runId).fetchHistory()).events ?? [];
    const scheduled = events.find((event) => event.activityTaskScheduledEventAttributes?.activityType?.name === 'needsRetries')?.activityTaskScheduledEventAttributes;
    expect(scheduled?.retryPolicy?.maximumAttempts).toBe(2);
    expect(Number(scheduled?.startToCloseTimeout?.seconds)).toBe(5);
    expect((await temporalView(client, task.id)).activityAttempts).toEqual([2]);
  });

  it('retry() of an aborted task keeps the user memo but not the old abort reason', async () => {
    const task = await t.tasks.trigger(SendReportTask, { to: 'abort-then-retry', ms: 5_000 }, { memo: { tenant: 'acme' } });
    await eventually(async () => ((await t.tasks.get(task.id)).status === 'running' ? true : undefined));
    await t.tasks.abort(task.id, 'wrong recipient');
    await task.result().catch(() => undefined);
    expect(await t.tasks.get(task.id)).toMatchObject({ status: 'aborted', abortReason: 'wrong recipient' });

    const again = await t.tasks.retry(task.id);
    await expect(again.result()).resolves.toBe('sent to abort-then-retry');
    const info = await t.tasks.get(task.id);
    expect(info.status).toBe('success');
    expect(info.abortReason).toBeUndefined();
    expect((await client.workflow.getHandle(task.id).describe()).memo).toMatchObject({ tenant: 'acme' });
  });

  it('delete() removes a finished task and its logs, and refuses a running one', async () => {
    const running = await t.tasks.trigger(SendReportTask, { to: 'slow', ms: 5_000 });
    await eventually(async () => ((await t.tasks.get(running.id)).status === 'running' ? true : undefined));
    await expect(t.tasks.delete(running.id)).rejects.toThrow(TaskStateError);
    await t.tasks.abort(running.id);

    const done = await t.tasks.trigger(SendReportTask, { to: 'gone' });
    await done.result();
    await t.tasks.delete(done.id);
    // Temporal deletes asynchronously: the dev server takes up to about 20 s.
    await eventually(async () => ((await t.tasks.get(done.id).catch((err: unknown) => err)) instanceof TaskNotFoundError ? true : undefined), 90_000, 'the deletion');
    await expect(t.tasks.logs(done.id)).rejects.toBeInstanceOf(TaskNotFoundError);
  }, 120_000);

  it('delete() removes every run of a retried task, after which its key starts a new task', async () => {
    const key = `deleted-${randomUUID()}`;
    const handler = t.app.get(SendReportTask);
    handler.failing = true;
    const first = await t.tasks.trigger(SendReportTask, { to: 'twice' }, { id: key });
    await expect(first.result()).rejects.toBeInstanceOf(TaskFailedError);
    handler.failing = false;
    const second = await t.tasks.retry(first.id);
    await expect(second.result()).resolves.toBe('sent to twice');
    // delete() finds the runs through visibility: wait until it has both, as a caller would see them.
    await eventually(async () => ((await client.workflow.count(`WorkflowId = '${first.id}'`)).count === 2 ? true : undefined), 20_000, 'both runs to be visible');

    await t.tasks.delete(first.id);
    // Temporal deletes asynchronously: the dev server takes up to about 20 s.
    const gone = async (runId: string | undefined) =>
      (await client.workflow.getHandle(first.id, runId).describe().catch((err: unknown) => err)) instanceof WorkflowNotFoundError;
    await eventually(async () => ((await gone(first.runId)) && (await gone(second.runId)) ? true : undefined), 90_000, 'both runs to be deleted');

    const runsBefore = handler.runs;
    const reused = await t.tasks.trigger(SendReportTask, { to: 'anew' }, { id: key });
    expect(reused.id).toBe(first.id);
    expect([first.runId, second.runId]).not.toContain(reused.runId);
    await expect(reused.result()).resolves.toBe('sent to anew');
    expect(handler.runs - runsBefore).toBe(1);
  }, 150_000);

  it('definitions() lists the declared definitions', () => {
    expect(t.tasks.definitions()).toEqual(
      expect.arrayContaining([{ id: 'sendReport', title: 'Send report', description: 'Mails the weekly report', maxIterations: 50, queue: t.taskQueue }]),
    );
  });

  it('registers its search attributes on a namespace that lacks them', async () => {
    const namespace = `fresh-${randomUUID().slice(0, 8)}`;
    const connection = await Connection.connect({ address: temporalAddress() });
    try {
      await connection.workflowService.registerNamespace({ namespace, workflowExecutionRetentionPeriod: msToTs('1 day') });
      const before = await connection.operatorService.listSearchAttributes({ namespace });
      expect(Object.keys(before.customAttributes ?? {})).not.toContain('TaskDefinition');

      const web = await createTaskTestApp([SendReportTask], { namespace, runner: false });
      const task = await eventually(() => web.tasks.trigger(SendReportTask, { to: 'fresh' }).catch(() => undefined), 30_000, 'the new namespace to accept tasks');
      const after = await connection.operatorService.listSearchAttributes({ namespace });
      expect(Object.keys(after.customAttributes ?? {})).toEqual(expect.arrayContaining(['TaskDefinition', 'TaskStatus', 'TaskParentId']));
      const worker = await createTaskTestApp([SendReportTask], { namespace, taskQueue: web.taskQueue });
      await expect(task.result()).resolves.toBe('sent to fresh');
      await web.app.close();
      await worker.app.close();
    } finally {
      await connection.close();
    }
  }, 60_000);
});
