import { Injectable, type INestApplication } from '@nestjs/common';
import { EventEmitter2, EventEmitterModule } from '@nestjs/event-emitter';
import { Test } from '@nestjs/testing';
import {
  Task,
  TaskAbortedError,
  TaskFailedError,
  TaskInputValidationError,
  TaskNotFoundError,
  TaskService,
  TaskStateError,
  TaskEndedError,
  UnknownTaskDefinitionError,
  type TaskHandler,
  type TaskRunParams,
} from '../../src';
import { NotModelledInMemoryError, TaskTestClock, TasksTestingModule, type TasksTestingModuleOptions } from '../../src/testing';
import { ConformanceChildTask, ConformanceTask } from '../fixtures/conformance-tasks';
import { CollectMessagesTask, type Collected } from '../fixtures/interactive-tasks';
import { IndexEntryTask, ReceivedInputs } from '../fixtures/event-tasks';
import { eventually, temporalClient } from '../support/task-test-app';
import { TEST_BUNDLE_ENV, temporalAddress } from '../support/test-env';

/** Continues three times, a day apart, then succeeds with the days it waited. */
@Task({ id: 'reminder' })
class ReminderTask implements TaskHandler<{ to: string }, { reminded: number }, number> {
  run({ input, context, controller }: TaskRunParams<{ to: string }, { reminded: number }, number>) {
    const sent = (context.state ?? 0) + 1;
    context.log.info(`reminded ${input.to}`, { sent });
    return sent < 4 ? controller.continue(sent, { delay: '1 day' }) : controller.success({ reminded: sent });
  }
}

/** The application's own service, as a user's test reaches tasks: through injection. */
@Injectable()
class Reminders {
  constructor(private readonly tasks: TaskService) {}
  async remind(to: string): Promise<string> {
    return (await this.tasks.trigger(ReminderTask, { to })).id;
  }
}

async function boot(options: TasksTestingModuleOptions, extra: { events?: boolean } = {}): Promise<INestApplication> {
  const moduleRef = await Test.createTestingModule({
    imports: [TasksTestingModule.forRoot(options), ...(extra.events ? [EventEmitterModule.forRoot()] : [])],
    providers: [ReminderTask, Reminders, ConformanceTask, ConformanceChildTask, CollectMessagesTask, ...(extra.events ? [IndexEntryTask, ReceivedInputs] : [])],
  }).compile();
  const app = moduleRef.createNestApplication({ logger: false });
  await app.init();
  return app;
}

const ENGINES: Array<{ engine: string; options: () => TasksTestingModuleOptions }> = [
  { engine: 'in memory', options: () => ({}) },
  {
    engine: 'on the dev server',
    options: () => ({ temporal: temporalAddress(), runner: { workflowBundle: { codePath: process.env[TEST_BUNDLE_ENV]! } } }),
  },
];

describe.each(ENGINES)('TasksTestingModule $engine: the same test on both engines', ({ options }) => {
  let app: INestApplication;
  let tasks: TaskService;
  beforeAll(async () => {
    app = await boot(options());
    tasks = app.get(TaskService);
  });
  afterAll(async () => {
    await app?.close();
  });
  const ended = (id: string) =>
    eventually(async () => ((await tasks.get(id)).status.match(/pending|running/) ? undefined : tasks.get(id)), 30_000, `${id} to end`);

  it('waits for a message: get() says what for, send() resumes it, a message never waited for stays listed, an ended task refuses', async () => {
    const task = await tasks.trigger(CollectMessagesTask, { name: 'approval', timeouts: [null] });
    const waiting = await eventually(async () => ((await tasks.get(task.id)).status === 'waiting' ? tasks.get(task.id) : undefined), 30_000, 'the task to wait');
    expect(waiting.waitingFor).toEqual({ name: 'approval' });
    await tasks.send(task.id, 'note', 'kept', { messageId: 'n1' });
    await tasks.send(task.id, 'approval', { ok: true }, { messageId: 'a1' });
    expect(((await task.result()) as Collected).received.map((message) => message?.payload)).toEqual([{ ok: true }]);
    const ended = await tasks.get(task.id);
    expect(ended).toMatchObject({ status: 'success', iterations: 2, messages: [{ name: 'note', id: 'n1', receivedAt: expect.any(Date) }] });
    expect(ended.waitingFor).toBeUndefined();
    await expect(tasks.send(task.id, 'approval', 1)).rejects.toBeInstanceOf(TaskEndedError);
    await expect(tasks.send('collectMessages/none', 'approval', 1)).rejects.toBeInstanceOf(TaskNotFoundError);
  });

  it('triggers through an injected service; get() and logs() tell the story', async () => {
    const handle = await tasks.trigger(ConformanceTask, { case: 'iterations' });
    await expect(handle.result()).resolves.toEqual({ state: 2 });
    expect(await tasks.get(handle.id)).toMatchObject({
      status: 'success',
      iterations: 3,
      attempts: 1,
      output: { state: 2 },
      definitionId: 'conformance',
    });
    expect((await tasks.logs(handle.id)).map((entry) => entry.message)).toEqual([
      'iteration 1 attempt 1',
      'iteration 2 attempt 1',
      'iteration 3 attempt 1',
      'onDone',
    ]);
    expect((await tasks.logs(handle.id, { iteration: 2 })).map((entry) => entry.message)).toEqual(['iteration 2 attempt 1']);
  });

  it('fails, aborts and retries with the same statuses and errors', async () => {
    await expect(tasks.triggerAndWait(ConformanceTask, { case: 'exhausted' })).rejects.toBeInstanceOf(TaskFailedError);
    const waiting = await tasks.trigger(ConformanceTask, { case: 'waitForAbort' });
    await eventually(async () => ((await tasks.get(waiting.id)).attempts > 0 ? true : undefined), 20_000, 'the attempt');
    await tasks.abort(waiting.id, 'enough');
    await expect(waiting.result()).rejects.toBeInstanceOf(TaskAbortedError);
    expect(await ended(waiting.id)).toMatchObject({ status: 'aborted', abortReason: 'enough' });
    await expect(tasks.abort(waiting.id)).rejects.toBeInstanceOf(TaskStateError);
    const again = await tasks.retry(waiting.id);
    expect(again.id).toBe(waiting.id);
    await tasks.abort(waiting.id);
    expect(await ended(waiting.id)).toMatchObject({ status: 'aborted' });
  });

  it('runs children and waits for them', async () => {
    const parent = await tasks.trigger(ConformanceTask, { case: 'children' });
    await expect(parent.result()).resolves.toEqual(['success']);
    const info = await tasks.get(parent.id);
    expect(info.children).toHaveLength(1);
    expect(await tasks.get(info.children[0]!)).toMatchObject({ status: 'success', output: 42, parentId: parent.id });
  });

  it('refuses misuse with the same TasksErrors', async () => {
    await expect(tasks.trigger(ConformanceTask, { case: 1 } as never)).rejects.toBeInstanceOf(TaskInputValidationError);
    await expect(tasks.trigger('nope', {})).rejects.toBeInstanceOf(UnknownTaskDefinitionError);
    await expect(tasks.get('conformance/missing')).rejects.toBeInstanceOf(TaskNotFoundError);
  });
});

describe('TasksTestingModule in memory: virtual time', () => {
  it('a task that continues with a one-day delay three times finishes in well under a second', async () => {
    const app = await boot({ now: new Date('2030-01-01T00:00:00Z') });
    const started = Date.now();
    const id = await app.get(Reminders).remind('ops@example.com');
    await expect(app.get(TaskService).getHandle(id).result()).resolves.toEqual({ reminded: 4 });
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(app.get(TaskTestClock).now()).toEqual(new Date('2030-01-04T00:00:00Z'));
    expect((await app.get(TaskService).get(id)).createdAt).toEqual(new Date('2030-01-01T00:00:00Z'));
    await app.close();
  });

  it('with a manual clock, a task waiting for a message shows it, and its timeout passes when the test advances time', async () => {
    const app = await boot({ clock: 'manual' });
    const tasks = app.get(TaskService);
    const clock = app.get(TaskTestClock);
    const timesOut = await tasks.trigger(CollectMessagesTask, { name: 'approval', timeouts: ['1 hour'] });
    await clock.settle();
    expect(await tasks.get(timesOut.id)).toMatchObject({ status: 'waiting', waitingFor: { name: 'approval', until: new Date(clock.now().getTime() + 3_600_000) } });
    expect((await tasks.list({ status: 'waiting' })).tasks.map((task) => task.id)).toEqual([timesOut.id]);
    await clock.advance('59 minutes');
    expect((await tasks.get(timesOut.id)).status).toBe('waiting');
    await clock.advance('1 minute');
    await expect(timesOut.result()).resolves.toEqual({ received: [null], spun: 0 });

    const answered = await tasks.trigger(CollectMessagesTask, { name: 'approval', timeouts: ['1 hour'] });
    await clock.settle();
    await tasks.send(answered.id, 'approval', 'yes');
    expect(clock.pendingWaits).toBe(0);
    expect(((await answered.result()) as Collected).received.map((message) => message?.payload)).toEqual(['yes']);

    const aborted = await tasks.trigger(CollectMessagesTask, { name: 'approval', timeouts: [null] });
    await clock.settle();
    await tasks.abort(aborted.id, 'not needed');
    expect(await tasks.get(aborted.id)).toMatchObject({ status: 'aborted', abortReason: 'not needed' });
    await app.close();
  });

  it('with a manual clock, a test asserts on a task while it waits, then advances time', async () => {
    const app = await boot({ clock: 'manual' });
    const tasks = app.get(TaskService);
    const clock = app.get(TaskTestClock);
    const id = await app.get(Reminders).remind('ops@example.com');
    await clock.settle();
    expect(await tasks.get(id)).toMatchObject({ status: 'running', iterations: 1, attempts: 0 });
    expect(clock.pendingWaits).toBe(1);
    await clock.advance('23 hours');
    expect(await tasks.get(id)).toMatchObject({ status: 'running', iterations: 1 });
    await clock.advance('1 hour');
    expect((await tasks.get(id)).iterations).toBe(2);
    await clock.advance('2 days');
    expect(await tasks.get(id)).toMatchObject({ status: 'success', iterations: 4, output: { reminded: 4 } });

    const delayed = await tasks.trigger(ReminderTask, { to: 'later' }, { delay: '1 hour' });
    expect(await tasks.get(delayed.id)).toMatchObject({ status: 'pending' });
    expect((await tasks.list({ status: 'pending' })).tasks.map((task) => task.id)).toEqual([delayed.id]);
    await tasks.abort(delayed.id);
    expect(await tasks.get(delayed.id)).toMatchObject({ status: 'aborted' });
    await tasks.delete(delayed.id);
    await expect(tasks.get(delayed.id)).rejects.toBeInstanceOf(TaskNotFoundError);
    await app.close();
  });

  it('triggers tasks from Nest events', async () => {
    const app = await boot({}, { events: true });
    await app.get(EventEmitter2).emitAsync('entry.created', { entryId: 'e1', title: 'Hello' });
    const { tasks } = await app.get(TaskService).list({ definition: 'indexEntry' });
    expect(tasks).toHaveLength(1);
    await expect(app.get(TaskService).getHandle(tasks[0]!.id).result()).resolves.toEqual({ indexed: 'e1' });
    expect(app.get(ReceivedInputs).inputs).toEqual([{ entryId: 'e1', title: 'Hello' }]);
    await app.close();
  });
});

describe('TasksTestingModule on a real server: clean-up', () => {
  it('aborts the tasks a test left open when the module closes, before its Runner stops', async () => {
    const app = await boot(ENGINES[1]!.options());
    const tasks = app.get(TaskService);
    const handle = await tasks.trigger(ConformanceTask, { case: 'waitForAbort' });
    await eventually(async () => ((await tasks.get(handle.id)).attempts > 0 ? true : undefined), 20_000, 'the attempt');
    await eventually(async () => ((await tasks.list({ status: 'running' })).tasks.length > 0 ? true : undefined), 20_000, 'visibility');
    const waiting = await tasks.trigger(CollectMessagesTask, { name: 'never', timeouts: [null] });
    await eventually(async () => ((await tasks.list({ status: 'waiting' })).tasks.length > 0 ? true : undefined), 20_000, 'visibility of the waiting task');
    await app.close();
    const { client, close } = await temporalClient();
    try {
      expect((await client.workflow.getHandle(handle.id).describe()).status.name).toBe('CANCELLED');
      expect((await client.workflow.getHandle(waiting.id).describe()).status.name).toBe('CANCELLED');
    } finally {
      await close();
    }
  });
});

describe('TasksTestingModule in memory, for what its engine does not model', () => {
  it('answers NotModelledInMemoryError naming the method, never a TypeError', async () => {
    const app = await boot({});
    try {
      const tasks = app.get(TaskService);
      const calls: Array<[string, () => unknown]> = [
        ['triggerMany', () => tasks.triggerMany(ReminderTask, [{ to: 'a' }])],
        ['count', () => tasks.count()],
        ['abortMany', () => tasks.abortMany({})],
        ['deleteMany', () => tasks.deleteMany({})],
        ['retryMany', () => tasks.retryMany({})],
        ['watch', () => tasks.watch('reminder/x')],
        ['watch$', () => tasks.watch$('reminder/x')],
        ['pauseSchedule', () => tasks.pauseSchedule('reminder/daily')],
        ['unpauseSchedule', () => tasks.unpauseSchedule('reminder/daily')],
      ];
      for (const [method, call] of calls) {
        const err = (() => {
          try {
            return call();
          } catch (e) {
            return e;
          }
        })();
        expect(err).toBeInstanceOf(NotModelledInMemoryError);
        expect(err).toMatchObject({ code: 'NOT_MODELLED_IN_MEMORY', method });
      }
      // Debounce is a trigger option: the in-memory engine refuses it (a real server gives its timing and its record).
      const debounced = tasks.trigger(ReminderTask, { to: 'a' }, { id: 'k', debounce: { delay: '1s' } });
      await expect(debounced).rejects.toBeInstanceOf(NotModelledInMemoryError);
      await expect(debounced).rejects.toMatchObject({ method: 'trigger (with debounce)' });
    } finally {
      await app.close();
    }
  });
});
