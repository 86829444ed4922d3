import { msToNumber } from '@temporalio/common/lib/time';
import type { TaskDebounceTiming } from '../../workflows/task-debounce-timing';
import type { TaskTriggerOptions } from './task-trigger.options';

/** What is wrong with a trigger's `debounce` and the options it does not combine with; nothing when it is absent. */
export function debounceProblems(options: TaskTriggerOptions): string[] {
  const { debounce } = options;
  if (debounce === undefined) return [];
  if (typeof debounce !== 'object' || debounce === null || Array.isArray(debounce)) return [`debounce must be an object { delay, maxDelay? }, got ${JSON.stringify(debounce)}`];
  const problems: string[] = [];
  const delayMs = durationMs(debounce.delay);
  if (delayMs === undefined || !(delayMs > 0)) problems.push(`debounce.delay must be a positive duration (milliseconds, or a string such as '5s'), got ${JSON.stringify(debounce.delay)}`);
  if (debounce.maxDelay !== undefined) {
    const maxDelayMs = durationMs(debounce.maxDelay);
    if (maxDelayMs === undefined || !(maxDelayMs > 0)) problems.push(`debounce.maxDelay must be a positive duration, got ${JSON.stringify(debounce.maxDelay)}`);
    else if (delayMs !== undefined && delayMs > 0 && maxDelayMs < delayMs) problems.push(`debounce.maxDelay (${JSON.stringify(debounce.maxDelay)}) must be at least debounce.delay (${JSON.stringify(debounce.delay)})`);
  }
  if (options.id === undefined) problems.push('debounce needs an id: triggers debounce together by their key, and without one every trigger would be a task of its own');
  if (options.delay !== undefined) problems.push('debounce and delay do not combine: a debounced task already waits debounce.delay after its latest trigger');
  if (options.onConflict === 'fail') problems.push("debounce and onConflict: 'fail' do not combine: a debounced trigger joins its key's task by design (onConflict 'useExisting' applies when reuse forbids a new task)");
  if (options.parentId !== undefined) problems.push('debounce is not for child tasks: a child belongs to one run of its parent, while a debounced task is shared by its triggers');
  return problems;
}

/** A trigger's debounce as the workflow takes it (options already checked). */
export function debounceTiming(debounce: NonNullable<TaskTriggerOptions['debounce']>): TaskDebounceTiming {
  const timing: TaskDebounceTiming = { delayMs: msToNumber(debounce.delay) };
  if (debounce.maxDelay !== undefined) timing.maxDelayMs = msToNumber(debounce.maxDelay);
  return timing;
}

function durationMs(value: unknown): number | undefined {
  try {
    const ms = msToNumber(value as Parameters<typeof msToNumber>[0]);
    return Number.isFinite(ms) ? ms : undefined;
  } catch {
    return undefined;
  }
}
