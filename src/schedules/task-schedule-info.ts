import type { Duration } from '../task.interfaces';

/** A schedule of this application, as `TaskService.schedules()` lists it: what is declared, and Temporal's state of it. */
export interface TaskScheduleInfo {
  /** The Temporal Schedule id, `<definitionId>/<id>`: what `pauseSchedule` and `unpauseSchedule` take. */
  id: string;
  /** The definition the schedule triggers. */
  definitionId: string;
  /** Whether the schedule is paused (by `pauseSchedule`, the Web UI, or `paused: true` at creation). */
  paused: boolean;
  /** The note left with the last pause or unpause, if any. */
  note?: string;
  /** The cron expressions, as declared; set when the schedule runs on a cron. */
  cron?: string[];
  /** The time zone of `cron`, as declared; set with `cron`. */
  timezone?: string;
  /** The interval, as declared; set when the schedule runs on an interval. */
  every?: Duration;
  /** When it next triggers a task, by Temporal's reckoning; undefined while paused. */
  nextRunAt?: Date;
  /** Ids of the tasks it triggered most recently (Temporal keeps the last few), newest first. */
  recentTaskIds: string[];
}
