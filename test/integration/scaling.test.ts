import { Logger } from '@nestjs/common';
import type { Client } from '@temporalio/client';
import { InvalidTasksModuleOptionsError, InvalidTriggerOptionsError, TaskRunner, type TaskHandle } from '../../src';
import {
  BuildReportTask,
  Gate,
  LIMITED_QUEUE,
  LOCAL_LIMITED_QUEUE,
  LocalThumbnailTask,
  REPORT_QUEUE,
  MAIL_QUEUE,
  MEDIA_QUEUE,
  PRIORITY_QUEUE,
  PrioritizedTask,
  SendMailTask,
  ThumbnailTask,
  TranscodeTask,
} from '../fixtures/scaling-tasks';
import { createOwnServerTestApp, createTaskTestApp, eventually, temporalClient, type OwnServerTestApp, type TaskTestApp } from '../support/task-test-app';

type HistoryEvents = NonNullable<Awaited<ReturnType<ReturnType<Client['workflow']['getHandle']>['fetchHistory']>>['events']>;

/** When the task's (one) iteration started and ended, and on which worker: Temporal's own record. */
async function iterationTimes(client: Client, taskId: string): Promise<{ start: number; end: number; identity: string }> {
  const events: HistoryEvents = (await client.workflow.getHandle(taskId).fetchHistory()).events ?? [];
  const started = events.find((event) => event.activityTaskStartedEventAttributes);
  const ended = events.find((event) => event.activityTaskCompletedEventAttributes);
  const millis = (event: HistoryEvents[number] | undefined) => Number(event?.eventTime?.seconds ?? 0) * 1000 + Math.floor((event?.eventTime?.nanos ?? 0) / 1e6);
  return { start: millis(started), end: millis(ended), identity: started?.activityTaskStartedEventAttributes?.identity ?? '' };
}

/** Resolves once each task's iteration is scheduled and waits in the task queue's backlog (Temporal's own record). */
async function backlogged(client: Client, tasks: TaskHandle[]): Promise<void> {
  await eventually(
    async () => {
      const waiting = await Promise.all(
        tasks.map(async (task) => (await client.workflow.getHandle(task.id).describe()).raw.pendingActivities?.some((activity) => !activity.lastStartedTime)),
      );
      return waiting.every(Boolean) ? true : undefined;
    },
    30_000,
    `the ${tasks.length} iterations to wait in the backlog`,
  );
}

/** The most intervals that overlap at one moment. */
function maxOverlap(intervals: Array<{ start: number; end: number }>): number {
  const edges = intervals.flatMap(({ start, end }) => [
    [start, 1],
    [end, -1],
  ]);
  // An iteration that ends at the very moment another starts has freed its slot: ends first.
  edges.sort((a, b) => a[0]! - b[0]! || a[1]! - b[1]!);
  let now = 0;
  let most = 0;
  for (const [, delta] of edges) most = Math.max(most, (now += delta!));
  return most;
}

describe('task queues per definition, worker roles and limits', () => {
  const apps: TaskTestApp[] = [];
  let client: Client;
  let closeClient: () => Promise<void>;

  beforeAll(async () => {
    ({ client, close: closeClient } = await temporalClient());
  });

  // Each test's processes stop with it: a Runner left polling a queue would take the next test's tasks, unlimited.
  afterEach(async () => {
    for (const app of apps.splice(0)) await app.app.close();
  });

  afterAll(async () => {
    await closeClient?.();
  });

  async function boot(...args: Parameters<typeof createTaskTestApp>): Promise<TaskTestApp> {
    const app = await createTaskTestApp(...args);
    apps.push(app);
    return app;
  }

  it("starts each definition's tasks on its own queue, runs them on the Worker of that queue, and lists every queue", async () => {
    const t = await boot([TranscodeTask, SendMailTask], { runner: { workerOptions: { identity: 'all-queues' } } });
    const video = await t.tasks.trigger(TranscodeTask, { file: 'a.mp4' });
    const mail = await t.tasks.trigger(SendMailTask, { to: 'ada@example.com' });
    await expect(video.result()).resolves.toBe('transcoded a.mp4');
    await expect(mail.result()).resolves.toBe('sent to ada@example.com');
    expect((await client.workflow.getHandle(video.id).describe()).taskQueue).toBe(MEDIA_QUEUE);
    expect((await client.workflow.getHandle(mail.id).describe()).taskQueue).toBe(MAIL_QUEUE);
    expect([...t.app.get(TaskRunner).temporalWorkers.keys()].sort()).toEqual([MAIL_QUEUE, MEDIA_QUEUE].sort());
    const listed = await eventually(async () => {
      const ids = (await t.tasks.list({ pageSize: 100 })).tasks.map((task) => task.id);
      return ids.includes(video.id) && ids.includes(mail.id) ? ids : undefined;
    });
    expect(listed).toEqual(expect.arrayContaining([video.id, mail.id]));
  });

  it('a process serves only the queues of its role; a definition no process serves is named in a warning, and waits for one', async () => {
    const warnings = vi.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    try {
      const media = await boot([TranscodeTask, BuildReportTask], { runner: { queues: [MEDIA_QUEUE], workerOptions: { identity: 'media-worker' } } });
      expect([...media.app.get(TaskRunner).temporalWorkers.keys()]).toEqual([MEDIA_QUEUE]);
      await eventually(() => (warnings.mock.calls.some(([message]) => String(message).includes(`No Runner polls task queue "${REPORT_QUEUE}"`)) ? true : undefined));
      expect(warnings.mock.calls.map(([message]) => String(message)).join('\n')).toMatch(/tasks of "buildReport" triggered from here wait/);

      const video = await media.tasks.trigger(TranscodeTask, { file: 'b.mp4' });
      await video.result();
      expect((await iterationTimes(client, video.id)).identity).toBe('media-worker');
      const report = await media.tasks.trigger(BuildReportTask, { month: '2026-11' });
      // A task triggered after it on the served queue runs to its end; the report's workflow meanwhile was never
      // picked up: no worker polls its queue.
      await media.tasks.triggerAndWait(TranscodeTask, { file: 'c.mp4' });
      expect((await media.tasks.get(report.id)).status).toBe('pending');
      const reportEvents = (await client.workflow.getHandle(report.id).fetchHistory()).events ?? [];
      expect(reportEvents.some((event) => event.workflowTaskStartedEventAttributes)).toBe(false);

      await boot([TranscodeTask, BuildReportTask], { runner: { queues: [REPORT_QUEUE], workerOptions: { identity: 'report-worker' } } });
      await expect(report.result()).resolves.toBe('report of 2026-11');
      expect((await iterationTimes(client, report.id)).identity).toBe('report-worker');
    } finally {
      warnings.mockRestore();
    }
  });

  it('refuses a role naming a queue no definition uses', async () => {
    const error = await createTaskTestApp([TranscodeTask], { runner: { queues: ['nowhere'] } }).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(InvalidTasksModuleOptionsError);
    expect((error as Error).message).toContain(`runner.queues names "nowhere", which no @Task definition of this application uses (its queues: "${MEDIA_QUEUE}")`);
  });

  it("a queue's concurrency limit holds: 20 tasks, at most 2 iterations at once, as Temporal recorded them", async () => {
    const t = await boot([ThumbnailTask], { runner: { queueLimits: { [LIMITED_QUEUE]: { maxConcurrentIterations: 2 } } } });
    const tasks = await Promise.all(Array.from({ length: 20 }, (_, n) => t.tasks.trigger(ThumbnailTask, { n })));
    expect(await Promise.all(tasks.map((task) => task.result()))).toEqual(tasks.map((_, n) => n));
    const times = await Promise.all(tasks.map((task) => iterationTimes(client, task.id)));
    expect(maxOverlap(times)).toBe(2);
  }, 60_000);

  it("a local definition's iterations are held by its queue's concurrency limit too: 20 tasks, at most 2 at once", async () => {
    const t = await boot([LocalThumbnailTask], { runner: { queueLimits: { [LOCAL_LIMITED_QUEUE]: { maxConcurrentIterations: 2 } } } });
    LocalThumbnailTask.mostAtOnce = 0;
    const tasks = await Promise.all(Array.from({ length: 20 }, (_, n) => t.tasks.trigger(LocalThumbnailTask, { n })));
    expect(await Promise.all(tasks.map((task) => task.result()))).toEqual(tasks.map((_, n) => n));
    expect(LocalThumbnailTask.mostAtOnce).toBe(2);
  }, 60_000);

  it('refuses a local definition on a rate-limited queue: no rate limit can hold a local iteration', async () => {
    for (const limit of ['maxIterationsPerSecond', 'maxQueueIterationsPerSecond'] as const) {
      const error = await createTaskTestApp([LocalThumbnailTask], { runner: { queueLimits: { [LOCAL_LIMITED_QUEUE]: { [limit]: 5 } } } }).catch((err: unknown) => err);
      expect(error).toBeInstanceOf(InvalidTasksModuleOptionsError);
      expect((error as Error).message).toContain(
        `Task definition "localThumbnail" runs its iterations locally (local: true), which no rate limit can hold, but its queue "${LOCAL_LIMITED_QUEUE}" has runner.queueLimits.${LOCAL_LIMITED_QUEUE}.${limit}. Drop local from the definition, or give it a queue of its own without a rate limit.`,
      );
    }
  });

  // Ten tasks at 2 per second: after the limiter's first tokens, 3 to 7 seconds here (3.1 s once for the process's
  // limit, whose burst varies); unlimited, their starts spread over a few ms (the control below). Iterations
  // dispatched eagerly (handed back with the workflow task's completion: the SDK's default, which it turns off itself
  // only for the server's limit) escaped the process's limit: 10 starts within 10 ms.
  const LIMITED_SPREAD_MS = 2_500;

  it.each([
    { limit: 'maxIterationsPerSecond', processes: 1, enforced: 'by the process, eagerly dispatched iterations too' },
    { limit: 'maxQueueIterationsPerSecond', processes: 2, enforced: 'by the server, across both processes' },
  ] as const)("a queue's rate limit ($limit) spaces the iterations' starts, enforced $enforced", async ({ limit, processes }) => {
    const runner = { queueLimits: { [LIMITED_QUEUE]: { [limit]: 2 } } };
    const [t] = await Promise.all(Array.from({ length: processes }, () => boot([ThumbnailTask], { runner })));
    const tasks = await Promise.all(Array.from({ length: 10 }, (_, n) => t!.tasks.trigger(ThumbnailTask, { n })));
    await Promise.all(tasks.map((task) => task.result()));
    const starts = (await Promise.all(tasks.map((task) => iterationTimes(client, task.id)))).map((time) => time.start).sort((a, b) => a - b);
    expect(starts[starts.length - 1]! - starts[0]!).toBeGreaterThanOrEqual(LIMITED_SPREAD_MS);
  }, 60_000);

  it("the same ten tasks on the same queue with no rate limit start well within the limited spread (the rate-limit tests' control)", async () => {
    const t = await boot([ThumbnailTask]);
    const tasks = await Promise.all(Array.from({ length: 10 }, (_, n) => t.tasks.trigger(ThumbnailTask, { n })));
    await Promise.all(tasks.map((task) => task.result()));
    const starts = (await Promise.all(tasks.map((task) => iterationTimes(client, task.id)))).map((time) => time.start).sort((a, b) => a - b);
    expect(starts[starts.length - 1]! - starts[0]!).toBeLessThan(LIMITED_SPREAD_MS / 2);
  }, 60_000);
});

describe('priorities and fairness, on a server with fairness on', () => {
  let t: OwnServerTestApp | undefined;

  beforeAll(async () => {
    // One slot: a backlog builds up behind a task that holds it. One partition: the queue orders all of it.
    t = await createOwnServerTestApp([Gate, PrioritizedTask], {
      server: { dynamicConfig: { 'matching.enableFairness': true, 'matching.numTaskqueueReadPartitions': 1, 'matching.numTaskqueueWritePartitions': 1 } },
      fairness: true,
      runner: { eagerStart: false, queueLimits: { [PRIORITY_QUEUE]: { maxConcurrentIterations: 1 } } },
    });
  }, 120_000);

  afterAll(async () => {
    t?.app.get(Gate).release();
    await t?.close();
  }, 60_000);

  it('higher-priority tasks start first on a backlogged queue, though triggered last', async () => {
    if (!t) throw new Error('set-up failed');
    const raw = t.client;
    const blocker = await t.tasks.trigger(PrioritizedTask, { label: 'blocker', block: true });
    await eventually(async () => ((await t!.tasks.get(blocker.id)).attempts > 0 ? true : undefined), 20_000, 'the blocker to hold the slot');
    const low: TaskHandle[] = [];
    const high: TaskHandle[] = [];
    for (let n = 0; n < 10; n += 1) low.push(await t.tasks.trigger(PrioritizedTask, { label: `low ${n}` }, { priority: 5 }));
    for (let n = 0; n < 10; n += 1) high.push(await t.tasks.trigger(PrioritizedTask, { label: `high ${n}` }, { priority: 1 }));
    // Every task's iteration is waiting in the backlog before the slot frees.
    await backlogged(raw, [...low, ...high]);
    t.app.get(Gate).release();
    await Promise.all([blocker, ...low, ...high].map((task) => task.result()));

    const starts = async (tasks: TaskHandle[]) => Promise.all(tasks.map(async (task) => (await iterationTimes(raw, task.id)).start));
    const order = [...(await starts(low)).map((start) => ({ start, priority: 5 })), ...(await starts(high)).map((start) => ({ start, priority: 1 }))].sort(
      (a, b) => a.start - b.start,
    );
    // On a queue of one partition the backlog is dispatched in priority order (of several partitions, the default, in
    // close to priority order: each partition orders its own share).
    expect(order.map((task) => task.priority)).toEqual([...Array(10).fill(1), ...Array(10).fill(5)]);
    expect((await raw.workflow.getHandle(high[0]!.id).describe()).raw.workflowExecutionInfo?.priority?.priorityKey).toBe(1);
  }, 90_000);

  it("a tenant's burst does not starve another tenant: tasks of one priority are dispatched round-robin between fairness keys", async () => {
    if (!t) throw new Error('set-up failed');
    const raw = t.client;
    const gate = t.app.get(Gate);
    void gate.close();
    const blocker = await t.tasks.trigger(PrioritizedTask, { label: 'blocker', block: true });
    await eventually(async () => ((await t!.tasks.get(blocker.id)).attempts > 0 ? true : undefined), 20_000, 'the blocker to hold the slot');
    const burst: TaskHandle[] = [];
    for (let n = 0; n < 10; n += 1) burst.push(await t.tasks.trigger(PrioritizedTask, { label: `a ${n}` }, { fairnessKey: 'tenant-a' }));
    const few: TaskHandle[] = [];
    for (let n = 0; n < 3; n += 1) few.push(await t.tasks.trigger(PrioritizedTask, { label: `b ${n}` }, { fairnessKey: 'tenant-b' }));
    await backlogged(raw, [...burst, ...few]);
    gate.release();
    await Promise.all([blocker, ...burst, ...few].map((task) => task.result()));

    const tenantOf = new Map([...burst.map((task) => [task.id, 'a'] as const), ...few.map((task) => [task.id, 'b'] as const)]);
    const order = (await Promise.all([...burst, ...few].map(async (task) => ({ id: task.id, start: (await iterationTimes(raw, task.id)).start })))).sort((x, y) => x.start - y.start);
    const sequence = order.map((task) => tenantOf.get(task.id)).join('');
    // Without fairness, tenant b's three tasks would come after tenant a's ten; with it they alternate from the start.
    expect(sequence.slice(0, 6).split('').filter((tenant) => tenant === 'b')).toHaveLength(3);
  }, 90_000);

  it('refuses a fairness key where the module does not declare fairness, rather than let the server ignore it', async () => {
    if (!t) throw new Error('set-up failed');
    const plain = await createTaskTestApp([Gate, PrioritizedTask], { connection: { address: t.server.address }, runner: false });
    try {
      const error = await plain.tasks.trigger(PrioritizedTask, { label: 'x' }, { fairnessKey: 'tenant-a' }).catch((err: unknown) => err);
      expect(error).toBeInstanceOf(InvalidTriggerOptionsError);
      expect((error as Error).message).toContain('fairnessKey needs fairness on the namespace');
      await expect(plain.tasks.trigger(PrioritizedTask, { label: 'x' }, { priority: 0 })).rejects.toThrow('priority must be a whole number from 1');
    } finally {
      await plain.app.close();
    }
  });
});
