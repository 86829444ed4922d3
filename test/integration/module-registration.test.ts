import { Injectable, Module, type INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { TaskService, TasksModule, type TasksModuleForRootOptions } from '../../src';
import { EntriesService, ImportCsvTask } from '../fixtures/outcome-tasks';
import { temporalClient, temporalView, testTaskQueue } from '../support/task-test-app';
import { TEST_BUNDLE_ENV, temporalAddress } from '../support/test-env';

/** A provider of a feature module that does not import TasksModule itself. */
@Injectable()
class ReportScheduler {
  constructor(readonly tasks: TaskService) {}
}

@Module({ providers: [ReportScheduler], exports: [ReportScheduler] })
class ReportsModule {}

/** Configuration the module's options come from, as an application's ConfigModule would give it. */
@Injectable()
class TemporalSettings {
  readonly address = temporalAddress();
  readonly taskQueue = testTaskQueue();
}

@Module({ providers: [TemporalSettings], exports: [TemporalSettings] })
class SettingsModule {}

const runnerWithTestBundle = (): NonNullable<TasksModuleForRootOptions['runner']> => ({ workflowBundle: { codePath: process.env[TEST_BUNDLE_ENV]! } });

async function boot(tasksModule: ReturnType<typeof TasksModule.forRoot>, imports: unknown[] = []): Promise<INestApplication> {
  const moduleRef = await Test.createTestingModule({ imports: [tasksModule, ...(imports as never[])], providers: [EntriesService, ImportCsvTask] }).compile();
  const app = moduleRef.createNestApplication({ logger: false });
  await app.init();
  return app;
}

describe('TasksModule registration', () => {
  it('forRootAsync builds the options with a factory that injects providers of imported modules, and runs tasks with them', async () => {
    const app = await boot(
      TasksModule.forRootAsync({
        imports: [SettingsModule],
        inject: [TemporalSettings],
        useFactory: (settings: TemporalSettings) => ({ connection: { address: settings.address }, taskQueue: settings.taskQueue, runner: runnerWithTestBundle() }),
      }),
    );
    const { client, close } = await temporalClient();
    try {
      const tasks = app.get(TaskService);
      const task = await tasks.trigger(ImportCsvTask, { rows: ['a', 'b'] });
      await expect(task.result()).resolves.toEqual({ imported: 2 });
      // The factory's task queue is where Temporal ran it.
      const description = await client.workflow.getHandle(task.id).describe();
      expect(description.taskQueue).toBe(app.get(TemporalSettings, { strict: false }).taskQueue);
      expect((await temporalView(client, task.id)).status).toBe('COMPLETED');
    } finally {
      await app.close();
      await close();
    }
  });

  it('is global by default: a feature module injects TaskService without importing TasksModule', async () => {
    const app = await boot(TasksModule.forRoot({ connection: { address: temporalAddress() }, taskQueue: testTaskQueue(), runner: false }), [ReportsModule]);
    try {
      expect(app.get(ReportScheduler).tasks).toBe(app.get(TaskService));
    } finally {
      await app.close();
    }
  });

  it('isGlobal: false scopes it: the same feature module cannot resolve TaskService, and Nest names it', async () => {
    const error = await boot(TasksModule.forRoot({ connection: { address: temporalAddress() }, taskQueue: testTaskQueue(), runner: false, isGlobal: false }), [ReportsModule]).catch(
      (err: unknown) => err,
    );
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toMatch(/Nest can't resolve dependencies of the ReportScheduler \(\?\)[\s\S]*TaskService/);
  });
});
