import { Injectable } from '@nestjs/common';
import {
  Task,
  TaskResultTimeoutError,
  TaskResultWaitAbortedError,
  TaskResultWaitsExhaustedError,
  type TaskHandle,
  type TaskRun,
} from '../../src';
import { TasksClient } from '../../src/client/tasks-client';
import { createTaskTestApp, eventually, type TaskTestApp } from '../support/task-test-app';

/** Holds each task until the test releases it by its key. */
@Injectable()
class KeyedGate {
  private readonly gates = new Map<string, { opened: Promise<void>; open: () => void }>();
  private gate(key: string): { opened: Promise<void>; open: () => void } {
    let gate = this.gates.get(key);
    if (!gate) {
      let open!: () => void;
      gate = { opened: new Promise<void>((resolve) => (open = resolve)), open };
      this.gates.set(key, gate);
    }
    return gate;
  }
  wait(key: string): Promise<void> {
    return this.gate(key).opened;
  }
  release(key: string): void {
    this.gate(key).open();
  }
}

@Task({ id: 'keyedGated', heartbeatTimeout: '1 minute', retry: { maximumAttempts: 1 } })
class KeyedGatedTask {
  constructor(private readonly gate: KeyedGate) {}
  readonly run: TaskRun<{ key: string }, string> = async ({ input, controller }) => {
    await this.gate.wait(input.key);
    return controller.success(`done ${input.key}`);
  };
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => undefined,
    (err: unknown) => err,
  );
}

/** `result({ timeout, signal })` and the bounded queue of waits: each ends the wait, never the task. */
describe('result() options on a real Temporal server (limits.resultWaits 2, resultWaitQueue 1)', () => {
  let t: TaskTestApp;
  let gate: KeyedGate;
  let waits: TasksClient['resultWaits'];

  beforeAll(async () => {
    t = await createTaskTestApp([KeyedGate, KeyedGatedTask], { limits: { resultWaits: 2, resultWaitQueue: 1 } });
    gate = t.app.get(KeyedGate);
    waits = t.app.get(TasksClient).resultWaits;
  });

  afterAll(async () => {
    for (const key of ['timeout', 'signal', 'q1', 'q2', 'q3', 'q4', 'wait']) gate?.release(key);
    await t?.app.close();
  });

  const running = (task: TaskHandle): Promise<true> =>
    eventually(async () => ((await t.tasks.get(task.id)).status === 'running' ? (true as const) : undefined), 20_000, `${task.id} to run`);

  it('a timeout ends the wait with TaskResultTimeoutError and frees its place; the task goes on and later succeeds', async () => {
    const task = await t.tasks.trigger(KeyedGatedTask, { key: 'timeout' });
    await running(task);
    const startedAt = Date.now();
    const error = await rejection(task.result({ timeout: 200 }));
    expect(Date.now() - startedAt).toBeLessThan(5_000);
    expect(error).toBeInstanceOf(TaskResultTimeoutError);
    expect(error).toMatchObject({ code: 'TASK_RESULT_TIMEOUT', taskId: task.id, timeoutMs: 200 });
    expect(waits.usage).toEqual({ held: 0, waiting: 0 });
    expect((await t.tasks.get(task.id)).status).toBe('running');
    // A duration string works alike.
    await expect(task.result({ timeout: '300ms' })).rejects.toBeInstanceOf(TaskResultTimeoutError);

    gate.release('timeout');
    await expect(task.result()).resolves.toBe('done timeout');
    expect((await t.tasks.get(task.id)).status).toBe('success');
  });

  it("an aborted signal ends the wait with TaskResultWaitAbortedError (its reason as cause); the task goes on and later succeeds", async () => {
    const task = await t.tasks.trigger(KeyedGatedTask, { key: 'signal' });
    await running(task);
    const controller = new AbortController();
    const waiting = rejection(task.result({ signal: controller.signal }));
    await eventually(() => (waits.usage.held === 1 ? true : undefined), 5_000, 'the wait to open');
    const reason = new Error('client went away');
    controller.abort(reason);
    const error = await waiting;
    expect(error).toBeInstanceOf(TaskResultWaitAbortedError);
    expect(error).toMatchObject({ code: 'TASK_RESULT_WAIT_ABORTED', taskId: task.id, cause: reason });
    expect(waits.usage).toEqual({ held: 0, waiting: 0 });
    expect((await t.tasks.get(task.id)).status).toBe('running');

    gate.release('signal');
    await expect(t.tasks.getHandle(task.id).result()).resolves.toBe('done signal');
  });

  it('holds at most 2 waits open and 1 queued; a 4th fails fast with TaskResultWaitsExhaustedError; a queued wait that times out frees its place', async () => {
    const tasks = [];
    for (const key of ['q1', 'q2', 'q3', 'q4']) tasks.push(await t.tasks.trigger(KeyedGatedTask, { key }));
    const [a, b, c, d] = tasks as [TaskHandle<string>, TaskHandle<string>, TaskHandle<string>, TaskHandle<string>];
    const open = [a.result(), b.result()];
    const queued = rejection(d.result({ timeout: 500 }));
    expect(waits.usage).toEqual({ held: 2, waiting: 1 });

    const startedAt = Date.now();
    const refused = await rejection(c.result());
    expect(Date.now() - startedAt).toBeLessThan(100);
    expect(refused).toBeInstanceOf(TaskResultWaitsExhaustedError);
    expect(refused).toMatchObject({ code: 'TASK_RESULT_WAITS_EXHAUSTED', taskId: c.id, resultWaits: 2, resultWaitQueue: 1 });
    expect((refused as Error).message).toMatch(/limits\.resultWaits.*limits\.resultWaitQueue/);
    expect(waits.usage).toEqual({ held: 2, waiting: 1 });

    // The queued wait times out while still in line: it leaves the queue, and the next caller takes its place.
    expect(await queued).toBeInstanceOf(TaskResultTimeoutError);
    expect(waits.usage).toEqual({ held: 2, waiting: 0 });
    const third = c.result();
    expect(waits.usage).toEqual({ held: 2, waiting: 1 });

    for (const key of ['q1', 'q2', 'q3', 'q4']) gate.release(key);
    expect(await Promise.all([...open, third])).toEqual(['done q1', 'done q2', 'done q3']);
    await expect(d.result()).resolves.toBe('done q4');
    expect(waits.usage).toEqual({ held: 0, waiting: 0 });
  });

  it('triggerAndWait passes `wait` through to result()', async () => {
    await expect(t.tasks.triggerAndWait(KeyedGatedTask, { key: 'wait' }, { wait: { timeout: 200 } })).rejects.toBeInstanceOf(TaskResultTimeoutError);
    gate.release('wait');
  });
});
