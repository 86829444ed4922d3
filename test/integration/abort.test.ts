import type { Client } from '@temporalio/client';
import { TaskAbortedError } from '../../src';
import { IgnoresAbortTask } from '../fixtures/long-running-tasks';
import { createTaskTestApp, eventually, temporalClient, temporalView, type TaskTestApp } from '../support/task-test-app';

describe('TaskService.abort on a real Temporal server', () => {
  let t: TaskTestApp;
  let client: Client;
  let closeClient: () => Promise<void>;

  beforeAll(async () => {
    t = await createTaskTestApp([IgnoresAbortTask]);
    ({ client, close: closeClient } = await temporalClient());
  });

  afterAll(async () => {
    await t?.app.close();
    await closeClient?.();
  });

  it('aborts a running handler that never heartbeats: its signal fires, the workflow ends canceled', async () => {
    const handler = t.app.get(IgnoresAbortTask);
    const task = await t.tasks.trigger(IgnoresAbortTask, { ms: 60_000 });
    const context = await eventually(() => handler.started.find((c) => c.id === task.id), 20_000, 'the handler to start');
    const aborted = new Promise<number>((resolve) => context.signal.addEventListener('abort', () => resolve(Date.now())));
    // Abort once the server has a heartbeat of the attempt: the SDK sends the first one at once, and holds back the
    // next ones, on which the cancellation travels back.
    await eventually(async () => ((await client.workflow.getHandle(task.id).describe()).raw.pendingActivities?.[0]?.lastHeartbeatTime ? true : undefined), 20_000, 'a first heartbeat');

    const requestedAt = Date.now();
    await t.tasks.abort(task.id, 'user pressed stop');

    const error = await task.result().catch((err: unknown) => err);
    expect(error).toBeInstanceOf(TaskAbortedError);
    expect(error).toMatchObject({ reason: 'user pressed stop' });
    // The signal reaches the handler within about one heartbeat interval (1 s): without the Runner's cap on the SDK's
    // heartbeat throttle it would wait for the next heartbeat the SDK lets through, 48 s in.
    const abortedAt = await aborted;
    expect(abortedAt - requestedAt).toBeLessThan(4_000);
    expect(context.isAborted()).toBe(true);
    expect(handler.finished).toBe(0);

    const view = await temporalView(client, task.id);
    expect(view.status).toBe('CANCELLED');
  });

  it('aborts a delayed task while it is pending: it ends canceled without its handler ever running', async () => {
    const handler = t.app.get(IgnoresAbortTask);
    const task = await t.tasks.trigger(IgnoresAbortTask, { ms: 10 }, { delay: '1 hour' });
    expect((await t.tasks.get(task.id)).status).toBe('pending');

    await t.tasks.abort(task.id, 'no longer needed');
    await expect(task.result()).rejects.toMatchObject({ constructor: TaskAbortedError, reason: 'no longer needed' });
    expect(await t.tasks.get(task.id)).toMatchObject({ status: 'aborted', abortReason: 'no longer needed' });
    // Temporal's record: canceled, and no iteration was ever scheduled.
    const view = await temporalView(client, task.id);
    expect(view.status).toBe('CANCELLED');
    expect(view.activityAttempts).toEqual([]);
    expect(handler.started.some((context) => context.id === task.id)).toBe(false);
  });
});
