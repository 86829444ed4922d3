import type { Client } from '@temporalio/client';
import { InvalidTriggerOptionsError, TaskAbortedError, TaskDeadlineExceededError, TaskFailedError, TaskNotFoundError } from '../../src';
import { DeadlineLoopTask, DeadlineRetryTask, FamilyChildTask, FamilyParentTask, type ParentEnd } from '../fixtures/family-tasks';
import { createTaskTestApp, eventually, temporalClient, type TaskTestApp } from '../support/task-test-app';

describe('parents, children and deadlines on a real Temporal server', () => {
  let t: TaskTestApp;
  let client: Client;
  let closeClient: () => Promise<void>;

  beforeAll(async () => {
    t = await createTaskTestApp([FamilyChildTask, FamilyParentTask, DeadlineLoopTask, DeadlineRetryTask]);
    ({ client, close: closeClient } = await temporalClient());
  });

  afterAll(async () => {
    await t?.app.close();
    await closeClient?.();
  });

  const status = async (taskId: string): Promise<string> => (await client.workflow.getHandle(taskId).describe()).status.name;
  /** Temporal's record of a task: its failure type, and the attempt of each `__tasksAbortChildren` activity that completed. */
  const record = async (taskId: string) => {
    const events = (await client.workflow.getHandle(taskId).fetchHistory()).events ?? [];
    const failureType = events.find((event) => event.workflowExecutionFailedEventAttributes)?.workflowExecutionFailedEventAttributes?.failure?.applicationFailureInfo?.type;
    const scheduled = new Set(events.filter((event) => event.activityTaskScheduledEventAttributes?.activityType?.name === '__tasksAbortChildren').map((event) => String(event.eventId)));
    const started = new Map(events.filter((event) => scheduled.has(String(event.activityTaskStartedEventAttributes?.scheduledEventId))).map((event) => [String(event.eventId), event.activityTaskStartedEventAttributes?.attempt]));
    const abortChildren = events.filter((event) => event.activityTaskCompletedEventAttributes && started.has(String(event.activityTaskCompletedEventAttributes.startedEventId))).map((event) => ({ attempt: started.get(String(event.activityTaskCompletedEventAttributes?.startedEventId)) }));
    return { failureType, scheduledAbortChildren: scheduled.size, abortChildren };
  };
  const childrenOf = (taskId: string, count: number) =>
    eventually(async () => {
      const { children } = await t.tasks.get(taskId);
      return children.length >= count ? children : undefined;
    }, 30_000, `${count} children of ${taskId}`);
  /** A parent in its second iteration, with its three children (one per onParentEnd: abort, keep, default). */
  const waitingParent = async (end: ParentEnd) => {
    const parent = await t.tasks.trigger(FamilyParentTask, { end });
    await eventually(() => (t.app.get(FamilyParentTask).waiting.has(parent.id) ? true : undefined), 30_000, 'the second iteration');
    const [abortChild, keepChild, defaultChild] = await childrenOf(parent.id, 3);
    return { parent, abortChild: abortChild!, keepChild: keepChild!, defaultChild: defaultChild! };
  };
  const expectAbortedByParent = async (childId: string, parentId: string, end: string) => {
    await eventually(async () => ((await status(childId)) === 'CANCELLED' ? true : undefined), 30_000, `${childId} to be canceled`);
    const child = await t.tasks.get(childId);
    expect(child).toMatchObject({ status: 'aborted', abortReason: expect.stringContaining(`parent task ${parentId} ended (${end})`) });
    await expect(t.tasks.getHandle(childId).result()).rejects.toBeInstanceOf(TaskAbortedError);
  };
  const expectRunning = async (...ids: string[]) => {
    for (const id of ids) expect(await status(id)).toBe('RUNNING');
    await Promise.all(ids.map((id) => t.tasks.abort(id, 'test cleanup')));
  };

  describe('onParentEnd', () => {
    it('a parent that succeeds aborts its abort child, keeps its keep and default children, and skips a child that already ended', async () => {
      const { parent, abortChild, keepChild, defaultChild } = await waitingParent('success');
      // A second 'abort' child that ends before its parent (terminated, so the parent is never told) is skipped.
      await client.workflow.getHandle(abortChild).terminate('ended before its parent');
      t.app.get(FamilyParentTask).release(parent.id);
      await expect(parent.result()).resolves.toBe('parent done');
      expect(await status(parent.id)).toBe('COMPLETED');
      // The abort request met a child that had ended: tolerated, in one attempt.
      expect(await record(parent.id)).toMatchObject({ scheduledAbortChildren: 1, abortChildren: [{ attempt: 1 }] });
      expect(await status(abortChild)).toBe('TERMINATED');
      await expectRunning(keepChild, defaultChild);
    });

    it('a parent that is aborted aborts its abort child, durably, with a reason naming it', async () => {
      const { parent, abortChild, keepChild, defaultChild } = await waitingParent('waitForAbort');
      await t.tasks.abort(parent.id, 'operator stopped the parent');
      await expect(parent.result()).rejects.toBeInstanceOf(TaskAbortedError);
      await expectAbortedByParent(abortChild, parent.id, 'aborted');
      await expectRunning(keepChild, defaultChild);
    });

    it('a parent aborted in the attempt that triggered its abort child aborts it too', async () => {
      const parent = await t.tasks.trigger(FamilyParentTask, { end: 'abortedMidAttempt' });
      await eventually(() => (t.app.get(FamilyParentTask).waiting.has(parent.id) ? true : undefined), 30_000, 'the child to be triggered');
      const [child] = await childrenOf(parent.id, 1);
      await t.tasks.abort(parent.id, 'stopped mid-attempt');
      await expect(parent.result()).rejects.toBeInstanceOf(TaskAbortedError);
      await expectAbortedByParent(child!, parent.id, 'aborted');
    });

    it('a parent that aborts itself aborts its abort child', async () => {
      const { parent, abortChild, keepChild, defaultChild } = await waitingParent('abort');
      t.app.get(FamilyParentTask).release(parent.id);
      await expect(parent.result()).rejects.toMatchObject({ constructor: TaskAbortedError, reason: 'parent gave up' });
      await expectAbortedByParent(abortChild, parent.id, 'aborted');
      await expectRunning(keepChild, defaultChild);
    });

    it('a parent that fails aborts its abort children, also those of the attempt that failed', async () => {
      const { parent, abortChild, keepChild, defaultChild } = await waitingParent('fail');
      t.app.get(FamilyParentTask).release(parent.id);
      await expect(parent.result()).rejects.toBeInstanceOf(TaskFailedError);
      await expectAbortedByParent(abortChild, parent.id, 'failed');
      await expectRunning(keepChild, defaultChild);

      const failFirst = await t.tasks.trigger(FamilyParentTask, { end: 'failFirst' });
      await expect(failFirst.result()).rejects.toMatchObject({ constructor: TaskFailedError, failureMessage: 'parent broke after triggering' });
      // Triggered in the attempt that failed: known to the parent from the failure, found here through list().
      const [child] = await eventually(async () => {
        const { tasks } = await t.tasks.list({ parentId: failFirst.id });
        return tasks.length > 0 ? tasks : undefined;
      }, 30_000, 'the child of the failed attempt');
      await expectAbortedByParent(child!.id, failFirst.id, 'failed');
    });
  });

  describe('deadline', () => {
    it('passes while the task waits between iterations: it fails with TaskDeadlineExceeded after onError, and aborts its abort child', async () => {
      const task = await t.tasks.trigger(DeadlineLoopTask, { iterations: 5, delay: '1 hour' });
      const error = await task.result().catch((err: unknown) => err);
      expect(error).toBeInstanceOf(TaskDeadlineExceededError);
      const { deadline } = error as TaskDeadlineExceededError;
      const info = await t.tasks.get(task.id);
      expect(deadline.getTime() - info.createdAt.getTime()).toBeGreaterThanOrEqual(2_900);
      expect(deadline.getTime() - info.createdAt.getTime()).toBeLessThan(6_000);
      expect(info).toMatchObject({ status: 'failed', iterations: 1, error: { type: 'TaskDeadlineExceeded', message: expect.stringContaining(deadline.toISOString()) } });
      expect(await status(task.id)).toBe('FAILED');
      expect((await record(task.id)).failureType).toBe('TaskDeadlineExceeded');
      expect(t.app.get(DeadlineLoopTask).errors.filter((snapshot) => snapshot.id === task.id)).toEqual([
        expect.objectContaining({ error: { type: 'TaskDeadlineExceeded', message: expect.stringContaining('deadline') } }),
      ]);
      await expectAbortedByParent(info.children[0]!, task.id, 'failed');

      // A retry counts the definition's 3 s again, from its own start.
      const retried = await t.tasks.retry(task.id);
      const again = await retried.result().catch((err: unknown) => err);
      expect(again).toBeInstanceOf(TaskDeadlineExceededError);
      expect((again as TaskDeadlineExceededError).deadline.getTime() - deadline.getTime()).toBeGreaterThanOrEqual(3_000);
    });

    it("counts a delayed task's deadline from its trigger, not from its start", async () => {
      const task = await t.tasks.trigger(DeadlineLoopTask, { iterations: 5, delay: '1 hour' }, { delay: '1500ms' });
      const error = await task.result().catch((err: unknown) => err);
      expect(error).toBeInstanceOf(TaskDeadlineExceededError);
      const info = await t.tasks.get(task.id);
      const { deadline } = error as TaskDeadlineExceededError;
      // Resolved by the trigger just before the server recorded the task's start.
      expect(deadline.getTime() - info.createdAt.getTime()).toBeGreaterThan(2_500);
      expect(deadline.getTime() - info.createdAt.getTime()).toBeLessThanOrEqual(3_000);
      expect(deadline.getTime() - info.startAt!.getTime()).toBeLessThan(2_000);
    });

    it('passes while an attempt backs off between retries: the retry never runs, the task fails after onError', async () => {
      const task = await t.tasks.trigger(DeadlineRetryTask, null, { deadline: '3s' });
      await expect(task.result()).rejects.toBeInstanceOf(TaskDeadlineExceededError);
      expect(t.app.get(DeadlineRetryTask).attempts).toBe(1);
      expect((await record(task.id)).failureType).toBe('TaskDeadlineExceeded');
      expect((await t.tasks.get(task.id)).error?.type).toBe('TaskDeadlineExceeded');
      expect(t.app.get(DeadlineRetryTask).errors.map((snapshot) => snapshot.id)).toEqual([task.id]);
    });

    it('a deadline not reached changes nothing; a trigger deadline overrides the definition one', async () => {
      // Two iterations 4 s apart outlive the definition's 3 s; the trigger's 30 s lets them finish.
      const task = await t.tasks.trigger(DeadlineLoopTask, { iterations: 2, delay: '4s' }, { deadline: '30s' });
      await expect(task.result()).resolves.toBe(2);
      expect(await t.tasks.get(task.id)).toMatchObject({ status: 'success', output: 2, iterations: 2 });
      expect(await status(task.id)).toBe('COMPLETED');
      // A trigger's Date, shorter than the definition's deadline, wins too.
      const short = await t.tasks.trigger(DeadlineLoopTask, { iterations: 5, delay: '1 hour' }, { deadline: new Date(Date.now() + 1_500) });
      const startedAt = Date.now();
      await expect(short.result()).rejects.toBeInstanceOf(TaskDeadlineExceededError);
      expect(Date.now() - startedAt).toBeLessThan(2_900);
    });

    it('refuses a bad deadline before anything starts', async () => {
      for (const [deadline, delay, problem] of [
        [new Date(Date.now() - 1_000), undefined, 'has already passed'],
        ['soon', undefined, 'neither a Date nor a duration'],
        [-5, undefined, 'longer than zero'],
        ['2s', '10s', 'falls before the delay'],
      ] as const) {
        const id = `bad-deadline-${String(problem.length)}`;
        const error = await t.tasks.trigger(DeadlineRetryTask, null, { id, deadline, delay }).catch((err: unknown) => err);
        expect(error).toBeInstanceOf(InvalidTriggerOptionsError);
        expect((error as Error).message).toContain(problem);
        await expect(t.tasks.get(`deadlineRetry/${id}`)).rejects.toBeInstanceOf(TaskNotFoundError);
      }
    });
  });
});
