import type { Duration } from '../task.interfaces';

/** A schedule of this application, as `TaskService.schedules.list()` lists it: what it is, and Temporal's state of it. */
export interface TaskScheduleInfo {
  /** The Temporal Schedule id, `<definitionId>/<id>`: what `schedules.get`, `update`, `delete`, `pause` and `unpause` take. */
  id: string;
  /** The definition the schedule triggers. */
  definitionId: string;
  /**
   * Where it comes from: `'code'` (declared in `@Task({ schedules })`, created or updated at every start-up) or
   * `'runtime'` (made by `schedules.create`, changed only by `schedules.update` and `delete`; start-up never touches it).
   */
  origin: 'code' | 'runtime';
  /** Whether the schedule is paused (by `pauseSchedule`, the Web UI, or `paused: true` at creation). */
  paused: boolean;
  /** The note left with the last pause or unpause, if any. */
  note?: string;
  /**
   * The cron expressions, as declared; set when a schedule declared in code runs on a cron. Temporal keeps a run-time
   * schedule's cron as calendars, so its cron is not read back (its `timezone` is).
   */
  cron?: string[];
  /** The time zone of `cron`, as declared; set with `cron`. */
  timezone?: string;
  /** The interval, as declared (in milliseconds for a run-time schedule); set when the schedule runs on an interval. */
  every?: Duration;
  /** When it next triggers a task, by Temporal's reckoning; undefined while paused. */
  nextRunAt?: Date;
  /** Ids of the tasks it triggered most recently (Temporal keeps the last few), newest first. */
  recentTaskIds: string[];
}
