import type { Client } from '@temporalio/client';
import { decodeFromPayloadsAtIndex } from '@temporalio/common/lib/internal-non-workflow';
import { tsToMs } from '@temporalio/common/lib/time';
import { randomBytes, randomUUID } from 'node:crypto';
import { AesGcmPayloadCodec, InvalidTriggerOptionsError, TaskDeadlineExceededError, TaskNotFoundError } from '../../src';
import type { TaskIterationInput } from '../../workflows/task-workflow.types';
import { DebouncedReindexTask, type ReindexInput } from '../fixtures/debounce-tasks';
import { createOwnServerTestApp, createTaskTestApp, eventually, temporalClient, type OwnServerTestApp, type TaskTestApp } from '../support/task-test-app';

/** One iteration of the task as Temporal recorded it: the input it ran with, and when it was scheduled. */
interface RecordedIteration {
  runId: string;
  input: unknown;
  scheduledAt: number;
  attempt: number;
}

/**
 * Every iteration of a task's chain of runs that ends with `runId` (the latest by default), oldest first, from the
 * histories: each run named by the previous one's continue-as-new.
 */
async function iterationsOf(client: Client, workflowId: string, runId?: string): Promise<{ runs: string[]; iterations: RecordedIteration[]; firstEventAt: number }> {
  const runs: string[] = [];
  const iterations: RecordedIteration[] = [];
  let firstEventAt = 0;
  let current = runId ?? (await client.workflow.getHandle(workflowId).describe()).runId;
  for (;;) {
    const events = (await client.workflow.getHandle(workflowId, current).fetchHistory()).events ?? [];
    const found: RecordedIteration[] = [];
    const attempts = new Map<string, number>();
    for (const event of events) {
      const started = event.activityTaskStartedEventAttributes;
      if (started) attempts.set(String(started.scheduledEventId), started.attempt ?? 0);
    }
    for (const event of events) {
      const scheduled = event.activityTaskScheduledEventAttributes;
      if (scheduled?.activityType?.name !== 'debouncedReindex') continue;
      const input = await decodeFromPayloadsAtIndex<TaskIterationInput>(client.options.loadedDataConverter, 0, scheduled.input?.payloads);
      found.push({ runId: current, input: input.input, scheduledAt: tsToMs(event.eventTime), attempt: attempts.get(String(event.eventId)) ?? 0 });
    }
    runs.unshift(current);
    iterations.unshift(...found);
    firstEventAt = tsToMs(events[0]?.eventTime);
    const previous = events[0]?.workflowExecutionStartedEventAttributes?.continuedExecutionRunId;
    if (!previous) return { runs, iterations, firstEventAt };
    current = previous;
  }
}

/** Debounced triggers, checked against Temporal's own record: runs, signals, activity executions and their times. */
describe('debounced triggers, on a real Temporal server', () => {
  let t: TaskTestApp;
  let client: Client;
  let closeClient: () => Promise<void>;

  const trigger = (id: string, input: ReindexInput, debounce: { delay: string; maxDelay?: string } = { delay: '1.5s' }, app: TaskTestApp = t) =>
    app.tasks.trigger(DebouncedReindexTask, input, { id, debounce });

  beforeAll(async () => {
    t = await createTaskTestApp([DebouncedReindexTask]);
    ({ client, close: closeClient } = await temporalClient());
  });

  afterAll(async () => {
    await t?.app.close();
    await closeClient?.();
  });

  it('five triggers within the delay make one run, with the last input, pending until then with its start moving', async () => {
    const key = `five-${randomUUID()}`;
    const id = `debouncedReindex/${key}`;
    const first = await trigger(key, { n: 0 });
    const startAtFirst = (await eventually(async () => {
      const info = await t.tasks.get(id);
      return info.startAt && info.startAt.getTime() > Date.now() ? info : undefined;
    }, 10_000, 'the expected start of the first trigger')).startAt!;
    const handles = [first];
    for (let n = 1; n < 5; n++) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      handles.push(await trigger(key, { n }));
    }
    // Pending, showing the latest input and a start pushed back by the later triggers.
    const pending = await eventually(async () => {
      const info = await t.tasks.get(id);
      return info.status === 'pending' && info.startAt && info.startAt.getTime() > startAtFirst.getTime() ? info : undefined;
    }, 10_000, 'a later expected start');
    expect(pending.input).toEqual({ n: 4 });
    expect(handles.every((handle) => handle.id === id)).toBe(true);

    await expect(first.result()).resolves.toEqual({ n: 4 });
    // Temporal's record: one chain of runs for the id (the wait, then the task), one iteration, started once.
    const { runs, iterations } = await iterationsOf(client, id);
    expect(iterations.map(({ input, attempt }) => ({ input, attempt }))).toEqual([{ input: { n: 4 }, attempt: 1 }]);
    // The waiting run recorded the five triggers as signals, each input once: its start carries none.
    const waiting = (await client.workflow.getHandle(id, runs[0]).fetchHistory()).events ?? [];
    expect(waiting.filter((event) => event.workflowExecutionSignaledEventAttributes?.signalName === 'taskDebounce')).toHaveLength(5);
    expect(waiting[0]?.workflowExecutionStartedEventAttributes?.input?.payloads ?? []).toHaveLength(0);
    const info = await t.tasks.get(id);
    expect(info).toMatchObject({ status: 'success', input: { n: 4 }, output: { n: 4 } });
    // The hook saw the last input too.
    const logs = await t.tasks.logs(id);
    expect(logs.find((entry) => entry.message === 'onDone')?.data).toEqual({ input: { n: 4 } });

    // A trigger after the end starts a new task on the key (a new run), and the ended one keeps its record.
    const ended = await client.workflow.getHandle(id).describe();
    const again = await trigger(key, { n: 'again' });
    await expect(again.result()).resolves.toEqual({ n: 'again' });
    await expect(client.workflow.getHandle(id, ended.runId).result()).resolves.toEqual({ n: 4 });
    const next = await iterationsOf(client, id);
    expect(next.runs).not.toContain(ended.runId);
    expect(next.iterations.map(({ input }) => input)).toEqual([{ n: 'again' }]);
  });

  it('maxDelay caps the push-back: triggers that keep coming start the task maxDelay after the first', async () => {
    const key = `capped-${randomUUID()}`;
    const id = `debouncedReindex/${key}`;
    const debounce = { delay: '1.5s', maxDelay: '3s' };
    const firstAt = Date.now();
    const first = await trigger(key, { n: 0 }, debounce);
    // A trigger every 300 ms until 2.7 s: the quiet period alone would start the task 1.5 s after the last (>= 4.2 s).
    let n = 1;
    while (Date.now() - firstAt < 2_700) {
      await new Promise((resolve) => setTimeout(resolve, 300));
      await trigger(key, { n: n++ }, debounce);
    }
    const lastInput = { n: n - 1 };
    await first.result();
    const { iterations, firstEventAt } = await iterationsOf(client, id);
    expect(iterations[0]?.input).toEqual(lastInput);
    const startedAfter = iterations[0]!.scheduledAt - firstEventAt;
    expect(startedAfter).toBeGreaterThanOrEqual(2_900);
    expect(startedAfter).toBeLessThan(4_100);
  });

  it('triggers from two separate applications (one a client only) debounce together', async () => {
    const other = await createTaskTestApp([DebouncedReindexTask], { taskQueue: t.taskQueue, runner: false });
    try {
      const key = `two-apps-${randomUUID()}`;
      const id = `debouncedReindex/${key}`;
      const first = await trigger(key, { n: 'a1' });
      await trigger(key, { n: 'b1' }, undefined, other);
      await trigger(key, { n: 'a2' });
      await trigger(key, { n: 'b2' }, undefined, other);
      await expect(first.result()).resolves.toEqual({ n: 'b2' });
      const { iterations } = await iterationsOf(client, id);
      expect(iterations.map(({ input }) => input)).toEqual([{ n: 'b2' }]);
      const signals = await Promise.all((await iterationsOf(client, id)).runs.map(async (runId) => ((await client.workflow.getHandle(id, runId).fetchHistory()).events ?? []).filter((e) => e.workflowExecutionSignaledEventAttributes?.signalName === 'taskDebounce').length));
      expect(signals.reduce((a, b) => a + b, 0)).toBe(4);
    } finally {
      await other.app.close();
    }
  });

  it('a trigger while the task runs is kept: after it ends, a new cycle runs once with the latest late input', async () => {
    const key = `late-${randomUUID()}`;
    const id = `debouncedReindex/${key}`;
    const first = await trigger(key, { n: 'a', holdMs: 3_000 }, { delay: '1s' });
    await eventually(async () => ((await t.tasks.get(id)).status === 'running' ? true : undefined), 20_000, 'the task to run');
    await trigger(key, { n: 'b' }, { delay: '1s' });
    await trigger(key, { n: 'c' }, { delay: '1s' });
    expect((await t.tasks.get(id)).status).toBe('running');
    // The handle follows the key's task through its runs: the new cycle's result is its result.
    await expect(first.result()).resolves.toEqual({ n: 'c' });
    const { iterations } = await iterationsOf(client, id);
    expect(iterations.map(({ input, attempt }) => ({ input, attempt }))).toEqual([
      { input: { n: 'a', holdMs: 3_000 }, attempt: 1 },
      { input: { n: 'c' }, attempt: 1 },
    ]);
  });

  it('a trigger while the task runs is kept when the task fails too: the new cycle runs, and its outcome is the task\'s', async () => {
    const key = `late-failure-${randomUUID()}`;
    const id = `debouncedReindex/${key}`;
    const first = await trigger(key, { n: 'a', holdMs: 2_000, fail: true }, { delay: '1s' });
    await eventually(async () => ((await t.tasks.get(id)).status === 'running' ? true : undefined), 20_000, 'the task to run');
    await trigger(key, { n: 'b' }, { delay: '1s' });
    await expect(first.result()).resolves.toEqual({ n: 'b' });
    const { iterations } = await iterationsOf(client, id);
    expect(iterations.map(({ input }) => input)).toEqual([{ n: 'a', holdMs: 2_000, fail: true }, { n: 'b' }]);
    expect(await t.tasks.get(id)).toMatchObject({ status: 'success', input: { n: 'b' } });
  });

  it('retry of a failed debounced task runs its last input again at once, without a debounce wait', async () => {
    const key = `retry-${randomUUID()}`;
    const id = `debouncedReindex/${key}`;
    const first = await trigger(key, { n: 1, fail: true }, { delay: '1s' });
    await trigger(key, { n: 2, fail: true }, { delay: '1s' });
    await expect(first.result()).rejects.toThrow(/re-index 2 failed/);
    const retried = await t.tasks.retry(id);
    await expect(retried.result()).rejects.toThrow(/re-index 2 failed/);
    // The retried run is one run that ran the iteration: no timer, no continue-as-new into a waiting run.
    const events = (await client.workflow.getHandle(id, retried.runId).fetchHistory()).events ?? [];
    expect(events.some((event) => event.timerStartedEventAttributes)).toBe(false);
    expect(events.filter((event) => event.activityTaskScheduledEventAttributes?.activityType?.name === 'debouncedReindex')).toHaveLength(1);
    expect((await t.tasks.get(id)).input).toEqual({ n: 2, fail: true });
  });

  it("reuse: 'never' keeps the ended task's key: a later debounced trigger gets the ended task, and starts nothing", async () => {
    const key = `never-${randomUUID()}`;
    const id = `debouncedReindex/${key}`;
    const debounced = (n: number) => t.tasks.trigger(DebouncedReindexTask, { n }, { id: key, debounce: { delay: '1s' }, reuse: 'never' });
    await expect((await debounced(1)).result()).resolves.toEqual({ n: 1 });
    const ended = await client.workflow.getHandle(id).describe();
    const later = await debounced(2);
    expect(later.runId).toBe(ended.runId);
    await expect(later.result()).resolves.toEqual({ n: 1 });
    expect((await client.workflow.getHandle(id).describe()).runId).toBe(ended.runId);
  });

  it('a debounced trigger that meets a running task of the key triggered without debounce is kept too: a debounce cycle follows it', async () => {
    const key = `mixed-${randomUUID()}`;
    const id = `debouncedReindex/${key}`;
    const plain = await t.tasks.trigger(DebouncedReindexTask, { n: 'plain', holdMs: 2_000 }, { id: key });
    await eventually(async () => ((await t.tasks.get(id)).status === 'running' ? true : undefined), 20_000, 'the task to run');
    await trigger(key, { n: 'debounced' }, { delay: '1s' });
    await expect(plain.result()).resolves.toEqual({ n: 'debounced' });
    const { iterations } = await iterationsOf(client, id);
    expect(iterations.map(({ input }) => input)).toEqual([{ n: 'plain', holdMs: 2_000 }, { n: 'debounced' }]);
  });

  it('an abort of a running task ends it aborted, and the late triggers with it: no new cycle', async () => {
    const key = `late-abort-${randomUUID()}`;
    const id = `debouncedReindex/${key}`;
    await trigger(key, { n: 'a', holdMs: 5_000 }, { delay: '1s' });
    await eventually(async () => ((await t.tasks.get(id)).status === 'running' ? true : undefined), 20_000, 'the task to run');
    await trigger(key, { n: 'b' }, { delay: '1s' });
    await t.tasks.abort(id, 'stop this key');
    // Had the late trigger opened a new cycle, the task would continue as new (pending), never end aborted.
    const info = await eventually(async () => {
      const current = await t.tasks.get(id);
      return current.status === 'pending' || current.status === 'running' ? undefined : current;
    }, 20_000, 'the task to end');
    expect(info).toMatchObject({ status: 'aborted', abortReason: 'stop this key' });
    expect((await client.workflow.getHandle(id).describe()).status.name).toBe('CANCELLED');
    expect((await iterationsOf(client, id)).iterations.map(({ input }) => input)).toEqual([{ n: 'a', holdMs: 5_000 }]);
  });

  it('holds across processes and restarts: triggers recorded while no worker runs make one task once a worker is back', async () => {
    const taskQueue = `debounce-restart-${randomUUID().slice(0, 8)}`;
    const key = `restart-${randomUUID()}`;
    const id = `debouncedReindex/${key}`;
    // A web process with no Runner triggers, then goes away: the server alone holds the triggers.
    const web = await createTaskTestApp([DebouncedReindexTask], { taskQueue, runner: false });
    let first;
    try {
      first = await trigger(key, { n: 1 }, { delay: '1s' }, web);
      await trigger(key, { n: 2 }, { delay: '1s' }, web);
      expect((await web.tasks.get(id)).status).toBe('pending');
    } finally {
      await web.app.close();
    }
    // A worker process starts later: the task runs once, with the last input, though no process saw both triggers run.
    const worker = await createTaskTestApp([DebouncedReindexTask], { taskQueue });
    try {
      await expect(worker.tasks.getHandle(id).result()).resolves.toEqual({ n: 2 });
      expect(first.id).toBe(id);
      expect((await iterationsOf(client, id)).iterations.map(({ input, attempt }) => ({ input, attempt }))).toEqual([{ input: { n: 2 }, attempt: 1 }]);
    } finally {
      await worker.app.close();
    }
  });

  it('an abort while the task waits for its triggers to stop ends it aborted, with no iteration', async () => {
    const key = `abort-${randomUUID()}`;
    const id = `debouncedReindex/${key}`;
    await trigger(key, { n: 0 }, { delay: '3s' });
    await eventually(async () => ((await t.tasks.get(id)).status === 'pending' ? true : undefined), 10_000, 'pending');
    await t.tasks.abort(id, 'not needed');
    await eventually(async () => ((await t.tasks.get(id)).status === 'aborted' ? true : undefined), 10_000, 'aborted');
    expect((await iterationsOf(client, id)).iterations).toEqual([]);
  });

  it('a deadline that passes while the task waits for its triggers to stop fails it with TaskDeadlineExceeded, with no iteration', async () => {
    const key = `deadline-${randomUUID()}`;
    const id = `debouncedReindex/${key}`;
    const handle = await t.tasks.trigger(DebouncedReindexTask, { n: 0 }, { id: key, debounce: { delay: '5s' }, deadline: '1s' });
    await expect(handle.result()).rejects.toBeInstanceOf(TaskDeadlineExceededError);
    // Temporal's record: the run failed (not canceled) with the deadline's failure type, before any iteration.
    const { runs, iterations } = await iterationsOf(client, id);
    expect(iterations).toEqual([]);
    const events = (await client.workflow.getHandle(id, runs.at(-1)).fetchHistory()).events ?? [];
    expect(events.at(-1)?.workflowExecutionFailedEventAttributes?.failure?.applicationFailureInfo?.type).toBe('TaskDeadlineExceeded');
  });

  it('triggerMany with debounce: items of one key make one task with the last item', async () => {
    const key = `many-${randomUUID()}`;
    const items = [1, 2, 3].map((n) => ({ input: { n }, options: { id: key, debounce: { delay: '1s' } } }));
    const results = await t.tasks.triggerMany(DebouncedReindexTask, items, { concurrency: 1 });
    expect(results.every((result) => result.ok)).toBe(true);
    const handle = results[0]!.ok ? results[0]!.handle : undefined;
    await expect(handle?.result()).resolves.toEqual({ n: 3 });
    expect((await iterationsOf(client, `debouncedReindex/${key}`)).iterations.map(({ input }) => input)).toEqual([{ n: 3 }]);
  });

  it.each([
    ['without an id', { debounce: { delay: '1s' } }, /debounce needs an id/],
    ['with a delay of zero', { id: 'key', debounce: { delay: 0 } }, /debounce\.delay must be a positive duration/],
    ['with maxDelay shorter than delay', { id: 'key', debounce: { delay: '2s', maxDelay: '1s' } }, /maxDelay .* must be at least debounce\.delay/],
    ['with a delay option', { id: 'key', debounce: { delay: '1s' }, delay: '5s' }, /debounce and delay do not combine/],
    ["with onConflict: 'fail'", { id: 'key', debounce: { delay: '1s' }, onConflict: 'fail' as const }, /onConflict: 'fail' do not combine/],
  ])('refuses a debounce %s with a typed error and starts nothing', async (_, options, message) => {
    const key = `refused-${randomUUID()}`;
    const error = await t.tasks.trigger(DebouncedReindexTask, { n: 0 }, { ...options, ...('id' in options ? { id: key } : {}) }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidTriggerOptionsError);
    expect((error as Error).message).toMatch(message);
    // The would-be task does not exist: Temporal has no workflow of its id.
    await expect(t.tasks.get(`debouncedReindex/${key}`)).rejects.toBeInstanceOf(TaskNotFoundError);
  });
});

/** What only a server that suggests continue-as-new early shows: debounce across a task's runs. */
describe('debounced triggers across continue-as-new, on a server that suggests it early', () => {
  let t: OwnServerTestApp;

  beforeAll(async () => {
    t = await createOwnServerTestApp([DebouncedReindexTask], { server: { dynamicConfig: { 'limit.historyCount.suggestContinueAsNew': 20 } } });
  });

  afterAll(async () => {
    await t?.close();
  });

  it('a burst too long for one run continues as new within its cycle, keeping its window: maxDelay still counts from the first trigger', async () => {
    const key = `burst-${randomUUID()}`;
    const id = `debouncedReindex/${key}`;
    const debounce = { delay: '3s', maxDelay: '3s' };
    const first = await t.tasks.trigger(DebouncedReindexTask, { n: 0 }, { id: key, debounce });
    const firstAt = Date.now();
    let n = 1;
    while (Date.now() - firstAt < 2_100) {
      await new Promise((resolve) => setTimeout(resolve, 150));
      await t.tasks.trigger(DebouncedReindexTask, { n: n++ }, { id: key, debounce });
    }
    await expect(first.result()).resolves.toEqual({ n: n - 1 });
    const { runs, iterations, firstEventAt } = await iterationsOf(t.client, id);
    // More than the wait and the task: the wait itself continued as new.
    expect(runs.length).toBeGreaterThan(2);
    expect(iterations.map(({ input }) => input)).toEqual([{ n: n - 1 }]);
    // The quiet period alone would start it at >= 5.1 s; the cap, carried across the runs, at 3 s (and the server may
    // hold the first workflow task of a run that follows another of less than a second by up to a second).
    const startedAfter = iterations[0]!.scheduledAt - firstEventAt;
    expect(startedAfter).toBeGreaterThanOrEqual(2_900);
    expect(startedAfter).toBeLessThan(4_600);
  });

  it('a trigger while the task runs survives the continue-as-new between its iterations', async () => {
    const key = `late-long-${randomUUID()}`;
    const id = `debouncedReindex/${key}`;
    const first = await t.tasks.trigger(DebouncedReindexTask, { n: 'a', holdMs: 2_000, iterations: 6 }, { id: key, debounce: { delay: '500ms' } });
    await eventually(async () => ((await t.tasks.get(id)).status === 'running' ? true : undefined), 20_000, 'the task to run');
    await t.tasks.trigger(DebouncedReindexTask, { n: 'b' }, { id: key, debounce: { delay: '500ms' } });
    await expect(first.result()).resolves.toEqual({ n: 'b' });
    const { runs, iterations } = await iterationsOf(t.client, id);
    expect(iterations.map(({ input }) => input)).toEqual([...Array(6).fill({ n: 'a', holdMs: 2_000, iterations: 6 }), { n: 'b' }]);
    // Its iterations spanned several runs (continue-as-new) before the new cycle's.
    expect(new Set(iterations.slice(0, 6).map(({ runId }) => runId)).size).toBeGreaterThan(1);
    expect(runs.length).toBeGreaterThan(3);
  });
});

/** Debounce with an encrypting codec: the triggers' inputs are stored encrypted, and read back through the codec. */
describe('debounced triggers with payload encryption', () => {
  let t: TaskTestApp;
  let client: Client;
  let closeClient: () => Promise<void>;

  beforeAll(async () => {
    t = await createTaskTestApp([DebouncedReindexTask], { dataConverter: { payloadCodecs: [new AesGcmPayloadCodec({ keys: [{ id: 'key-1', key: randomBytes(32) }] })] } });
    ({ client, close: closeClient } = await temporalClient());
  });

  afterAll(async () => {
    await t?.app.close();
    await closeClient?.();
  });

  it('stores each trigger encrypted, shows the latest decrypted while pending, and runs it', async () => {
    const key = `secret-${randomUUID()}`;
    const id = `debouncedReindex/${key}`;
    const first = await t.tasks.trigger(DebouncedReindexTask, { n: 'secret-one' }, { id: key, debounce: { delay: '2s' } });
    await t.tasks.trigger(DebouncedReindexTask, { n: 'secret-two' }, { id: key, debounce: { delay: '2s' } });
    // A signal that arrives while the worker handles the previous one is recorded once that workflow task ends.
    await eventually(async () => {
      const pending = await t.tasks.get(id);
      return pending.status === 'pending' && (pending.input as { n?: string } | undefined)?.n === 'secret-two' ? pending : undefined;
    }, 10_000, 'the latest input, decrypted, while pending');
    await expect(first.result()).resolves.toEqual({ n: 'secret-two' });
    // Temporal's record, read without the codec: no trigger's input in clear, in any run of the task.
    const fetchEvents = async (run: string) => (await client.workflow.getHandle(id, run).fetchHistory()).events ?? [];
    const described = await client.workflowService.describeWorkflowExecution({ namespace: 'default', execution: { workflowId: id } });
    let runId: string | undefined = described.workflowExecutionInfo?.execution?.runId ?? undefined;
    let runs = 0;
    while (runId) {
      const events: unknown[] & Awaited<ReturnType<typeof fetchEvents>> = await fetchEvents(runId);
      expect(bytesAsText(events)).toContain('binary/encrypted');
      expect(bytesAsText(events)).not.toContain('secret-');
      runs += 1;
      runId = events[0]?.workflowExecutionStartedEventAttributes?.continuedExecutionRunId || undefined;
    }
    expect(runs).toBe(2);
  });
});

/** Every byte array in a value (payload data, anywhere in a history), as text. */
function bytesAsText(value: unknown): string {
  if (value instanceof Uint8Array) return Buffer.from(value).toString('latin1');
  if (Array.isArray(value)) return value.map(bytesAsText).join('\n');
  if (typeof value === 'object' && value !== null) return Object.values(value).map(bytesAsText).join('\n');
  return '';
}
