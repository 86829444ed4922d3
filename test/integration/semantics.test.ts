import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { tsToMs } from '@temporalio/common/lib/time';
import { temporal } from '@temporalio/proto';
import { TaskAbortedError, TaskFailedError, TaskInputValidationError, TaskTerminatedError } from '../../src';
import {
  DoubleAllTask,
  DoubleTask,
  FailsFastTask,
  HookedTask,
  ReportsProgressTask,
  TimeBoundTask,
  WelcomeUserTask,
} from '../fixtures/semantics-tasks';
import { createTaskTestApp, eventually, temporalClient, temporalView, testTaskQueue, type TaskTestApp } from '../support/task-test-app';

const PROVIDERS = [HookedTask, ReportsProgressTask, TimeBoundTask, WelcomeUserTask, DoubleTask, DoubleAllTask, FailsFastTask];

describe('Task semantics on a real Temporal server', () => {
  let t: TaskTestApp;
  let client: Client;
  let closeClient: () => Promise<void>;

  beforeAll(async () => {
    t = await createTaskTestApp(PROVIDERS);
    ({ client, close: closeClient } = await temporalClient());
  });

  afterAll(async () => {
    await t?.app.close();
    await closeClient?.();
  });

  const hookCalls = (taskId: string) => t.app.get(HookedTask).calls.filter(([, task]) => task.id === taskId).map(([hook, task]) => [hook, task]);

  describe('hooks', () => {
    it('onDone runs once with the output', async () => {
      const task = await t.tasks.trigger(HookedTask, { outcome: 'success' });
      await expect(task.result()).resolves.toBe('done');
      expect(hookCalls(task.id)).toEqual([['onDone', expect.objectContaining({ id: task.id, definitionId: 'hooked', output: 'done', iteration: 1 })]]);
    });

    it('onError runs once after the retries ran out, with the error', async () => {
      const task = await t.tasks.trigger(HookedTask, { outcome: 'error' });
      await expect(task.result()).rejects.toBeInstanceOf(TaskFailedError);
      expect(hookCalls(task.id)).toEqual([['onError', expect.objectContaining({ error: { message: 'handler broke', type: 'Error' } })]]);
      expect((await temporalView(client, task.id)).activityAttempts).toEqual([2]);
    });

    it('onAbort runs once with the reason, whether the task aborts itself or is aborted', async () => {
      const self = await t.tasks.trigger(HookedTask, { outcome: 'abort' });
      await expect(self.result()).rejects.toBeInstanceOf(TaskAbortedError);
      expect(hookCalls(self.id)).toEqual([['onAbort', expect.objectContaining({ abortReason: 'changed my mind' })]]);

      const outside = await t.tasks.trigger(HookedTask, { outcome: 'wait' });
      await eventually(async () => ((await t.tasks.get(outside.id)).status === 'running' ? true : undefined));
      await t.tasks.abort(outside.id, 'operator stopped it');
      await expect(outside.result()).rejects.toMatchObject({ reason: 'operator stopped it' });
      expect(hookCalls(outside.id)).toEqual([['onAbort', expect.objectContaining({ abortReason: 'operator stopped it' })]]);
      expect((await temporalView(client, outside.id)).status).toBe('CANCELLED');
    });

    it('a task terminated from outside the library: result() throws TaskTerminatedError, and no hook runs', async () => {
      const handler = t.app.get(HookedTask);
      const task = await t.tasks.trigger(HookedTask, { outcome: 'wait' });
      await eventually(() => (handler.started.includes(task.id) ? true : undefined), 20_000, 'the handler to run');
      await client.workflow.getHandle(task.id).terminate('operator pulled the plug');

      const error = await task.result().catch((err: unknown) => err);
      expect(error).toBeInstanceOf(TaskTerminatedError);
      expect(error).toMatchObject({ code: 'TASK_TERMINATED', taskId: task.id, why: 'terminated (operator pulled the plug)' });
      expect((await temporalView(client, task.id)).status).toBe('TERMINATED');
      // Let the handler return success: still no hook runs, since the workflow that would run them is gone. (The
      // gate stays open: this is the last test of the file that waits at it.)
      handler.gate.open();
      await eventually(() => (handler.finished.includes(task.id) ? true : undefined), 10_000, 'the handler to return');
      expect(hookCalls(task.id)).toEqual([]);
      const events = (await client.workflow.getHandle(task.id).fetchHistory()).events ?? [];
      expect(events.at(-1)?.workflowExecutionTerminatedEventAttributes?.reason).toBe('operator pulled the plug');
    });

    it('a failing hook is recorded in the logs and does not change the status', async () => {
      const task = await t.tasks.trigger(HookedTask, { outcome: 'success', failHook: 'onDone' });
      await expect(task.result()).resolves.toBe('done');
      expect((await temporalView(client, task.id)).status).toBe('COMPLETED');
      const logs = await t.tasks.logs(task.id);
      expect(logs).toContainEqual(expect.objectContaining({ level: 'error', message: 'onDone hook failed: onDone cannot reach the mail server' }));
      expect(hookCalls(task.id).length).toBeGreaterThanOrEqual(1);
    });
  });

  describe('progress and durable logs', () => {
    it('progress is readable while the task runs, and logs are kept per iteration', async () => {
      const handler = t.app.get(ReportsProgressTask);
      const task = await t.tasks.trigger(ReportsProgressTask, null);
      const running = await eventually(async () => {
        const info = await t.tasks.get(task.id);
        return info.progress?.value === 40 ? info : undefined;
      }, 20_000, 'progress 40 to be recorded');
      expect(running).toMatchObject({ status: 'running', iterations: 1, progress: { value: 40, details: { phase: 'reading' } } });
      // Temporal itself holds the progress: the pending activity's heartbeat details.
      const description = await client.workflow.getHandle(task.id).describe();
      expect(description.raw.pendingActivities?.[0]?.heartbeatDetails?.payloads?.length).toBe(1);

      handler.gate.open();
      await expect(task.result()).resolves.toBe(2);
      expect((await t.tasks.get(task.id)).progress).toEqual({ value: 100 });

      const logs = await t.tasks.logs(task.id);
      expect(logs.map(({ level, message, iteration }) => [level, message, iteration])).toEqual([
        ['info', 'first iteration starts', 1],
        ['warn', 'first iteration ends', 1],
        ['error', 'second iteration', 2],
      ]);
      expect(logs[2]).toMatchObject({ data: { step: 1 }, attempt: 1 });
      expect((await t.tasks.logs(task.id, { iteration: 2 })).map((line) => line.message)).toEqual(['second iteration']);
    });

    it('an iteration shorter than the heartbeat interval sends no heartbeat: the server keeps none for the next attempt', async () => {
      // A heartbeat is a request the server answers with a write; the Runner's first comes one interval in.
      const task = await t.tasks.trigger(FailsFastTask, null);
      await expect(task.result()).resolves.toBe('second attempt');
      expect(t.app.get(FailsFastTask).previousBeats).toEqual([undefined, undefined]);
      expect((await temporalView(client, task.id)).activityAttempts).toEqual([2]);
    });

    it('logs survive a worker restart and are readable with no worker at all', async () => {
      const taskQueue = testTaskQueue();
      const first = await createTaskTestApp(PROVIDERS, { taskQueue });
      const task = await first.tasks.trigger(ReportsProgressTask, null);
      await eventually(async () => ((await first.tasks.get(task.id)).progress?.value === 40 ? true : undefined));
      first.app.get(ReportsProgressTask).gate.open();
      await eventually(async () => ((await first.tasks.get(task.id)).iterations === 2 ? true : undefined));
      await first.app.close();

      // No Runner anywhere on this queue now: the logs come from Temporal's history.
      const reader = await createTaskTestApp(PROVIDERS, { taskQueue, runner: false });
      const logs = await reader.tasks.logs(task.id);
      expect(logs.map((line) => line.message)).toEqual(expect.arrayContaining(['first iteration starts', 'first iteration ends']));
      await reader.app.close();

      const second = await createTaskTestApp(PROVIDERS, { taskQueue });
      await expect(second.tasks.getHandle(task.id).result()).resolves.toBe(2);
      expect((await second.tasks.logs(task.id)).map((line) => line.message)).toEqual(['first iteration starts', 'first iteration ends', 'second iteration']);
      await second.app.close();
    });
  });

  describe('time', () => {
    it('remainingMs and isCloseToTimeout measure against the definition timeout', async () => {
      const task = await t.tasks.trigger(TimeBoundTask, { overrun: false });
      const output = await task.result();
      // Temporal holds the definition's limits on the iteration's activity.
      const events = (await client.workflow.getHandle(task.id).fetchHistory()).events ?? [];
      const scheduled = events.find((event) => event.activityTaskScheduledEventAttributes?.activityType?.name === 'timeBound')?.activityTaskScheduledEventAttributes;
      expect(tsToMs(scheduled?.startToCloseTimeout)).toBe(1_000);
      expect(tsToMs(scheduled?.heartbeatTimeout)).toBe(700);
      expect(output.remainingMs).toBeGreaterThan(0);
      expect(output.remainingMs).toBeLessThanOrEqual(1_000);
      expect(output.closeTo).toBe(true);
      expect(output.closeToSmall).toBe(false);
    });

    it('an attempt that outlives its timeout fails the task with a timeout', async () => {
      const task = await t.tasks.trigger(TimeBoundTask, { overrun: true });
      const error = await task.result().catch((err: unknown) => err);
      expect(error).toBeInstanceOf(TaskFailedError);
      expect((error as TaskFailedError).failureType).toBe('TimeoutFailure');
      expect((await temporalView(client, task.id)).status).toBe('FAILED');
      // Which of the fixture's two timeouts fired, as Temporal recorded it: the attempt's 1 s start-to-close, not its
      // 700 ms heartbeat timeout (the Runner heartbeats for the sleeping handler).
      const events = (await client.workflow.getHandle(task.id).fetchHistory()).events ?? [];
      const timedOut = events.find((event) => event.activityTaskTimedOutEventAttributes)?.activityTaskTimedOutEventAttributes;
      expect(timedOut?.failure?.timeoutFailureInfo?.timeoutType).toBe(temporal.api.enums.v1.TimeoutType.TIMEOUT_TYPE_START_TO_CLOSE);
    });
  });

  describe('input validation', () => {
    it('refuses an input that fails the schema, naming the field, and starts nothing', async () => {
      const key = `refused-${t.taskQueue}`;
      const error = await t.tasks.trigger(WelcomeUserTask, { email: 'not-an-email', plan: 'free' }, { id: key }).catch((err: unknown) => err);
      expect(error).toBeInstanceOf(TaskInputValidationError);
      expect((error as TaskInputValidationError).issues).toEqual([{ path: 'input.email', message: expect.any(String) }]);
      expect((error as Error).message).toContain('input.email');
      // Temporal has no workflow of the id the trigger would have started (describe reads it directly: no visibility lag).
      await expect(client.workflow.getHandle(`welcomeUser/${key}`).describe()).rejects.toBeInstanceOf(WorkflowNotFoundError);
    });

    it('runs the task with the schema output (defaults applied)', async () => {
      await expect(t.tasks.triggerAndWait(WelcomeUserTask, { email: 'ada@example.com' } as never)).resolves.toBe('welcome ada@example.com on free');
    });
  });

  describe('child tasks', () => {
    it('a parent triggers children, waits for them across iterations, and sees each result, failures included', async () => {
      const parentHandler = t.app.get(DoubleAllTask);
      parentHandler.failFirstAttempt = true;
      const task = await t.tasks.trigger(DoubleAllTask, [1, -2, 3]);
      const output = await task.result();
      parentHandler.failFirstAttempt = false;
      expect(output).toEqual([
        { status: 'success', output: 2 },
        { status: 'failed', error: 'cannot double -2' },
        { status: 'success', output: 6 },
      ]);
      // The retried first attempt found its children instead of starting them again.
      expect((await temporalView(client, task.id)).activityAttempts).toEqual([2, 1]);
      const info = await t.tasks.get(task.id);
      expect(info.children).toHaveLength(3);
      const child = await t.tasks.get(info.children[0]!);
      expect(child.parentId).toBe(task.id);
      expect((await client.workflow.count(`TaskParentId = '${task.id}'`)).count).toBe(3);
      // list({ parentId }) finds exactly these children, once visibility has them all.
      const children = await eventually(async () => {
        const page = await t.tasks.list({ parentId: task.id });
        return page.tasks.length === 3 ? page.tasks : undefined;
      }, 20_000, 'the three children to be listed');
      expect(children.map((child) => child.id).sort()).toEqual([...info.children].sort());
      expect(children.every((child) => child.parentId === task.id && child.definitionId === 'double')).toBe(true);
      expect(children.map((child) => child.status).sort()).toEqual(['failed', 'success', 'success']);
    });
  });
});
