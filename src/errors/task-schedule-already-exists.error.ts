import { TasksError } from './tasks.error';

/**
 * Thrown by `TaskService.schedules.create` when a schedule with that id exists already (created at run time, declared
 * in code, or anything else in the namespace). Nothing is changed: `update` it, or choose another id.
 */
export class TaskScheduleAlreadyExistsError extends TasksError {
  readonly code = 'TASK_SCHEDULE_ALREADY_EXISTS';

  constructor(
    /** The schedule id: `<definitionId>/<id>`. */
    readonly scheduleId: string,
    cause?: unknown,
  ) {
    super(`Schedule "${scheduleId}" exists already: change it with schedules.update("${scheduleId}", ...), or delete it first, or choose another id.`, { cause });
  }
}
