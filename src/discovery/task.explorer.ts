import { Inject, Injectable } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { InvalidTaskDefinitionError } from '../errors/invalid-task-definition.error';
import { resolveTaskDefinition } from '../definition/resolve-task-definition';
import { TASKS_MODULE_OPTIONS } from '../tasks.module-definition';
import type { TasksModuleOptions } from '../tasks-module.options';
import type { ResolvedTaskDefinition, TaskHandler } from '../task.interfaces';
import { TaskMetadataAccessor } from './task-metadata.accessor';

/** Walks the application's providers and turns every `@Task` class into a resolved definition. */
@Injectable()
export class TaskExplorer {
  constructor(
    private readonly discovery: DiscoveryService,
    private readonly accessor: TaskMetadataAccessor,
    @Inject(TASKS_MODULE_OPTIONS) private readonly options: TasksModuleOptions,
  ) {}

  explore(): ResolvedTaskDefinition[] {
    const definitions: ResolvedTaskDefinition[] = [];
    for (const wrapper of this.discovery.getProviders()) {
      const taskOptions = this.accessor.getTaskOptions(wrapper.metatype as Function | undefined);
      if (!taskOptions) continue;
      const className = wrapper.metatype?.name ?? String(wrapper.name);
      if (!wrapper.isDependencyTreeStatic()) {
        throw new InvalidTaskDefinitionError(
          taskOptions.id ?? className,
          `${className} is request-scoped (or depends on a request-scoped provider). Tasks run outside any request: make it a singleton.`,
        );
      }
      if (!wrapper.instance) continue;
      definitions.push(resolveTaskDefinition(taskOptions, wrapper.instance as TaskHandler, className, this.options.defaults));
    }
    return definitions;
  }
}
