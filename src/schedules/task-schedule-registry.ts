import type { TaskDefinitionRef, TaskScheduleOptions } from '../task.interfaces';
import type { TaskScheduleInfo } from './task-schedule-info';

/**
 * `TaskService.schedules`: this application's Temporal Schedules, those declared in code (`@Task({ schedules })`) and
 * those created at run time with an id of the caller's choosing (a user, a customer). Ids are `<definitionId>/<id>`.
 * Calling it, `schedules()`, lists both kinds, as `schedules.list()` does.
 */
export interface TaskScheduleRegistry {
  (): Promise<TaskScheduleInfo[]>;
  /** Both kinds (`origin` says which), optionally of one definition, with Temporal's state of each. */
  list(filter?: { definition?: string }): Promise<TaskScheduleInfo[]>;
  /** One schedule of this application, by id; `TaskScheduleNotFoundError` otherwise. */
  get(scheduleId: string): Promise<TaskScheduleInfo>;
  /**
   * Creates a schedule of a definition at run time, with the options of `@Task({ schedules })` (`id`, `cron` or
   * `every`, `timezone`, `paused`, `input`), checked the same way. Start-up sync never changes or deletes it.
   */
  create(definition: TaskDefinitionRef, options: TaskScheduleOptions): Promise<TaskScheduleInfo>;
  /** Replaces a run-time schedule's spec and input; `paused` pauses or resumes it when given. */
  update(scheduleId: string, options: Omit<TaskScheduleOptions, 'id'>): Promise<TaskScheduleInfo>;
  /** Deletes a run-time schedule; the tasks it started go on. */
  delete(scheduleId: string): Promise<void>;
  /** Pauses a schedule of either kind, with an optional note for the Web UI. */
  pause(scheduleId: string, note?: string): Promise<void>;
  /** Resumes a paused schedule of either kind; missed times are not made up. */
  unpause(scheduleId: string, note?: string): Promise<void>;
  /** Triggers a task of a schedule of either kind now. */
  trigger(scheduleId: string): Promise<void>;
}
