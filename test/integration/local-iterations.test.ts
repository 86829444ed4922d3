import { Logger } from '@nestjs/common';
import type { Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { TaskAbortedError, TaskFailedError } from '../../src';
import {
  LocalEchoTask,
  LocalFlakyTask,
  LocalPlainTask,
  LocalProbe,
  LocalRefusesTask,
  LocalSlowTask,
  LocalTooLongTask,
  LocalWaitsTask,
} from '../fixtures/local-tasks';
import { createTaskTestApp, eventually, temporalClient, temporalView, type TaskTestApp } from '../support/task-test-app';

type HistoryEvent = NonNullable<Awaited<ReturnType<ReturnType<Client['workflow']['getHandle']>['fetchHistory']>>['events']>[number];

const eventName = (event: HistoryEvent): string => String(temporal.api.enums.v1.EventType[event.eventType ?? 0]).replace(/^EVENT_TYPE_/, '');

/** The markers of a history: the local iterations (`core_local_activity`) and the patch (`core_patch`), in order. */
const markersOf = (events: HistoryEvent[]): string[] => events.flatMap((event) => (event.markerRecordedEventAttributes ? [event.markerRecordedEventAttributes.markerName ?? ''] : []));

/**
 * `@Task({ local: true })`: iterations run as local activities, against the real server. What Temporal records is read
 * from the task's own history (markers instead of activity events), never from the library's bookkeeping.
 */
describe('local iterations (@Task({ local: true }))', () => {
  let t: TaskTestApp;
  let client: Client;
  let closeClient: () => Promise<void>;
  let probe: LocalProbe;
  const warnings: string[] = [];

  beforeAll(async () => {
    const warn = vi.spyOn(Logger.prototype, 'warn').mockImplementation(function (this: Logger, message: unknown) {
      warnings.push(String(message));
    });
    t = await createTaskTestApp([LocalProbe, LocalEchoTask, LocalPlainTask, LocalFlakyTask, LocalWaitsTask, LocalSlowTask, LocalTooLongTask, LocalRefusesTask]);
    warn.mockRestore();
    probe = t.app.get(LocalProbe);
    ({ client, close: closeClient } = await temporalClient());
  });

  afterAll(async () => {
    probe?.release?.();
    await t?.app.close();
    await closeClient?.();
  });

  const historyOf = async (taskId: string): Promise<HistoryEvent[]> => (await client.workflow.getHandle(taskId).fetchHistory()).events ?? [];

  it('runs a one-iteration task in one workflow task: the patch, then one marker, and no activity events', async () => {
    const task = await t.tasks.trigger(LocalPlainTask, { n: 1 });
    expect(await task.result()).toEqual({ n: 1 });
    const events = await historyOf(task.id);
    expect(events.map(eventName)).toEqual([
      'WORKFLOW_EXECUTION_STARTED',
      'WORKFLOW_TASK_SCHEDULED',
      'WORKFLOW_TASK_STARTED',
      'WORKFLOW_TASK_COMPLETED',
      // patched(): the marker, and the SDK's TemporalChangeVersion search attribute.
      'MARKER_RECORDED',
      'UPSERT_WORKFLOW_SEARCH_ATTRIBUTES',
      // The iteration, with its result.
      'MARKER_RECORDED',
      'WORKFLOW_EXECUTION_COMPLETED',
    ]);
    expect(markersOf(events)).toEqual(['core_patch', 'core_local_activity']);
    expect((await client.workflow.getHandle(task.id).describe()).memo).toEqual({ taskSettings: { local: true } });
  });

  it('gives the handler its Context and keeps logs, progress and hooks: logs read back from the marker', async () => {
    const task = await t.tasks.trigger(LocalEchoTask, { text: 'hello' });
    expect(await task.result()).toEqual({ echoed: 'hello' });
    const info = await t.tasks.get(task.id);
    expect(info).toMatchObject({ status: 'success', iterations: 1, attempts: 1, progress: { value: 100 }, output: { echoed: 'hello' } });
    const logs = await t.tasks.logs(task.id);
    expect(logs.map((entry) => entry.message)).toEqual(['echoing', 'onDone ran']);
    expect(logs[0]).toMatchObject({ level: 'info', data: { text: 'hello' }, iteration: 1, attempt: 1 });
    // The hook runs as a regular activity; the iteration has none.
    const events = await historyOf(task.id);
    const activityTypes = events.flatMap((event) => (event.activityTaskScheduledEventAttributes ? [event.activityTaskScheduledEventAttributes.activityType?.name] : []));
    expect(activityTypes).toEqual(['__tasksRunHook']);
    expect(markersOf(events)).toEqual(['core_patch', 'core_local_activity']);
  });

  it('retries a failing attempt under the retry policy, in the worker, and iterates with continue', async () => {
    probe.attempts.length = 0;
    const task = await t.tasks.trigger(LocalFlakyTask, { failures: 2 });
    expect(await task.result()).toBe(3);
    // Two failed attempts of iteration 1, its third attempt, then iterations 2 and 3.
    expect(probe.attempts).toEqual([1, 2, 3, 1, 1]);
    const events = await historyOf(task.id);
    // One marker per iteration: retries within the local retry threshold leave none of their own.
    expect(markersOf(events)).toEqual(['core_patch', 'core_local_activity', 'core_local_activity', 'core_local_activity']);
    expect(events.some((event) => event.activityTaskScheduledEventAttributes)).toBe(false);
    expect((await temporalView(client, task.id)).status).toBe('COMPLETED');
  });

  it('fails the task with the handler error, its details and its logs once retries are over (or not allowed)', async () => {
    const task = await t.tasks.trigger(LocalRefusesTask, null);
    const error = await task.result().catch((err: unknown) => err);
    expect(error).toBeInstanceOf(TaskFailedError);
    expect(error).toMatchObject({ failureMessage: 'refused', details: { code: 7 } });
    expect((await t.tasks.get(task.id)).error).toMatchObject({ message: 'refused', retryable: false, details: { code: 7 } });
    expect((await t.tasks.logs(task.id)).map((entry) => entry.message)).toEqual(['refusing']);
    expect((await temporalView(client, task.id)).status).toBe('FAILED');
  });

  it('times an attempt out after its timeout, fires its signal, retries it, and then fails the task', async () => {
    probe.attempts.length = 0;
    probe.aborted.length = 0;
    const task = await t.tasks.trigger(LocalSlowTask, null);
    const error = await task.result().catch((err: unknown) => err);
    expect(error).toBeInstanceOf(TaskFailedError);
    expect((error as TaskFailedError).failureType).toBe('TimeoutFailure');
    expect(probe.attempts).toEqual([1, 2]);
    expect(probe.aborted).toEqual([`${task.id}#1`, `${task.id}#2`]);
    expect((await temporalView(client, task.id)).status).toBe('FAILED');
  });

  it('aborts a running iteration: the abort reaches it when its workflow task is renewed, its signal fires, the task ends canceled', async () => {
    probe.aborted.length = 0;
    probe.hooks.length = 0;
    probe.release = undefined;
    const task = await t.tasks.trigger(LocalWaitsTask, null);
    // The handler is running (it has handed over its release) before the abort is asked for.
    await eventually(() => (probe.release ? true : undefined));
    await t.tasks.abort(task.id, 'no longer needed');
    const error = await task.result().catch((err: unknown) => err);
    expect(error).toBeInstanceOf(TaskAbortedError);
    expect((error as TaskAbortedError).reason).toBe('no longer needed');
    expect(probe.aborted).toEqual([task.id]);
    expect(probe.hooks).toEqual(['onAbort']);
    expect((await temporalView(client, task.id)).status).toBe('CANCELLED');
  }, 60_000);

  it('runs the iterations of a definition whose timeout is too long for local activities as regular activities, and warns at start-up', async () => {
    expect(warnings.some((line) => line.includes('"localTooLong" asks for local iterations (local: true), but its timeout of 1 minute is longer than 10 seconds'))).toBe(true);
    const task = await t.tasks.trigger(LocalTooLongTask, null);
    expect(await task.result()).toBe('ran');
    const view = await temporalView(client, task.id);
    expect(view.activityAttempts).toEqual([1]);
    expect(markersOf(await historyOf(task.id))).toEqual([]);
    // So does a trigger that asks a local definition for a longer timeout.
    const overridden = await t.tasks.trigger(LocalPlainTask, { n: 2 }, { timeout: '1 minute' });
    expect(await overridden.result()).toEqual({ n: 2 });
    expect((await temporalView(client, overridden.id)).activityAttempts).toEqual([1]);
  });
});
