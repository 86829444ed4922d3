import type { ScheduleSpec } from '@temporalio/client';
import { msToNumber } from '@temporalio/common/lib/time';
import { InvalidTaskDefinitionError } from '../errors/invalid-task-definition.error';
import type { TasksError } from '../errors/tasks.error';
import type { TaskScheduleOptions } from '../task.interfaces';

const SCHEDULE_ID = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,199}$/;
/** Temporal refuses shorter intervals ("interval is too small"). */
const MIN_INTERVAL_MS = 1000;

/**
 * Checks a schedule's own options and turns them into a Temporal `ScheduleSpec`. For a declared schedule it throws
 * `InvalidTaskDefinitionError` naming the definition and the schedule, so a mistake stops start-up instead of
 * surfacing as a schedule that never fires; a schedule created at run time passes its own error (`toError`).
 */
export function resolveScheduleSpec(
  definitionId: string,
  schedule: TaskScheduleOptions,
  toError: (problem: string) => TasksError = (problem) => new InvalidTaskDefinitionError(definitionId, problem),
): ScheduleSpec {
  const name = typeof schedule?.id === 'string' ? `schedule "${schedule.id}"` : 'a schedule';
  const invalid = (problem: string): never => {
    throw toError(`${name}: ${problem}`);
  };
  if (typeof schedule !== 'object' || schedule === null) return invalid('must be an object such as { id: "nightly", cron: "0 3 * * *" }.');
  if (typeof schedule.id !== 'string' || !SCHEDULE_ID.test(schedule.id)) {
    invalid(`id ${JSON.stringify(schedule.id)} must start with a letter or digit and hold only letters, digits, "_", "-" or "." (at most 200), e.g. "nightly".`);
  }
  const { cron, every } = schedule;
  if ((cron === undefined) === (every === undefined)) {
    invalid(`set exactly one of \`cron\` (e.g. '0 3 * * *') and \`every\` (e.g. '15 minutes'), got ${cron === undefined ? 'neither' : 'both'}.`);
  }
  if (every !== undefined) {
    if (schedule.timezone !== undefined) invalid('`timezone` applies to `cron` only; an interval (`every`) is the same in every time zone.');
    let ms: number;
    try {
      ms = msToNumber(every);
    } catch {
      return invalid(`every ${JSON.stringify(schedule.every)} is not a duration. Use milliseconds or a string such as '30s' or '15 minutes'.`);
    }
    if (!(ms >= MIN_INTERVAL_MS)) invalid(`every must be at least 1 second (Temporal's shortest interval), got ${JSON.stringify(schedule.every)}.`);
    return { intervals: [{ every: ms }] };
  }
  const expressions: unknown = typeof cron === 'string' ? [cron] : cron;
  if (!Array.isArray(expressions) || expressions.length === 0 || expressions.some((expression) => typeof expression !== 'string' || expression.trim() === '')) {
    return invalid(`cron must be a cron expression such as '0 3 * * *', or a non-empty array of them, got ${JSON.stringify(cron)}.`);
  }
  const timezone = schedule.timezone ?? 'UTC';
  try {
    new Intl.DateTimeFormat('en', { timeZone: timezone });
  } catch {
    invalid(`timezone ${JSON.stringify(timezone)} is not an IANA time zone name such as 'UTC' or 'Europe/Berlin'.`);
  }
  return { cronExpressions: [...(expressions as string[])], timezone };
}
