import type { Client } from '@temporalio/client';
import { TaskRunner } from '../../src';
import { TasksClient } from '../../src/client/tasks-client';
import { OutlivesGraceTask, SlowImportTask } from '../fixtures/long-running-tasks';
import { ImportCsvTask, EntriesService } from '../fixtures/outcome-tasks';
import { MEDIA_QUEUE, TranscodeTask } from '../fixtures/scaling-tasks';
import { createTaskTestApp, eventually, temporalClient, temporalView, testTaskQueue } from '../support/task-test-app';

describe('The Runner: a Temporal Worker managed by Nest', () => {
  let client: Client;
  let closeClient: () => Promise<void>;

  beforeAll(async () => {
    ({ client, close: closeClient } = await temporalClient());
  });
  afterAll(async () => closeClient?.());

  it('is polling once app.init() resolves, and stopped after app.close()', async () => {
    const t = await createTaskTestApp([EntriesService, ImportCsvTask]);
    const runner = t.app.get(TaskRunner);
    expect(runner.temporalWorker?.getState()).toBe('RUNNING');
    const worker = runner.temporalWorker;
    await t.app.close();
    expect(worker?.getState()).toBe('STOPPED');
    expect(runner.temporalWorker).toBeUndefined();
  });

  it('lets a running iteration finish within the grace period when the app closes', async () => {
    const taskQueue = testTaskQueue();
    const first = await createTaskTestApp([SlowImportTask], { taskQueue, runner: { shutdownGraceTime: '20s' } });
    const task = await first.tasks.trigger(SlowImportTask, { ms: 2_000 });
    await eventually(() => (first.app.get(SlowImportTask).started > 0 ? true : undefined), 20_000, 'the iteration to start');

    await first.app.close();

    // The activity completed on the closing worker: Temporal recorded its result, after one attempt.
    const handle = client.workflow.getHandle(task.id);
    const events = (await handle.fetchHistory()).events ?? [];
    expect(events.some((event) => event.activityTaskCompletedEventAttributes)).toBe(true);

    // A new worker picks the workflow up and completes it with the activity's result; no second attempt ran.
    const second = await createTaskTestApp([SlowImportTask], { taskQueue });
    try {
      await expect(second.tasks.getHandle(task.id).result()).resolves.toBe('slept 2000 ms');
      expect(second.app.get(SlowImportTask).started).toBe(0);
      const view = await temporalView(client, task.id);
      expect(view.status).toBe('COMPLETED');
      expect(view.activityAttempts).toEqual([1]);
    } finally {
      await second.app.close();
    }
  });

  it('cancels an iteration that outlives the grace period when the app closes; another worker retries it', async () => {
    const taskQueue = testTaskQueue();
    const first = await createTaskTestApp([OutlivesGraceTask], { taskQueue, runner: { shutdownGraceTime: '1s' } });
    const handler = first.app.get(OutlivesGraceTask);
    const task = await first.tasks.trigger(OutlivesGraceTask, null);
    await eventually(() => (handler.started.includes(task.id) ? true : undefined), 20_000, 'the iteration to start');

    const closing = Date.now();
    await first.app.close();
    // The handler's signal fired once the second of grace was over, not before, and long before its minute of work.
    const cutShortAt = handler.cutShort.get(task.id);
    expect(cutShortAt).toBeDefined();
    expect(cutShortAt! - closing).toBeGreaterThanOrEqual(900);
    expect(cutShortAt! - closing).toBeLessThan(10_000);

    // Another worker runs the retry, under the definition's retry policy: attempt 2 succeeds.
    const second = await createTaskTestApp([OutlivesGraceTask], { taskQueue });
    try {
      await expect(second.tasks.getHandle(task.id).result()).resolves.toBe('finished on attempt 2');
      const view = await temporalView(client, task.id);
      expect(view.status).toBe('COMPLETED');
      expect(view.activityAttempts).toEqual([2]);
    } finally {
      await second.app.close();
    }
  });

  it('hands a task triggered next to a polling Runner straight to it (eager start), unless delayed or turned off', async () => {
    const t = await createTaskTestApp([EntriesService, ImportCsvTask]);
    const off = await createTaskTestApp([EntriesService, ImportCsvTask], { runner: { eagerStart: false } });
    try {
      const eager = await t.tasks.trigger(ImportCsvTask, { rows: ['a'] });
      expect(eager.startedEagerly).toBe(true);
      await expect(eager.result()).resolves.toEqual({ imported: 1 });
      expect((await temporalView(client, eager.id)).status).toBe('COMPLETED');

      const delayed = await t.tasks.trigger(ImportCsvTask, { rows: ['b'] }, { delay: '100ms' });
      expect(delayed.startedEagerly).toBe(false);
      await expect(delayed.result()).resolves.toEqual({ imported: 1 });

      const normal = await off.tasks.trigger(ImportCsvTask, { rows: ['c'] });
      expect(normal.startedEagerly).toBe(false);
      await expect(normal.result()).resolves.toEqual({ imported: 1 });
    } finally {
      await t.app.close();
      await off.app.close();
    }
  });

  it("sends no more eager starts at once than the Runner has workflow task slots: the rest of a burst takes the module's client", async () => {
    // The SDK's workflow pollers hold slots too (ten by default): with fewer slots than that, none is ever free for an
    // eager start, and the test would count leases of starts that were not eager. Sixteen leave a few.
    const slots = 16;
    // A second definition on a queue of its own: its Worker has slots of its own, so its eager starts count apart.
    const t = await createTaskTestApp([EntriesService, ImportCsvTask, TranscodeTask], { runner: { maxConcurrentWorkflowTaskExecutions: slots } });
    const temporal = t.app.get(TasksClient);
    const moduleStarts = vi.spyOn(temporal.connection.workflowService, 'startWorkflowExecution');
    let leases = 0;
    let eagerInFlight = 0;
    let mostEagerInFlight = 0;
    const eagerStart = temporal.eagerStart.bind(temporal);
    vi.spyOn(temporal, 'eagerStart').mockImplementation((queue) => {
      const lease = eagerStart(queue);
      if (!lease) return undefined;
      leases += 1;
      mostEagerInFlight = Math.max(mostEagerInFlight, ++eagerInFlight);
      return {
        client: lease.client,
        release: () => {
          eagerInFlight -= 1;
          lease.release();
        },
      };
    });
    try {
      const tasks = await Promise.all(Array.from({ length: 40 }, (_, i) => t.tasks.trigger(ImportCsvTask, { rows: [`r${i}`] })));
      // Each start went one way: through the Runner's connection while a slot was free, else the module's client.
      expect(leases + moduleStarts.mock.calls.length).toBe(40);
      expect(mostEagerInFlight).toBeGreaterThan(0);
      expect(mostEagerInFlight).toBeLessThanOrEqual(slots);
      expect(moduleStarts).toHaveBeenCalled();
      // Some starts were eager indeed (the server handed their first workflow task straight back), and no more than
      // the leases taken.
      const eagerStarts = tasks.filter((task) => task.startedEagerly).length;
      expect(eagerStarts).toBeGreaterThan(0);
      expect(eagerStarts).toBeLessThanOrEqual(leases);
      await Promise.all(tasks.map(async (task) => expect(await task.result()).toEqual({ imported: 1 })));
      // Every place was given back: once the burst is over, all of them can be taken again.
      expect(eagerInFlight).toBe(0);
      const again = Array.from({ length: slots }, () => eagerStart(temporal.taskQueue));
      expect(again.every((lease) => lease !== undefined)).toBe(true);
      expect(eagerStart(temporal.taskQueue)).toBeUndefined();
      const otherQueue = eagerStart(MEDIA_QUEUE);
      expect(otherQueue).toBeDefined();
      otherQueue?.release();
      for (const lease of again) lease?.release();
    } finally {
      await t.app.close();
    }
  });

  it("waits for results through the Runner's own connection while it polls, and through the module's in a client-only process", async () => {
    const taskQueue = testTaskQueue();
    const worker = await createTaskTestApp([EntriesService, ImportCsvTask], { taskQueue });
    const web = await createTaskTestApp([EntriesService, ImportCsvTask], { taskQueue, runner: false });
    // The module's own (gRPC-js) connection: what each process's waits would otherwise go through.
    const workerWaits = vi.spyOn(worker.app.get(TasksClient).connection.workflowService, 'getWorkflowExecutionHistory');
    const webWaits = vi.spyOn(web.app.get(TasksClient).connection.workflowService, 'getWorkflowExecutionHistory');
    try {
      await expect((await worker.tasks.trigger(ImportCsvTask, { rows: ['a'] })).result()).resolves.toEqual({ imported: 1 });
      expect(workerWaits).not.toHaveBeenCalled();
      await expect((await web.tasks.trigger(ImportCsvTask, { rows: ['b'] })).result()).resolves.toEqual({ imported: 1 });
      expect(webWaits).toHaveBeenCalled();
    } finally {
      await web.app.close();
      await worker.app.close();
    }
  });

  it('does not start in a client-only process (runner: false), which still triggers tasks', async () => {
    const taskQueue = testTaskQueue();
    const web = await createTaskTestApp([EntriesService, ImportCsvTask], { taskQueue, runner: false });
    const worker = await createTaskTestApp([EntriesService, ImportCsvTask], { taskQueue });
    try {
      expect(web.app.get(TaskRunner).temporalWorker).toBeUndefined();
      const task = await web.tasks.trigger(ImportCsvTask, { rows: ['a'] });
      expect(task.startedEagerly).toBe(false);
      await expect(task.result()).resolves.toEqual({ imported: 1 });
      expect(worker.app.get(EntriesService).saved).toEqual(['a']);
      expect(web.app.get(EntriesService).saved).toEqual([]);
    } finally {
      await web.app.close();
      await worker.app.close();
    }
  });
});
