import { Injectable, type OnModuleInit } from '@nestjs/common';
import { TaskRegistry } from '../task.registry';
import { TaskExplorer } from './task.explorer';

/** Starts discovery when the module initialises, before the Runner starts and before anything is triggered. */
@Injectable()
export class TaskRegistrar implements OnModuleInit {
  constructor(
    private readonly explorer: TaskExplorer,
    private readonly registry: TaskRegistry,
  ) {}

  onModuleInit(): void {
    for (const definition of this.explorer.explore()) this.registry.add(definition);
  }
}
