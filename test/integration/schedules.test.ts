import { ScheduleNotFoundError, type Client } from '@temporalio/client';
import type { TypedSearchAttributes } from '@temporalio/common';
import { randomUUID } from 'node:crypto';
import {
  InvalidScheduleOptionsError,
  InvalidTaskDefinitionError,
  TaskInputValidationError,
  TaskScheduleAlreadyExistsError,
  TaskScheduleNotFoundError,
  TaskSchedules,
  type TaskScheduleOptions,
} from '../../src';
import { RUNTIME_SCHEDULE_MEMO } from '../../src/schedules/task-schedules';
import { MEMO, TASK_DEFINITION_SEARCH_ATTRIBUTE, TASK_STATUS_SEARCH_ATTRIBUTE } from '../../workflows/task-workflow.types';
import { reportTask, tickTask } from '../fixtures/schedule-tasks';
import { createTaskTestApp, eventually, temporalClient, testTaskQueue, type TaskTestApp } from '../support/task-test-app';

describe('Schedules on a real Temporal server', () => {
  let client: Client;
  let closeClient: () => Promise<void>;
  const apps: TaskTestApp[] = [];
  const created: string[] = [];

  beforeAll(async () => {
    ({ client, close: closeClient } = await temporalClient());
  });

  afterEach(async () => {
    for (const t of apps.splice(0)) await t.app.close();
    // Schedules belong to the namespace, not to a task queue: remove every one this test made.
    for (const scheduleId of created.splice(0)) {
      await client.schedule
        .getHandle(scheduleId)
        .delete()
        .catch((err: unknown) => {
          if (!(err instanceof ScheduleNotFoundError)) throw err;
        });
    }
  });

  afterAll(async () => {
    await closeClient?.();
  });

  /** A schedule id of the test's own; the Temporal Schedule is `<definitionId>/<id>`. */
  function scheduleId(definitionId: string, name: string): { id: string; scheduleId: string } {
    const id = `${name}-${randomUUID().slice(0, 8)}`;
    created.push(`${definitionId}/${id}`);
    return { id, scheduleId: `${definitionId}/${id}` };
  }

  async function boot(...args: Parameters<typeof createTaskTestApp>): Promise<TaskTestApp> {
    const t = await createTaskTestApp(...args);
    apps.push(t);
    return t;
  }

  it('creates a cron schedule at start-up that starts the definition on the module task queue', async () => {
    const { id, scheduleId: sid } = scheduleId('dailyReport', 'nightly');
    const t = await boot([reportTask([{ id, cron: '0 3 * * *', input: { format: 'pdf' } }])]);

    const description = await client.schedule.getHandle(sid).describe();
    expect(description.state.paused).toBe(false);
    expect(description.spec.timezone).toBe('UTC');
    expect(description.spec.calendars?.[0]).toMatchObject({ hour: [{ start: 3, end: 3, step: 1 }], minute: [{ start: 0, end: 0, step: 1 }] });
    expect(description.info.nextActionTimes[0]?.getUTCHours()).toBe(3);
    const action = description.action;
    expect(action).toMatchObject({ type: 'startWorkflow', workflowType: 'dailyReport', taskQueue: t.taskQueue, workflowId: sid, staticSummary: 'Daily report' });
    // The task's input alone; the title (not the definition id) goes in its settings, in the memo.
    expect(action.args).toEqual([{ format: 'pdf' }]);
    expect(action.memo).toEqual({ [MEMO.settings]: { title: 'Daily report' } });
    // Described actions carry TypedSearchAttributes (the options type also allows an array of pairs).
    const searchAttributes = action.typedSearchAttributes as TypedSearchAttributes;
    expect(searchAttributes.get(TASK_DEFINITION_SEARCH_ATTRIBUTE)).toBe('dailyReport');
    expect(searchAttributes.get(TASK_STATUS_SEARCH_ATTRIBUTE)).toBeUndefined();
  });

  it('updates the schedule to match when another start-up declares it differently, keeping a pause', async () => {
    const { id, scheduleId: sid } = scheduleId('dailyReport', 'weekly');
    const taskQueue = testTaskQueue();
    const first = await boot([reportTask([{ id, cron: '0 3 * * *', input: { format: 'pdf' } }])], { taskQueue });
    await first.tasks.pauseSchedule(sid, 'month-end freeze');
    await first.app.close();
    apps.splice(apps.indexOf(first), 1);

    await boot([reportTask([{ id, cron: '30 4 * * 1', timezone: 'Europe/Berlin', input: { format: 'csv' } }])], { taskQueue, runner: false });
    const description = await client.schedule.getHandle(sid).describe();
    expect(description.spec.calendars).toHaveLength(1);
    expect(description.spec.calendars?.[0]).toMatchObject({ hour: [{ start: 4, end: 4, step: 1 }], minute: [{ start: 30, end: 30, step: 1 }], dayOfWeek: [{ start: 'MONDAY', end: 'MONDAY', step: 1 }] });
    expect(description.spec.timezone).toBe('Europe/Berlin');
    expect(description.action.args).toEqual([{ format: 'csv' }]);
    expect(description.state).toMatchObject({ paused: true, note: 'month-end freeze' });
  });

  it('lists, pauses and unpauses schedules through TaskService', async () => {
    const nightly = scheduleId('dailyReport', 'nightly');
    const hourly = scheduleId('dailyReport', 'hourly');
    const t = await boot([
      reportTask([
        { id: nightly.id, cron: '0 3 * * *', input: { format: 'pdf' } },
        { id: hourly.id, every: '1 hour', input: { format: 'csv' }, paused: true },
      ]),
    ]);

    const listed = await t.tasks.schedules();
    expect(listed).toHaveLength(2);
    const nightlyInfo = listed.find((info) => info.id === nightly.scheduleId);
    expect(nightlyInfo).toMatchObject({ definitionId: 'dailyReport', paused: false, cron: ['0 3 * * *'], timezone: 'UTC', recentTaskIds: [] });
    expect(nightlyInfo?.nextRunAt).toBeInstanceOf(Date);
    expect(nightlyInfo!.nextRunAt!.getTime()).toBeGreaterThan(Date.now());
    const hourlyInfo = listed.find((info) => info.id === hourly.scheduleId);
    expect(hourlyInfo).toMatchObject({ definitionId: 'dailyReport', paused: true, every: '1 hour' });
    expect(hourlyInfo?.cron).toBeUndefined();
    expect(hourlyInfo?.nextRunAt).toBeUndefined();
    expect((await client.schedule.getHandle(hourly.scheduleId).describe()).state.paused).toBe(true);

    await t.tasks.pauseSchedule(nightly.scheduleId, 'maintenance');
    expect((await client.schedule.getHandle(nightly.scheduleId).describe()).state).toMatchObject({ paused: true, note: 'maintenance' });
    expect((await t.tasks.schedules()).find((info) => info.id === nightly.scheduleId)).toMatchObject({ paused: true, note: 'maintenance' });

    await t.tasks.unpauseSchedule(nightly.scheduleId, 'back');
    expect((await client.schedule.getHandle(nightly.scheduleId).describe()).state).toMatchObject({ paused: false, note: 'back' });
    await t.tasks.unpauseSchedule(hourly.scheduleId);
    expect((await client.schedule.getHandle(hourly.scheduleId).describe()).state.paused).toBe(false);

    const unknown = await t.tasks.pauseSchedule('dailyReport/nope').catch((err: unknown) => err);
    expect(unknown).toBeInstanceOf(TaskScheduleNotFoundError);
    expect((unknown as Error).message).toContain(nightly.scheduleId);

    // A declared schedule deleted behind the application's back is left out of the listing and refused by name.
    await client.schedule.getHandle(hourly.scheduleId).delete();
    expect((await t.tasks.schedules()).map((info) => info.id)).toEqual([nightly.scheduleId]);
    await expect(t.tasks.pauseSchedule(hourly.scheduleId)).rejects.toThrow(/does not exist on the Temporal server/);
  });

  it('an interval schedule triggers tasks that complete, found by their search attribute', async () => {
    const { id, scheduleId: sid } = scheduleId('tick', 'everySecond');
    const t = await boot([tickTask([{ id, every: '1s', input: { source: 'schedule' } }])]);

    const query = `TaskDefinition = 'tick' AND TaskQueue = '${t.taskQueue}'`;
    const taskId = await eventually(
      async () => {
        for await (const workflow of client.workflow.list({ query })) if (workflow.status.name === 'COMPLETED') return workflow.workflowId;
        return undefined;
      },
      30_000,
      'a completed task of the interval schedule',
    );
    await client.schedule.getHandle(sid).pause('test done');

    expect(taskId.startsWith(`${sid}-`)).toBe(true);
    const info = await t.tasks.get(taskId);
    const description = await client.workflow.getHandle(taskId).describe();
    expect(info).toMatchObject({
      definitionId: 'tick',
      status: 'success',
      title: 'Tick',
      input: { source: 'schedule' },
      output: `ticked ${taskId} at ${description.startTime.toISOString()}`,
    });
    expect(description.status.name).toBe('COMPLETED');
    expect(description.typedSearchAttributes.get(TASK_DEFINITION_SEARCH_ATTRIBUTE)).toBe('tick');
    // A task writes no status of its own: the closed execution's status is the task's.
    expect(description.typedSearchAttributes.get(TASK_STATUS_SEARCH_ATTRIBUTE)).toBeUndefined();
    // Each scheduled task's trigger time is its own start, not the time the schedule was created.
    expect(info.createdAt).toEqual(description.startTime);

    const [listed] = await t.tasks.schedules();
    expect(listed).toMatchObject({ id: sid, every: '1s', paused: true });
    expect(listed?.recentTaskIds).toContain(taskId);
  });

  it('TaskSchedules.trigger starts a task of a schedule now, even while paused', async () => {
    const { id, scheduleId: sid } = scheduleId('dailyReport', 'onDemand');
    const t = await boot([reportTask([{ id, cron: '0 3 1 1 *', input: { format: 'csv' }, paused: true }])]);
    await t.app.get(TaskSchedules).trigger(sid);
    const taskId = await eventually(async () => (await client.schedule.getHandle(sid).describe()).info.recentActions[0]?.action.workflow.workflowId);
    await expect(t.tasks.getHandle(taskId).result()).resolves.toBe('report.csv');
  });

  it.each<[string, TaskScheduleOptions, RegExp, typeof reportTask]>([
    ['both cron and every', { id: 'both', cron: '0 3 * * *', every: '1 hour' }, /schedule "both": set exactly one of `cron`.*got both/, reportTask],
    ['neither cron nor every', { id: 'neither' }, /schedule "neither": set exactly one of `cron`.*got neither/, reportTask],
    ['an interval under a second', { id: 'fast', every: '500ms' }, /schedule "fast": every must be at least 1 second/, reportTask],
    ['an unknown time zone', { id: 'mars', cron: '0 3 * * *', timezone: 'Mars/Olympus' }, /schedule "mars": timezone "Mars\/Olympus"/, reportTask],
    ['an input the schema refuses', { id: 'badInput', cron: '0 3 * * *', input: { format: 'docx' } }, /schedule "badInput" has an input its tasks would refuse.*input\.format/, reportTask],
    ['an input Temporal cannot store', { id: 'mapInput', cron: '0 3 * * *', input: { when: new Map() } }, /schedule "mapInput" has an input.*input\.when is an instance of Map/, tickTask],
  ])('refuses %s at start-up with InvalidTaskDefinitionError, before anything reaches Temporal', async (_, schedule, message, definition) => {
    const error = await createTaskTestApp([definition([schedule])]).catch((err: unknown) => err);
    if (!(error instanceof Error)) await (error as TaskTestApp).app.close();
    const definitionId = definition === tickTask ? 'tick' : 'dailyReport';
    created.push(`${definitionId}/${schedule.id}`);
    expect(error).toBeInstanceOf(InvalidTaskDefinitionError);
    expect((error as Error).message).toContain(`"${definitionId}"`);
    expect((error as Error).message).toMatch(message);
    await expect(client.schedule.getHandle(`${definitionId}/${schedule.id}`).describe()).rejects.toBeInstanceOf(ScheduleNotFoundError);
  });

  it('refuses a cron expression Temporal cannot parse, naming the definition and schedule', async () => {
    const { id } = scheduleId('dailyReport', 'badCron');
    // runner: false, because Temporal judges the expression at bootstrap, when a Runner would be starting beside it.
    const error = await createTaskTestApp([reportTask([{ id, cron: '0 3 * *', input: { format: 'pdf' } }])], { runner: false }).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(InvalidTaskDefinitionError);
    expect((error as Error).message).toContain(`Task definition "dailyReport" is invalid: schedule "${id}": Temporal refuses its spec`);
  });

  /** Schedules created at run time, per user or customer, checked against Temporal's own record of each schedule. */
  describe('created at run time', () => {
    it('creates, reads, updates, triggers and deletes a schedule per user; listing says which came from code', async () => {
      const declared = scheduleId('dailyReport', 'user');
      const taskQueue = testTaskQueue();
      const Report = reportTask([{ id: declared.id, every: '1 day', input: { format: 'pdf' } }]);
      const t = await boot([Report], { taskQueue });
      const user = scheduleId('dailyReport', 'user');

      const info = await t.tasks.schedules.create(Report, { id: user.id, every: '1 hour', input: { format: 'csv' } });
      expect(info).toMatchObject({ id: user.scheduleId, definitionId: 'dailyReport', origin: 'runtime', paused: false, every: 3_600_000 });
      // Temporal's record: the mark, the definition's workflow on the application's queue, the spec and the input.
      const described = await client.schedule.getHandle(user.scheduleId).describe();
      expect(described.memo?.[RUNTIME_SCHEDULE_MEMO]).toBe('runtime');
      expect(described.action).toMatchObject({ type: 'startWorkflow', workflowType: 'dailyReport', taskQueue, workflowId: user.scheduleId, args: [{ format: 'csv' }] });
      expect(described.spec.intervals?.[0]?.every).toBe(3_600_000);

      await expect(t.tasks.schedules.create(Report, { id: user.id, every: '2 hours', input: { format: 'pdf' } })).rejects.toBeInstanceOf(TaskScheduleAlreadyExistsError);
      await expect(t.tasks.schedules.create(Report, { id: declared.id, every: '2 hours', input: { format: 'pdf' } })).rejects.toBeInstanceOf(TaskScheduleAlreadyExistsError);

      const listed = await t.tasks.schedules.list({ definition: 'dailyReport' });
      expect(listed.filter((s) => s.id === declared.scheduleId || s.id === user.scheduleId).map(({ id, origin }) => ({ id, origin }))).toEqual([
        { id: declared.scheduleId, origin: 'code' },
        { id: user.scheduleId, origin: 'runtime' },
      ]);
      expect((await t.tasks.schedules()).map((s) => s.id)).toEqual(expect.arrayContaining([declared.scheduleId, user.scheduleId]));

      const updated = await t.tasks.schedules.update(user.scheduleId, { cron: '0 6 * * *', timezone: 'Europe/Berlin', input: { format: 'pdf' }, paused: true });
      expect(updated).toMatchObject({ origin: 'runtime', paused: true, timezone: 'Europe/Berlin' });
      const after = await client.schedule.getHandle(user.scheduleId).describe();
      expect(after.spec.calendars?.[0]).toMatchObject({ hour: [{ start: 6, end: 6, step: 1 }] });
      expect(after.spec.timezone).toBe('Europe/Berlin');
      expect(after.spec.intervals ?? []).toEqual([]);
      expect(after.action).toMatchObject({ args: [{ format: 'pdf' }] });
      expect(after.state.paused).toBe(true);

      // Triggered now (paused or not), the schedule's task runs with the schedule's input.
      await t.tasks.schedules.trigger(user.scheduleId);
      const taskId = await eventually(async () => (await t.tasks.schedules.get(user.scheduleId)).recentTaskIds[0], 30_000, 'a task of the schedule');
      await expect(t.tasks.getHandle(taskId).result()).resolves.toBe('report.pdf');

      await t.tasks.schedules.delete(user.scheduleId);
      await expect(client.schedule.getHandle(user.scheduleId).describe()).rejects.toBeInstanceOf(ScheduleNotFoundError);
      await expect(t.tasks.schedules.get(user.scheduleId)).rejects.toBeInstanceOf(TaskScheduleNotFoundError);
    });

    it('refuses bad options and the schedules declared in code, and creates nothing', async () => {
      const declared = scheduleId('dailyReport', 'user');
      const Report = reportTask([{ id: declared.id, every: '1 day', input: { format: 'pdf' } }]);
      const t = await boot([Report]);
      const user = scheduleId('dailyReport', 'user');
      await expect(t.tasks.schedules.create(Report, { id: user.id, every: '500ms', input: { format: 'pdf' } })).rejects.toBeInstanceOf(InvalidScheduleOptionsError);
      await expect(t.tasks.schedules.create(Report, { id: user.id, cron: 'not a cron', input: { format: 'pdf' } })).rejects.toBeInstanceOf(InvalidScheduleOptionsError);
      await expect(t.tasks.schedules.create(Report, { id: 'no spaces please', every: '1 hour', input: { format: 'pdf' } })).rejects.toBeInstanceOf(InvalidScheduleOptionsError);
      await expect(t.tasks.schedules.create(Report, { id: user.id, every: '1 hour', input: { format: 'doc' } })).rejects.toBeInstanceOf(TaskInputValidationError);
      await expect(client.schedule.getHandle(user.scheduleId).describe()).rejects.toBeInstanceOf(ScheduleNotFoundError);
      await expect(t.tasks.schedules.update(declared.scheduleId, { every: '2 days', input: { format: 'pdf' } })).rejects.toBeInstanceOf(InvalidScheduleOptionsError);
      await expect(t.tasks.schedules.delete(declared.scheduleId)).rejects.toBeInstanceOf(InvalidScheduleOptionsError);
      await expect(client.schedule.getHandle(declared.scheduleId).describe()).resolves.toBeDefined();
    });

    it('start-up sync never deletes or changes a run-time schedule, and a foreign schedule is never ours', async () => {
      const Report = reportTask([]);
      const queue = testTaskQueue();
      const first = await boot([Report], { taskQueue: queue });
      const user = scheduleId('dailyReport', 'user');
      await first.tasks.schedules.create(Report, { id: user.id, cron: '15 4 * * *', input: { format: 'csv' } });
      // Another application's schedule of a workflow of our type's name, without the mark.
      const foreign = scheduleId('dailyReport', 'user');
      await client.schedule.create({
        scheduleId: foreign.scheduleId,
        spec: { intervals: [{ every: '1 hour' }] },
        action: { type: 'startWorkflow', workflowType: 'dailyReport', taskQueue: queue, workflowId: foreign.scheduleId, args: [{ format: 'pdf' }] },
      });
      for (const t of apps.splice(0)) await t.app.close();

      // A new deployment, declaring other schedules: the run-time one is still there, as it was.
      const declared = scheduleId('dailyReport', 'user');
      const second = await boot([reportTask([{ id: declared.id, every: '1 day', input: { format: 'pdf' } }])], { taskQueue: queue });
      const described = await client.schedule.getHandle(user.scheduleId).describe();
      expect(described.spec.calendars?.[0]).toMatchObject({ hour: [{ start: 4, end: 4, step: 1 }], minute: [{ start: 15, end: 15, step: 1 }] });
      expect(described.action).toMatchObject({ args: [{ format: 'csv' }] });
      expect(await second.tasks.schedules.get(user.scheduleId)).toMatchObject({ origin: 'runtime' });

      await expect(second.tasks.schedules.get(foreign.scheduleId)).rejects.toBeInstanceOf(TaskScheduleNotFoundError);
      await expect(second.tasks.schedules.delete(foreign.scheduleId)).rejects.toBeInstanceOf(TaskScheduleNotFoundError);
      await expect(second.tasks.schedules.pause(foreign.scheduleId)).rejects.toBeInstanceOf(TaskScheduleNotFoundError);
      expect((await second.tasks.schedules.list()).map((s) => s.id)).not.toContain(foreign.scheduleId);
      expect((await client.schedule.getHandle(foreign.scheduleId).describe()).state.paused).toBe(false);
    });
  });
});
