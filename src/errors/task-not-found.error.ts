import { TasksError } from './tasks.error';

/** Thrown by `TaskService.get`, `abort`, `retry`, `delete`, `logs` and `TaskHandle.result()` when no task has the id. */
export class TaskNotFoundError extends TasksError {
  readonly code = 'TASK_NOT_FOUND';

  constructor(
    readonly taskId: string,
    cause?: unknown,
  ) {
    super(`No task has the id "${taskId}" in this namespace (it may never have existed, or been deleted, or passed the namespace's retention).`, { cause });
  }
}
