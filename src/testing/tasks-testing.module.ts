import { Injectable, Module, type DynamicModule, type OnModuleInit } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { randomUUID } from 'node:crypto';
import { TaskExplorer } from '../discovery/task.explorer';
import { TaskMetadataAccessor } from '../discovery/task-metadata.accessor';
import { DuplicateTasksModuleError } from '../errors/duplicate-tasks-module.error';
import { TaskEventTriggers } from '../events/task-event-triggers';
import { ResolvedTasksOptions } from '../options/resolved-tasks-options';
import { TaskService } from '../service/task.service';
import { TaskRegistry } from '../task.registry';
import { TasksModule } from '../tasks.module';
import { InMemoryTaskService } from './in-memory-task.service';
import { TaskTestClock } from './task-test-clock';
import { TestTaskQueueCleanup } from './test-task-queue-cleanup';
import type { TasksTestingModuleOptions } from './tasks-testing-module.options';

/** Discovery for the in-memory module: the `@Task` providers become definitions, as `TasksModule` finds them. */
@Injectable()
class InMemoryTaskRegistrar implements OnModuleInit {
  constructor(
    private readonly explorer: TaskExplorer,
    private readonly registry: TaskRegistry,
    private readonly eventTriggers: TaskEventTriggers,
  ) {}

  onModuleInit(): void {
    const modules = this.explorer.countTasksModules();
    if (modules > 1) throw new DuplicateTasksModuleError(modules);
    for (const definition of this.explorer.explore()) this.registry.add(definition);
    this.eventTriggers.prepare();
  }
}

/**
 * A drop-in for `TasksModule.forRoot` in `Test.createTestingModule`: discovery, `TaskService`, event triggers and
 * child tasks work in memory, with the same statuses, errors and outcomes as on Temporal, on a virtual clock
 * (`TaskTestClock`). Given `temporal` (an address or a `TemporalDevServer`), it is `TasksModule.forRoot` on that
 * server instead, with a task queue of its own, so the same tests run against a real server; closing it aborts the
 * tasks the test left open. See docs/testing.md.
 */
@Module({})
export class TasksTestingModule {
  static forRoot(options: TasksTestingModuleOptions = {}): DynamicModule {
    const { temporal, clock = 'auto', now, defaults, taskQueue } = options;
    if (temporal !== undefined) {
      const address = typeof temporal === 'string' ? temporal : temporal.address;
      const tasksModule = TasksModule.forRoot({
        connection: { address },
        taskQueue: taskQueue ?? `test-${randomUUID()}`,
        ...(defaults ? { defaults } : {}),
        runner: options.runner ?? {},
      });
      return { module: TasksTestingModule, imports: [tasksModule], providers: [TestTaskQueueCleanup] };
    }
    return {
      module: TasksTestingModule,
      global: true,
      imports: [DiscoveryModule],
      providers: [
        // Checked as TasksModule checks them; nothing connects.
        {
          provide: ResolvedTasksOptions,
          useValue: ResolvedTasksOptions.resolve({
            runner: false,
            connection: { lazy: true },
            ...(defaults ? { defaults } : {}),
            ...(taskQueue ? { taskQueue } : {}),
          }),
        },
        { provide: TaskTestClock, useValue: new TaskTestClock(clock, now) },
        TaskMetadataAccessor,
        TaskExplorer,
        TaskRegistry,
        InMemoryTaskService,
        { provide: TaskService, useExisting: InMemoryTaskService },
        TaskEventTriggers,
        InMemoryTaskRegistrar,
      ],
      exports: [TaskService, TaskTestClock],
    };
  }
}
