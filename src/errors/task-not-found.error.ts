import { TasksError } from './tasks.error';

/**
 * Thrown by `TaskService.get`, `abort`, `retry`, `delete`, `logs`, `send`, `watch` (and `watch$`) and `TaskHandle.result()` when no task of this
 * application has the id: none ever had it, it was deleted or passed retention, or it names another application's
 * workflow in the shared namespace (which the library neither reads nor acts on, and says nothing more of).
 */
export class TaskNotFoundError extends TasksError {
  readonly code = 'TASK_NOT_FOUND';

  constructor(
    readonly taskId: string,
    cause?: unknown,
  ) {
    super(`No task of this application has the id "${taskId}" (it may never have existed, been deleted or passed the namespace's retention, or belong to another application).`, { cause });
  }
}
