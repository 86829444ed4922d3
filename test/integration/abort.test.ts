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
    const task = await t.tasks.trigger(IgnoresAbortTask, { ms: 30_000 });
    const context = await eventually(() => handler.started.find((c) => c.id === task.id), 20_000, 'the handler to start');
    const aborted = new Promise<number>((resolve) => context.signal.addEventListener('abort', () => resolve(Date.now())));

    const requestedAt = Date.now();
    await t.tasks.abort(task.id, 'user pressed stop');

    const error = await task.result().catch((err: unknown) => err);
    expect(error).toBeInstanceOf(TaskAbortedError);
    expect(error).toMatchObject({ reason: 'user pressed stop' });
    // The signal reaches the handler well before its 30 s of work would have ended.
    const abortedAt = await aborted;
    expect(abortedAt - requestedAt).toBeLessThan(10_000);
    expect(context.isAborted()).toBe(true);
    expect(handler.finished).toBe(0);

    const view = await temporalView(client, task.id);
    expect(view.status).toBe('CANCELLED');
  });
});
