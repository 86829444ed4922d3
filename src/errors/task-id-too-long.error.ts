import { TasksError } from './tasks.error';

/** Thrown by `TaskService.trigger` when the task id (`<definitionId>/<key>`) is longer than `limits.taskIdLength`. Nothing is started. */
export class TaskIdTooLongError extends TasksError {
  readonly code = 'TASK_ID_TOO_LONG';

  constructor(
    readonly taskId: string,
    readonly limit: number,
  ) {
    super(
      `Task id "${taskId.slice(0, 60)}…" is ${taskId.length} characters long, over the limit of ${limit} (limits.taskIdLength; Temporal clusters on PostgreSQL or MySQL refuse workflow ids over 255). Use a shorter idempotency key, e.g. a hash of the long one.`,
    );
  }
}
