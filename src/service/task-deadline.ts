import { msToNumber } from '@temporalio/common/lib/time';
import type { TaskSettings } from '../../workflows/task-workflow.types';
import type { Duration } from '../task.interfaces';

/**
 * What is wrong with a trigger's `deadline` (a duration from the trigger, or a Date): not a duration, not above zero,
 * a Date that is invalid or past, or a deadline that falls before the trigger's `delay` ends (the task could not run).
 */
export function deadlineProblems(deadline: Duration | Date | undefined, delay: Duration | undefined, nowMs: number): string[] {
  if (deadline === undefined) return [];
  const ms = deadlineAfterMs(deadline, nowMs);
  if (ms === undefined) return [`deadline ${JSON.stringify(deadline)} is neither a Date nor a duration: use a Date, milliseconds or a string such as '30s' or '2 hours'`];
  if (deadline instanceof Date && ms <= 0) return [`deadline ${deadline.toISOString()} has already passed: give a time in the future`];
  if (!(ms > 0 && Number.isFinite(ms))) return [`deadline must be longer than zero, got ${JSON.stringify(deadline)}`];
  let delayMs = 0;
  try {
    delayMs = delay === undefined ? 0 : msToNumber(delay);
  } catch {
    return []; // the delay's own problem is reported for it
  }
  return delayMs >= ms ? [`deadline ${JSON.stringify(deadline)} falls before the delay ${JSON.stringify(delay)} ends: the task would fail before it starts`] : [];
}

/**
 * The task's deadline, resolved at the trigger (`nowMs`): the trigger's own (a Date, or a duration from now) wins over
 * the definition's (a duration from now). `deadline` is its time; `deadlineAfter` keeps a duration, so that a retry
 * counts it again from its own start. Empty when neither has one. Checked before.
 */
export function resolveTaskDeadline(
  definitionDeadline: Duration | undefined,
  triggerDeadline: Duration | Date | undefined,
  nowMs: number,
): Pick<TaskSettings, 'deadline' | 'deadlineAfter'> {
  const deadline = triggerDeadline ?? definitionDeadline;
  const ms = deadline === undefined ? undefined : deadlineAfterMs(deadline, nowMs);
  if (deadline === undefined || ms === undefined) return {};
  return { deadline: new Date(nowMs + ms).toISOString(), ...(deadline instanceof Date ? {} : { deadlineAfter: deadline }) };
}

/** How long after `nowMs` a deadline falls; undefined for what is neither a valid Date nor a duration. */
function deadlineAfterMs(deadline: Duration | Date, nowMs: number): number | undefined {
  if (deadline instanceof Date) return Number.isNaN(deadline.getTime()) ? undefined : deadline.getTime() - nowMs;
  try {
    return msToNumber(deadline);
  } catch {
    return undefined;
  }
}

/** The settings a task starts with: its deadline as resolved at the trigger, in place of the definition's. */
export function withTaskDeadline(settings: TaskSettings, deadline: Pick<TaskSettings, 'deadline' | 'deadlineAfter'>): TaskSettings {
  const { deadline: _time, deadlineAfter: _duration, ...rest } = settings;
  return { ...rest, ...deadline };
}
