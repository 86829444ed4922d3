import { Injectable, type Type } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { TASK_METADATA } from '../tasks.constants';
import type { TaskDefinitionOptions } from '../task.interfaces';

/** Reads the options `@Task` stored on a class. */
@Injectable()
export class TaskMetadataAccessor {
  constructor(private readonly reflector: Reflector) {}

  getTaskOptions(target: Type | Function | undefined): TaskDefinitionOptions | undefined {
    if (!target) return undefined;
    return this.reflector.get<TaskDefinitionOptions | undefined>(TASK_METADATA, target);
  }
}
