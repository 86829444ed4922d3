import { Injectable, SetMetadata, applyDecorators } from '@nestjs/common';
import { TASK_METADATA } from '../tasks.constants';
import type { TaskDefinitionOptions } from '../task.interfaces';

/**
 * Every class decorated with `@Task` in this process, so that start-up can name those that no module provides
 * (they could never run nor be triggered).
 */
const declared = new Map<Function, TaskDefinitionOptions>();

/**
 * Declares a task definition: the decorated provider's `run` is the handler of every task triggered with
 * `options.id`. The class is an ordinary Nest provider (add it to a module's `providers`) and gets its
 * dependencies injected. It must be a singleton: request-scoped providers cannot be tasks.
 */
export function Task(options: TaskDefinitionOptions): ClassDecorator {
  const decorate = applyDecorators(Injectable(), SetMetadata(TASK_METADATA, options));
  return (target) => {
    declared.set(target, options);
    return decorate(target);
  };
}

/** The `@Task` options of a class, if it is decorated. */
export function declaredTaskOptions(target: Function): TaskDefinitionOptions | undefined {
  return declared.get(target);
}

/** The classes decorated with `@Task` so far in this process. */
export function declaredTaskClasses(): Function[] {
  return [...declared.keys()];
}
