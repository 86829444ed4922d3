import { TasksError } from './tasks.error';

/** Thrown by `TaskService` methods that take a task id (`get`, `abort`, `retry`, `delete`, `logs`, `getHandle`) when it cannot be one. */
export class InvalidTaskIdError extends TasksError {
  readonly code = 'INVALID_TASK_ID';

  constructor(
    readonly taskId: unknown,
    readonly operation: string,
    readonly problem: string,
  ) {
    super(`${operation}(${JSON.stringify(taskId) ?? String(taskId)}): ${problem} Task ids look like "<definitionId>/<key>", as TaskHandle.id returns them.`);
  }
}
