import { InvalidTriggerOptionsError } from '../errors/invalid-trigger-options.error';
import type { TaskChildTriggerOptions, TaskParentEndPolicy } from './task-child-trigger.options';

const PARENT_END_POLICIES: readonly unknown[] = ['abort', 'keep'] satisfies TaskParentEndPolicy[];

/**
 * Splits the options of `context.trigger` into the child's own trigger options and whether the parent's end aborts
 * it; refuses an `onParentEnd` other than `'abort'` or `'keep'` (`InvalidTriggerOptionsError`, nothing started).
 */
export function childTriggerOptions(definitionId: string, options: TaskChildTriggerOptions = {}): { trigger: Omit<TaskChildTriggerOptions, 'onParentEnd'>; abortOnParentEnd: boolean } {
  const { onParentEnd, ...trigger } = options ?? {};
  if (onParentEnd !== undefined && !PARENT_END_POLICIES.includes(onParentEnd)) {
    throw new InvalidTriggerOptionsError(definitionId, [`onParentEnd must be 'abort' or 'keep', got ${JSON.stringify(onParentEnd)}`]);
  }
  return { trigger, abortOnParentEnd: onParentEnd === 'abort' };
}
