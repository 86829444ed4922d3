import { Injectable } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { declaredTaskClasses } from '../decorators/task.decorator';
import { InvalidTaskDefinitionError } from '../errors/invalid-task-definition.error';
import { resolveTaskDefinition } from '../definition/resolve-task-definition';
import { ResolvedTasksOptions } from '../options/resolved-tasks-options';
import type { ResolvedTaskDefinition, TaskHandler } from '../task.interfaces';
import { TaskMetadataAccessor } from './task-metadata.accessor';

/** Walks the application's providers and turns every `@Task` class into a resolved definition. */
@Injectable()
export class TaskExplorer {
  constructor(
    private readonly discovery: DiscoveryService,
    private readonly accessor: TaskMetadataAccessor,
    private readonly options: ResolvedTasksOptions,
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
      definitions.push(resolveTaskDefinition(taskOptions, wrapper.instance as TaskHandler, className, this.options.defaults, this.options.taskQueue));
    }
    return definitions;
  }

  /** How many `TasksModule`s this application holds: one `TaskExplorer` each, this one included. */
  countTasksModules(): number {
    return this.discovery.getProviders().filter((wrapper) => wrapper.metatype === TaskExplorer).length;
  }

  /**
   * Classes decorated with `@Task` in this process that no module of this application provides: they can neither
   * run nor be triggered here.
   */
  unprovidedTaskClasses(): Function[] {
    const provided = new Set(this.discovery.getProviders().map((wrapper) => wrapper.metatype));
    return declaredTaskClasses().filter((target) => !provided.has(target as never));
  }
}
