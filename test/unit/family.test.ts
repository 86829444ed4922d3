import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { InvalidTaskDefinitionError, InvalidTriggerOptionsError, Task, TaskDeadlineExceededError, TaskService, type TaskHandler, type TaskHookParams, type TaskRunParams } from '../../src';
import { resolveTaskDefinition } from '../../src/definition/resolve-task-definition';
import { childTriggerOptions } from '../../src/service/check-child-trigger';
import { deadlineProblems, resolveTaskDeadline, withTaskDeadline } from '../../src/service/task-deadline';
import { retrySettings } from '../../workflows/task-deadline';
import { taskSettings } from '../../src/service/task-start';
import { TaskTestClock, TasksTestingModule } from '../../src/testing';
import { addAbortChildren, childrenToAbort, parentEndedReason } from '../../workflows/task-children';
import { DEADLINE_EXCEEDED_FAILURE_TYPE, attemptTimeout, deadlineExceeded, taskDeadlineMs } from '../../workflows/task-deadline';

const NOW = Date.parse('2026-01-01T00:00:00.000Z');

describe("a parent's 'abort' children", () => {
  it('are added once each, and those known to have ended are left alone', () => {
    const known = ['a'];
    addAbortChildren(known, ['a', 'b']);
    addAbortChildren(known, undefined);
    expect(known).toEqual(['a', 'b']);
    expect(childrenToAbort(known, [{ id: 'a', status: 'success' }])).toEqual(['b']);
  });

  it('record a reason naming the parent and how it ended', () => {
    expect(parentEndedReason('importCsv/1', 'failed')).toBe("parent task importCsv/1 ended (failed), and this task was triggered with onParentEnd: 'abort'");
  });

  it("onParentEnd is split from the child's trigger options, 'keep' by default, and checked", () => {
    expect(childTriggerOptions('child', { id: 'k', onParentEnd: 'abort' })).toEqual({ trigger: { id: 'k' }, abortOnParentEnd: true });
    expect(childTriggerOptions('child', {})).toEqual({ trigger: {}, abortOnParentEnd: false });
    expect(childTriggerOptions('child', { onParentEnd: 'keep' }).abortOnParentEnd).toBe(false);
    expect(() => childTriggerOptions('child', { onParentEnd: 'cancel' as never })).toThrow(InvalidTriggerOptionsError);
    expect(() => childTriggerOptions('child', { onParentEnd: 'cancel' as never })).toThrow(/onParentEnd must be 'abort' or 'keep', got "cancel"/);
  });
});

describe('a deadline', () => {
  it('is resolved at the trigger: the trigger’s own (Date or duration) wins over the definition’s', () => {
    expect(resolveTaskDeadline('1 hour', undefined, NOW)).toEqual({ deadline: '2026-01-01T01:00:00.000Z', deadlineAfter: '1 hour' });
    expect(resolveTaskDeadline('1 hour', '5s', NOW)).toEqual({ deadline: '2026-01-01T00:00:05.000Z', deadlineAfter: '5s' });
    expect(resolveTaskDeadline('1 hour', new Date('2026-02-01T00:00:00Z'), NOW)).toEqual({ deadline: '2026-02-01T00:00:00.000Z' });
    expect(resolveTaskDeadline(undefined, undefined, NOW)).toEqual({});
  });

  it('is refused when it is not a duration or a Date, not above zero, past, or before the delay ends', () => {
    expect(deadlineProblems(undefined, undefined, NOW)).toEqual([]);
    expect(deadlineProblems('10s', '5s', NOW)).toEqual([]);
    expect(deadlineProblems('soon', undefined, NOW)).toEqual([expect.stringContaining('neither a Date nor a duration')]);
    expect(deadlineProblems(new Date('invalid'), undefined, NOW)).toEqual([expect.stringContaining('neither a Date nor a duration')]);
    expect(deadlineProblems(0, undefined, NOW)).toEqual([expect.stringContaining('longer than zero')]);
    expect(deadlineProblems(new Date(NOW - 1), undefined, NOW)).toEqual([expect.stringContaining('has already passed')]);
    expect(deadlineProblems('5s', '5s', NOW)).toEqual([expect.stringContaining('falls before the delay')]);
  });

  it("counts from the trigger: the settings' time, or the definition's duration from the trigger time (a schedule's tasks)", () => {
    expect(taskDeadlineMs({}, '2026-01-01T00:00:00.000Z')).toBeUndefined();
    expect(taskDeadlineMs({ deadline: '2026-01-01T00:00:09.000Z' }, '2026-01-01T00:00:00.000Z')).toBe(NOW + 9_000);
    expect(taskDeadlineMs({ deadlineAfter: '2s' }, '2026-01-01T00:00:00.000Z')).toBe(NOW + 2_000);
    expect(taskDeadlineMs({ deadline: '2026-01-01T00:00:09.000Z', deadlineAfter: '2s' }, '2026-01-01T00:00:00.000Z')).toBe(NOW + 9_000);
  });

  it("takes the place of the definition's in the settings; a retry counts a duration again, and drops a Date that has passed", () => {
    const definition = resolveTaskDefinition({ id: 'bounded', deadline: '1 minute' }, { run: ({ controller }) => controller.success() }, 'BoundedTask');
    expect(taskSettings(definition)).toEqual({ deadlineAfter: '1 minute' });
    expect(withTaskDeadline(taskSettings(definition), { deadline: '2026-01-01T00:00:05.000Z' })).toEqual({ deadline: '2026-01-01T00:00:05.000Z' });
    expect(withTaskDeadline({ title: 'x', deadlineAfter: '1 minute' }, {})).toEqual({ title: 'x' });
    const fromDate = { title: 'x', deadline: '2026-01-01T00:01:00.000Z' };
    expect(retrySettings(fromDate, NOW)).toEqual(fromDate);
    expect(retrySettings(fromDate, NOW + 60_000)).toEqual({ title: 'x' });
    expect(retrySettings({ deadline: '2026-01-01T00:01:00.000Z', deadlineAfter: '1 minute' }, NOW)).toEqual({ deadlineAfter: '1 minute' });
    expect(retrySettings({ title: 'x' }, NOW)).toEqual({ title: 'x' });
  });

  it('caps the timeout of an attempt scheduled before it', () => {
    expect(attemptTimeout('10 minutes', undefined, NOW)).toBe('10 minutes');
    expect(attemptTimeout('10 minutes', NOW + 5_000, NOW)).toBe(5_000);
    expect(attemptTimeout('1s', NOW + 5_000, NOW)).toBe(1_000);
    expect(attemptTimeout('1s', NOW - 5, NOW)).toBe(1);
  });

  it('ends the task with a failure that names it', () => {
    expect(deadlineExceeded('importCsv/1', NOW)).toEqual({
      type: DEADLINE_EXCEEDED_FAILURE_TYPE,
      deadline: '2026-01-01T00:00:00.000Z',
      message: expect.stringContaining('Task importCsv/1 had not ended by its deadline 2026-01-01T00:00:00.000Z'),
    });
  });

  it.each([['soon'], [0]])('on @Task, %j is refused at start-up', (deadline) => {
    expect(() => resolveTaskDefinition({ id: 'bounded', deadline }, { run: ({ controller }) => controller.success() }, 'BoundedTask')).toThrow(InvalidTaskDefinitionError);
  });
});

/** Waits a day between iterations; its first iteration triggers an 'abort' and a 'keep' child that wait a week. */
@Task({ id: 'weeklyParent', deadline: '2 days' })
class WeeklyParentTask implements TaskHandler<{ days: number }, number> {
  readonly errors: string[] = [];
  async run({ input, context, controller }: TaskRunParams<{ days: number }, number>) {
    if (context.iteration === 1) {
      await context.trigger(WeekChildTask, null, { onParentEnd: 'abort' });
      await context.trigger(WeekChildTask, null, { onParentEnd: 'keep' });
    }
    return context.iteration > input.days ? controller.success(context.iteration) : controller.continue(null, { delay: '1 day' });
  }
  onError({ task }: TaskHookParams) {
    this.errors.push(task.error?.type ?? '');
  }
}

@Task({ id: 'weekChild' })
class WeekChildTask implements TaskHandler<null, string> {
  run({ context, controller }: TaskRunParams<null, string>) {
    return context.iteration > 7 ? controller.success('week over') : controller.continue(null, { delay: '1 day' });
  }
}

describe('the in-memory engine (TasksTestingModule) models deadlines and onParentEnd', () => {
  let app: INestApplication;
  let tasks: TaskService;
  let clock: TaskTestClock;

  beforeEach(async () => {
    const moduleRef = await Test.createTestingModule({ imports: [TasksTestingModule.forRoot({ clock: 'manual' })], providers: [WeeklyParentTask, WeekChildTask] }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    await app.init();
    tasks = app.get(TaskService);
    clock = app.get(TaskTestClock);
  });

  afterEach(() => app.close());

  it('a task past its deadline fails with TaskDeadlineExceeded after onError, and aborts its abort child only', async () => {
    const parent = await tasks.trigger(WeeklyParentTask, { days: 5 });
    await clock.settle();
    const [abortChild, keepChild] = (await tasks.get(parent.id)).children;
    await clock.advance('1 day');
    expect((await tasks.get(parent.id)).status).toBe('running');
    await clock.advance('1 day');
    expect(await tasks.get(parent.id)).toMatchObject({ status: 'failed', error: { type: 'TaskDeadlineExceeded' } });
    await expect(parent.result()).rejects.toBeInstanceOf(TaskDeadlineExceededError);
    expect(app.get(WeeklyParentTask).errors).toEqual(['TaskDeadlineExceeded']);
    expect(await tasks.get(abortChild!)).toMatchObject({ status: 'aborted', abortReason: expect.stringContaining(`parent task ${parent.id} ended (failed)`) });
    expect((await tasks.get(keepChild!)).status).toBe('running');
    // A retry counts the definition's 2 days again from its own start, as on Temporal.
    const retried = await tasks.retry(parent.id);
    await clock.advance('1 day');
    expect((await tasks.get(parent.id)).status).toBe('running');
    await clock.advance('1 day');
    await expect(retried.result()).rejects.toBeInstanceOf(TaskDeadlineExceededError);
  });

  it('a deadline not reached changes nothing, and a trigger deadline wins over the definition one', async () => {
    const parent = await tasks.trigger(WeeklyParentTask, { days: 3 }, { deadline: '1 week' });
    await clock.advance('3 days');
    expect(await tasks.get(parent.id)).toMatchObject({ status: 'success', output: 4 });
    const [abortChild, keepChild] = (await tasks.get(parent.id)).children;
    // The parent's success aborts its 'abort' child too.
    expect((await tasks.get(abortChild!)).status).toBe('aborted');
    expect((await tasks.get(keepChild!)).status).toBe('running');
  });
});
