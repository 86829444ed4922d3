/**
 * A task's deadline, as plain functions over plain data: when it falls, and the failure a task that passes it ends
 * with. The task workflow (through bounded-task.workflow.ts) and the in-memory engine of `nestjs-temporal-tasks/testing`
 * call the same ones. Imported by the workflow bundle: nothing here may touch Node, Nest, timers or the workflow APIs.
 */
import { msToNumber } from '@temporalio/common/lib/time';
import type { TaskSettings } from './task-workflow.types';

/** `ApplicationFailure.type` of the failure a task ends with when it passes its `deadline`. */
export const DEADLINE_EXCEEDED_FAILURE_TYPE = 'TaskDeadlineExceeded';

/**
 * The task's deadline in ms since the epoch, if it has one: the time resolved at the trigger (`settings.deadline`), or
 * else the definition's duration counted from the trigger time (a schedule's tasks, which no trigger resolved).
 */
export function taskDeadlineMs(settings: Pick<TaskSettings, 'deadline' | 'deadlineAfter'>, triggeredAt: string): number | undefined {
  if (settings.deadline !== undefined) return Date.parse(settings.deadline);
  if (settings.deadlineAfter !== undefined) return Date.parse(triggeredAt) + msToNumber(settings.deadlineAfter);
  return undefined;
}

/**
 * An attempt's start-to-close timeout under a deadline: the definition's `timeout`, or less, so that an attempt
 * scheduled now cannot outlive the deadline even where no cancellation reaches it. (Not a schedule-to-close timeout:
 * Temporal would then refuse a retry whose backoff ends past it, failing the task early with the attempt's error.)
 */
export function attemptTimeout(timeout: string | number, deadlineMs: number | undefined, nowMs: number): string | number {
  if (deadlineMs === undefined) return timeout;
  return Math.max(1, Math.min(msToNumber(timeout), deadlineMs - nowMs));
}

/** The failure of a task past its deadline: its type is `DEADLINE_EXCEEDED_FAILURE_TYPE`, its details the deadline. */
export function deadlineExceeded(taskId: string, deadlineMs: number): { message: string; type: string; deadline: string } {
  const deadline = new Date(deadlineMs).toISOString();
  return {
    message: `Task ${taskId} had not ended by its deadline ${deadline}, so it was stopped. Give it a later deadline (on @Task or the trigger) or less work.`,
    type: DEADLINE_EXCEEDED_FAILURE_TYPE,
    deadline,
  };
}

/**
 * The settings a new run of the task starts with (a retry, or a debounced task's next cycle): the task's own, with a
 * deadline that was a duration counted again from the new run's trigger, and without one that was a Date and has
 * passed (the new run would fail at once); a Date still ahead stays.
 */
export function retrySettings(settings: TaskSettings, nowMs: number): TaskSettings {
  if (settings.deadline === undefined || (settings.deadlineAfter === undefined && Date.parse(settings.deadline) > nowMs)) return settings;
  const { deadline: _time, ...rest } = settings;
  return rest;
}
