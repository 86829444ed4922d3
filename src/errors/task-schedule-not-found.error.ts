import { TasksError } from './tasks.error';

/**
 * Thrown by `TaskService.schedules` (`get`, `update`, `delete`, `pause`, `unpause`, `trigger`), `pauseSchedule` /
 * `unpauseSchedule` and `TaskSchedules` when the id is neither a schedule this application declares nor one it created
 * at run time, or when the declared schedule does not exist on the Temporal server (it was deleted, or start-up could
 * not create it).
 */
export class TaskScheduleNotFoundError extends TasksError {
  readonly code = 'TASK_SCHEDULE_NOT_FOUND';

  constructor(
    /** The schedule id asked for: `<definitionId>/<id>`. */
    readonly scheduleId: string,
    /** The schedule ids this application declares. */
    readonly declaredScheduleIds: readonly string[],
    cause?: unknown,
  ) {
    const declared = declaredScheduleIds.includes(scheduleId);
    super(
      declared
        ? `Schedule "${scheduleId}" does not exist on the Temporal server. It is created when the application starts: restart it, or call TaskSchedules.sync().`
        : `No schedule "${scheduleId}" is declared by this application (declared: ${declaredScheduleIds.length > 0 ? declaredScheduleIds.map((id) => `"${id}"`).join(', ') : 'none'}) or was created by it at run time (schedules.list() lists both). Schedule ids are "<definitionId>/<id>", from @Task({ id, schedules: [{ id }] }) or schedules.create(definition, { id }).`,
      { cause },
    );
  }
}
