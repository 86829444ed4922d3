// Copied into each consumer app's spec/ by test/consumer/consumer.test.ts (see greet.unit.spec.ts).
import { Injectable } from '@nestjs/common';
import { Test, type TestingModule } from '@nestjs/testing';
import { Task, TaskService, type TaskRun } from 'nestjs-temporal-tasks';
import { TaskTestClock, TasksTestingModule } from 'nestjs-temporal-tasks/testing';

/** Reminds three times, a day apart, then reports. */
@Task({ id: 'remind' })
class RemindTask {
  readonly run: TaskRun<{ to: string }, { reminders: number }, number> = async ({ input, context, controller }) => {
    const reminders = (context.state ?? 0) + 1;
    context.log.info(`reminder ${reminders} to ${input.to}`);
    return reminders <= 3 ? controller.continue(reminders, { delay: '1 day' }) : controller.success({ reminders });
  };
}

/** The application's own service, which triggers the task. */
@Injectable()
class Reminders {
  constructor(private readonly tasks: TaskService) {}
  async start(to: string): Promise<string> {
    return (await this.tasks.trigger(RemindTask, { to })).id;
  }
}

describe('RemindTask, module (TasksTestingModule, no server)', () => {
  let app: TestingModule;
  afterEach(async () => {
    await app?.close();
  });

  it('continues with a one-day delay three times, in well under a second of wall time', async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [TasksTestingModule.forRoot()],
      providers: [RemindTask, Reminders],
    }).compile();
    app = await moduleRef.init();
    const tasks = app.get(TaskService);
    const started = Date.now();

    const id = await app.get(Reminders).start('ops@example.com');
    await expect(tasks.getHandle(id).result()).resolves.toEqual({ reminders: 4 });

    expect(Date.now() - started).toBeLessThan(1_000);
    expect(await tasks.get(id)).toMatchObject({ status: 'success', iterations: 4, output: { reminders: 4 } });
    expect((await tasks.logs(id)).map((line) => line.message)).toEqual([1, 2, 3, 4].map((n) => `reminder ${n} to ops@example.com`));
  });

  it('waits on a manual clock until the test advances it', async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [TasksTestingModule.forRoot({ clock: 'manual' })],
      providers: [RemindTask, Reminders],
    }).compile();
    app = await moduleRef.init();
    const tasks = app.get(TaskService);
    const clock = app.get(TaskTestClock);

    const id = await app.get(Reminders).start('ops@example.com');
    await clock.settle();
    expect(await tasks.get(id)).toMatchObject({ status: 'running', iterations: 1 });
    await clock.advance('3 days');
    expect(await tasks.get(id)).toMatchObject({ status: 'success', iterations: 4 });
  });
});
