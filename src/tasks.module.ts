import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { TasksClient } from './client/tasks-client';
import { TaskExplorer } from './discovery/task.explorer';
import { TaskMetadataAccessor } from './discovery/task-metadata.accessor';
import { TaskRegistrar } from './discovery/task.registrar';
import { TaskEventTriggers } from './events/task-event-triggers';
import { TasksHealthIndicator } from './health/tasks-health.indicator';
import { TaskRunner } from './runner/task.runner';
import { TaskSchedules } from './schedules/task-schedules';
import { TaskService } from './service/task.service';
import { TaskWatches } from './service/task-watches';
import { TaskRegistry } from './task.registry';
import { ResolvedTasksOptions } from './options/resolved-tasks-options';
import { TASKS_MODULE_OPTIONS, TasksConfigurableModule } from './tasks.module-definition';
import type { TasksModuleOptions } from './options/tasks-module.options';

/**
 * Durable background tasks on Temporal. `TasksModule.forRoot({...})` (or `forRootAsync`) once in the root module;
 * then every provider decorated with `@Task` is a task definition, `TaskService` triggers tasks, and the Runner
 * runs them in this process (unless `runner: false`). Definitions with `events` are triggered by Nest events, and those
 * with `schedules` get Temporal Schedules, created or updated at start-up.
 */
@Module({
  imports: [DiscoveryModule],
  providers: [
    // The options, checked once with every default applied: a mistake fails start-up, listing every problem.
    { provide: ResolvedTasksOptions, useFactory: (options: TasksModuleOptions) => ResolvedTasksOptions.resolve(options), inject: [TASKS_MODULE_OPTIONS] },
    TaskMetadataAccessor,
    TaskExplorer,
    TaskRegistry,
    TaskRegistrar,
    TasksClient,
    TaskRunner,
    TaskService,
    TaskWatches,
    TaskSchedules,
    TaskEventTriggers,
    TasksHealthIndicator,
  ],
  exports: [TaskService, TaskRunner, TaskSchedules, TasksHealthIndicator],
})
export class TasksModule extends TasksConfigurableModule {}
