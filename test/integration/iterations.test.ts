import type { Client } from '@temporalio/client';
import { TaskFailedError } from '../../src';
import { CountToTask, EndlessTask } from '../fixtures/iteration-tasks';
import { createTaskTestApp, temporalClient, temporalView, type TaskTestApp } from '../support/task-test-app';

describe('Iterations: controller.continue on a real Temporal server', () => {
  let t: TaskTestApp;
  let client: Client;
  let closeClient: () => Promise<void>;

  beforeAll(async () => {
    t = await createTaskTestApp([CountToTask, EndlessTask]);
    ({ client, close: closeClient } = await temporalClient());
  });

  afterAll(async () => {
    await t?.app.close();
    await closeClient?.();
  });

  it('runs the next iteration with the new state after a durable timer', async () => {
    const handler = t.app.get(CountToTask);
    handler.record = true;
    handler.seen = [];
    const task = await t.tasks.trigger(CountToTask, { to: 3, delayMs: 500 });
    await expect(task.result()).resolves.toEqual({ counted: 3 });
    handler.record = false;
    expect(handler.seen).toEqual([
      { iteration: 1, state: undefined },
      { iteration: 2, state: { count: 1 } },
      { iteration: 3, state: { count: 2 } },
    ]);

    const events = (await client.workflow.getHandle(task.id).fetchHistory()).events ?? [];
    const timers = events.flatMap((event) => event.timerStartedEventAttributes ?? []);
    expect(timers.map((timer) => Number(timer.startToFireTimeout?.seconds ?? 0) * 1000 + (timer.startToFireTimeout?.nanos ?? 0) / 1e6)).toEqual([500, 500]);
    expect((await temporalView(client, task.id)).activityAttempts).toEqual([1, 1, 1]);
    expect((await t.tasks.get(task.id)).iterations).toBe(3);
  });

  it('fails a task that asks for more than maxIterations, naming the limit, and runs onMaxIterations once', async () => {
    const handler = t.app.get(EndlessTask);
    const task = await t.tasks.trigger(EndlessTask, null);
    const error = await task.result().catch((err: unknown) => err);
    expect(error).toBeInstanceOf(TaskFailedError);
    expect(error).toMatchObject({ failureType: 'TaskMaxIterationsExceeded' });
    expect((error as Error).message).toContain('maxIterations = 3');
    expect(handler.hooks.filter(([, snapshot]) => snapshot.id === task.id)).toEqual([
      ['onMaxIterations', expect.objectContaining({ id: task.id, iteration: 3, state: { at: 3 }, error: expect.objectContaining({ type: 'TaskMaxIterationsExceeded' }) })],
    ]);
    const view = await temporalView(client, task.id);
    expect(view.status).toBe('FAILED');
    expect(view.activityAttempts).toEqual([1, 1, 1]);
  });
});
