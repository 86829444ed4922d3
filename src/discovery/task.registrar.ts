import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { TasksClient } from '../client/tasks-client';
import { declaredTaskOptions } from '../decorators/task.decorator';
import { DuplicateTasksModuleError } from '../errors/duplicate-tasks-module.error';
import { TaskEventTriggers } from '../events/task-event-triggers';
import { TaskSchedules } from '../schedules/task-schedules';
import { TaskRegistry } from '../task.registry';
import { TaskExplorer } from './task.explorer';

/**
 * Starts discovery when the module initialises, before the Runner starts and before anything is triggered, and
 * checks the application around it: one TasksModule, every `@Task` class provided, Temporal reachable.
 */
@Injectable()
export class TaskRegistrar implements OnModuleInit {
  private readonly logger = new Logger('TasksModule');

  constructor(
    private readonly explorer: TaskExplorer,
    private readonly registry: TaskRegistry,
    private readonly eventTriggers: TaskEventTriggers,
    private readonly schedules: TaskSchedules,
    private readonly temporal: TasksClient,
  ) {}

  async onModuleInit(): Promise<void> {
    const modules = this.explorer.countTasksModules();
    if (modules > 1) throw new DuplicateTasksModuleError(modules);
    for (const definition of this.explorer.explore()) this.registry.add(definition);
    const unprovided = this.explorer.unprovidedTaskClasses();
    if (unprovided.length > 0) {
      const names = unprovided.map((target) => `${target.name} (@Task id "${declaredTaskOptions(target)?.id ?? '?'}")`).join(', ');
      this.logger.warn(`Decorated with @Task but provided by no module of this application, so they can neither run nor be triggered here: ${names}. Add them to a module's providers.`);
    }
    // Fail fast, with one clear error, when Temporal is out of reach: unless this process is client-only and lazy.
    const { runner, lazy } = this.temporal.options;
    if (runner !== false || !lazy) await this.temporal.connect();
    // Checked here rather than in each provider's own start-up hook: Nest runs the hooks of one module concurrently,
    // and a bad event trigger or schedule must stop the application before the Runner connects, not beside it.
    this.eventTriggers.prepare();
    await this.schedules.prepare();
  }
}
