import { Injectable, SetMetadata, applyDecorators } from '@nestjs/common';
import { TASK_METADATA } from '../tasks.constants';
import type { TaskDefinitionOptions } from '../task.interfaces';

/**
 * Declares a task definition: the decorated provider's `run` method is the handler of every task triggered with
 * `options.id`. The class is an ordinary Nest provider (add it to a module's `providers`) and gets its
 * dependencies injected. It must be a singleton: request-scoped providers cannot be tasks.
 */
export function Task(options: TaskDefinitionOptions): ClassDecorator {
  return applyDecorators(Injectable(), SetMetadata(TASK_METADATA, options));
}
