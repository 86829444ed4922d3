import { TasksError } from './tasks.error';

/** Thrown by `TaskHandle.result()` when the task's workflow was terminated or timed out outside the library's control. */
export class TaskTerminatedError extends TasksError {
  readonly code = 'TASK_TERMINATED';

  constructor(
    readonly taskId: string,
    readonly why: string,
    cause?: unknown,
  ) {
    super(`Task ${taskId} did not finish: ${why}`, { cause });
  }
}
