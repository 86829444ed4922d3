import { Injectable, type OnModuleInit } from '@nestjs/common';
import { TaskEventTriggers } from '../events/task-event-triggers';
import { TaskSchedules } from '../schedules/task-schedules';
import { TaskRegistry } from '../task.registry';
import { TaskExplorer } from './task.explorer';

/** Starts discovery when the module initialises, before the Runner starts and before anything is triggered. */
@Injectable()
export class TaskRegistrar implements OnModuleInit {
  constructor(
    private readonly explorer: TaskExplorer,
    private readonly registry: TaskRegistry,
    private readonly eventTriggers: TaskEventTriggers,
    private readonly schedules: TaskSchedules,
  ) {}

  async onModuleInit(): Promise<void> {
    for (const definition of this.explorer.explore()) this.registry.add(definition);
    // Checked here rather than in each provider's own start-up hook: Nest runs the hooks of one module concurrently,
    // and a bad event trigger or schedule must stop the application before the Runner connects, not beside it.
    this.eventTriggers.prepare();
    await this.schedules.prepare();
  }
}
