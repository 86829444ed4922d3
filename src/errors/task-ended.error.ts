import { TasksError } from './tasks.error';
import type { TaskStatus } from '../../workflows/task-workflow.types';

/**
 * Thrown by `TaskService.send` when the task has ended (`success`, `failed` or `aborted`): nothing waits for the
 * message any more, and nothing was recorded. Check the task's outcome (`get()`), or `retry()` it to run it again.
 */
export class TaskEndedError extends TasksError {
  readonly code = 'TASK_ENDED';

  constructor(
    readonly taskId: string,
    /** How it ended, when known (undefined when it ended between the check and the sending). */
    readonly status: TaskStatus | undefined,
    /** What was refused, e.g. `send "approval"`. */
    readonly operation: string,
    cause?: unknown,
  ) {
    super(
      `Cannot ${operation} to task ${taskId}: it has ended${status ? ` (${status})` : ''}, so nothing waits for it. Read its outcome with get(), or retry() it to run it again.`,
      { cause },
    );
  }
}
