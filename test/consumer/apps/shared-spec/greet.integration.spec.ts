// Copied into each consumer app's spec/ by test/consumer/consumer.test.ts (see greet.unit.spec.ts). Runs against the
// Temporal server at TEMPORAL_ADDRESS (the consumer test passes its dev server's).
import { Test, type TestingModule } from '@nestjs/testing';
import { TaskService } from 'nestjs-temporal-tasks';
import { TasksTestingModule } from 'nestjs-temporal-tasks/testing';
import { Greeter, GreetTask } from '../src/tasks.js';

describe('GreetTask, integration (TasksTestingModule on a real server)', () => {
  let app: TestingModule;
  afterAll(async () => {
    await app?.close();
  });

  it('runs on Temporal, in a task queue of its own', async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [TasksTestingModule.forRoot({ temporal: process.env.TEMPORAL_ADDRESS! })],
      providers: [Greeter, GreetTask],
    }).compile();
    app = await moduleRef.init();
    const tasks = app.get(TaskService);

    const handle = await tasks.trigger(GreetTask, { name: 'server' });
    await expect(handle.result()).resolves.toEqual({ greeting: 'hello server' });
    expect(await tasks.get(handle.id)).toMatchObject({ status: 'success', iterations: 1 });
  }, 120_000);
});
