import type { Client } from '@temporalio/client';
import { firstValueFrom, lastValueFrom, toArray } from 'rxjs';
import { InvalidWatchOptionsError, TaskNotFoundError, type TaskWatchInfo } from '../../src';
import { TasksClient } from '../../src/client/tasks-client';
import { TaskWatches } from '../../src/service/task-watches';
import { WatchedHeldTask, WatchedStepsTask } from '../fixtures/watch-tasks';
import { createTaskTestApp, eventually, temporalClient, type TaskTestApp } from '../support/task-test-app';

/** Event types a watcher would write if it used messages rather than reads. */
const MESSAGE_EVENTS = /SIGNALED|UPDATE|QUERY/i;

describe('TaskService.watch on a real Temporal server', () => {
  let t: TaskTestApp;
  let client: Client;
  let closeClient: () => Promise<void>;
  let describeCalls: () => number;

  beforeAll(async () => {
    t = await createTaskTestApp([WatchedStepsTask, WatchedHeldTask], {
      watch: { intervalMs: 250, minIntervalMs: 100, maxIntervalMs: 1_000 },
    });
    ({ client, close: closeClient } = await temporalClient());
    // Every describe the library makes goes through its client's workflow service: count them there.
    const service = t.app.get(TasksClient).connection.workflowService;
    const spy = vi.spyOn(service, 'describeWorkflowExecution');
    describeCalls = () => spy.mock.calls.length;
  });

  afterAll(async () => {
    await t?.app.close();
    await closeClient?.();
  });

  it('yields the task from trigger to success: statuses in order, progress rising, logs, the final state last, then ends', async () => {
    const task = await t.tasks.trigger(WatchedStepsTask, { lingerMs: 900 });
    const seen: TaskWatchInfo[] = [];
    for await (const info of t.tasks.watch(task.id)) seen.push(info);

    const statuses = seen.map((info) => info.status).filter((status, i, all) => status !== all[i - 1]);
    expect(['pending,running,success', 'running,success']).toContain(statuses.join(','));
    const progress = seen.map((info) => info.progress?.value ?? 0);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    expect(new Set(progress.filter((value) => value > 0)).size).toBeGreaterThanOrEqual(2);
    expect(new Set(seen.map((info) => info.iterations)).size).toBeGreaterThanOrEqual(2);
    const last = seen.at(-1)!;
    expect(last).toMatchObject({ id: task.id, status: 'success', output: 3, iterations: 3, progress: { value: 100 } });
    expect(last.logs.map((line) => line.message)).toEqual(['step 1', 'step 2', 'step 3']);
    // Each yield is a change: no two states in a row are the same.
    for (let i = 1; i < seen.length; i++) expect(seen[i]).not.toEqual(seen[i - 1]);
    expect(t.app.get(TaskWatches).size).toBe(0);
  });

  it('watch$ emits the current state first and completes after the final one (firstValueFrom, lastValueFrom)', async () => {
    const task = await t.tasks.trigger(WatchedHeldTask, { key: 'observable' });
    const first = await firstValueFrom(t.tasks.watch$(task.id));
    expect(first).toMatchObject({ id: task.id, definitionId: 'watchedHeld' });
    expect(['pending', 'running']).toContain(first.status);
    const all = lastValueFrom(t.tasks.watch$(task.id).pipe(toArray()));
    await eventually(async () => ((await t.tasks.get(task.id)).progress?.value === 10 ? true : undefined));
    t.app.get(WatchedHeldTask).release('observable');
    const states = await all;
    expect(states.at(-1)).toMatchObject({ status: 'success', output: 'released' });
    expect(states.filter((info) => info.status === 'success')).toHaveLength(1);
    expect(t.app.get(TaskWatches).size).toBe(0);
  });

  it('five watchers of one task share one poll: as many describe calls as one watcher makes', async () => {
    const task = await t.tasks.trigger(WatchedHeldTask, { key: 'shared' });
    await eventually(async () => ((await t.tasks.get(task.id)).progress?.value === 10 ? true : undefined));
    const controller = new AbortController();
    const watchers = Array.from({ length: 5 }, () =>
      (async () => {
        let count = 0;
        for await (const _ of t.tasks.watch(task.id, { signal: controller.signal, intervalMs: 100 })) count++;
        return count;
      })(),
    );
    // The held task changes no more: the poll backs off from 100 ms to the module's maxIntervalMs (1 s).
    const before = describeCalls();
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    const calls = describeCalls() - before;
    expect(t.app.get(TaskWatches).size).toBe(1);
    controller.abort();
    const counts = await Promise.all(watchers);
    // One poll over 3 s: 100, 200, 400, 800, then 1 000 ms apart, about 7 reads; five polls would make about 35.
    expect(calls).toBeGreaterThanOrEqual(3);
    expect(calls).toBeLessThanOrEqual(9);
    // Every watcher saw the current state, from the one shared read.
    expect(counts).toEqual([1, 1, 1, 1, 1]);
    expect(t.app.get(TaskWatches).size).toBe(0);
    // The watch ended, the task did not.
    expect((await t.tasks.get(task.id)).status).toBe('running');
    t.app.get(WatchedHeldTask).release('shared');
    await task.result();
  });

  it('a signal ends the watch and its poll, not the task; an aborted signal yields nothing', async () => {
    const task = await t.tasks.trigger(WatchedHeldTask, { key: 'signal' });
    const controller = new AbortController();
    const seen: TaskWatchInfo[] = [];
    const watching = (async () => {
      for await (const info of t.tasks.watch(task.id, { signal: controller.signal })) seen.push(info);
    })();
    await eventually(() => (seen.length > 0 ? true : undefined));
    expect(t.app.get(TaskWatches).size).toBe(1);
    controller.abort();
    await watching;
    expect(t.app.get(TaskWatches).size).toBe(0);
    const callsAfter = describeCalls();
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(describeCalls()).toBe(callsAfter);
    const none: TaskWatchInfo[] = [];
    for await (const info of t.tasks.watch(task.id, { signal: AbortSignal.abort() })) none.push(info);
    expect(none).toEqual([]);
    const observed = await lastValueFrom(t.tasks.watch$(task.id, { signal: AbortSignal.abort() }).pipe(toArray()));
    expect(observed).toEqual([]);
    // Leaving a loop early (return()) also leaves the poll.
    for await (const info of t.tasks.watch(task.id)) {
      expect(info.status).toBe('running');
      break;
    }
    expect(t.app.get(TaskWatches).size).toBe(0);
    expect((await t.tasks.get(task.id)).status).toBe('running');
    await t.tasks.abort(task.id);
  });

  it("a task that does not exist, or is not this application's, is a TaskNotFoundError before any state", async () => {
    const unknown = t.tasks.watch('watchedHeld/no-such-task')[Symbol.asyncIterator]();
    await expect(unknown.next()).rejects.toBeInstanceOf(TaskNotFoundError);
    await expect(firstValueFrom(t.tasks.watch$('watchedHeld/no-such-task'))).rejects.toBeInstanceOf(TaskNotFoundError);
    await expect(firstValueFrom(t.tasks.watch$('notOurs/anything'))).rejects.toBeInstanceOf(TaskNotFoundError);
    // The same definition and id shape, on another application's task queue: a workflow, but not our task.
    const foreign = await client.workflow.start('watchedHeld', {
      taskQueue: `${t.taskQueue}-other-app`,
      workflowId: `watchedHeld/foreign-${Date.now()}`,
      args: [{ key: 'x' }],
    });
    try {
      const seen: TaskWatchInfo[] = [];
      await expect(
        (async () => {
          for await (const info of t.tasks.watch(foreign.workflowId)) seen.push(info);
        })(),
      ).rejects.toBeInstanceOf(TaskNotFoundError);
      expect(seen).toEqual([]);
    } finally {
      await foreign.terminate();
    }
    expect(t.app.get(TaskWatches).size).toBe(0);
  });

  it('refuses invalid options with InvalidWatchOptionsError, reading nothing', async () => {
    const before = describeCalls();
    await expect(t.tasks.watch('watchedHeld/x', { intervalMs: 10 })[Symbol.asyncIterator]().next()).rejects.toBeInstanceOf(
      InvalidWatchOptionsError,
    );
    await expect(firstValueFrom(t.tasks.watch$('watchedHeld/x', { intervalMs: Number.NaN }))).rejects.toThrow(
      /intervalMs must be a number of milliseconds of at least 100/,
    );
    await expect(firstValueFrom(t.tasks.watch$('watchedHeld/x', { signal: 'stop' as unknown as AbortSignal }))).rejects.toBeInstanceOf(
      InvalidWatchOptionsError,
    );
    expect(describeCalls()).toBe(before);
  });

  it("watching writes nothing to the task's history: a task watched by three has the events of one watched by none", async () => {
    const unwatched = await t.tasks.trigger(WatchedStepsTask, { lingerMs: 300 });
    await unwatched.result();
    const watched = await t.tasks.trigger(WatchedStepsTask, { lingerMs: 300 });
    await Promise.all(
      Array.from({ length: 3 }, async (_, i) => {
        const states: TaskWatchInfo[] = [];
        // Three watchers at different rates, sharing one poll, read it from trigger to end.
        for await (const info of t.tasks.watch(watched.id, { intervalMs: 100 * (i + 1) })) states.push(info);
        expect(states.at(-1)?.status).toBe('success');
      }),
    );
    const types = async (id: string) =>
      ((await client.workflow.getHandle(id).fetchHistory()).events ?? []).map((event) => String(event.eventType));
    const [plain, observed] = await Promise.all([types(unwatched.id), types(watched.id)]);
    expect(observed.filter((type) => MESSAGE_EVENTS.test(type))).toEqual([]);
    expect(observed).toEqual(plain);
  });
});
