import { TasksError } from './tasks.error';
import type { TaskStatus } from '../../workflows/task-workflow.types';

/** What to do instead, by operation (the rest: wait for the task to end). */
const ADVICE: Readonly<Record<string, string>> = {
  delete: 'Abort it first, or wait for it to end.',
  send: 'Send once its delayed start has come: a message would start it at once, before its time.',
};

/** Thrown when an operation does not fit the task's status: retrying a running task, deleting an unfinished one. */
export class TaskStateError extends TasksError {
  readonly code = 'TASK_STATE_CONFLICT';

  constructor(
    readonly taskId: string,
    readonly status: TaskStatus,
    readonly operation: string,
    readonly allowed: readonly TaskStatus[],
  ) {
    super(`Cannot ${operation} task ${taskId}: it is ${status}, and only ${allowed.join(' or ')} tasks can be. ${ADVICE[operation.split(' ')[0] ?? ''] ?? 'Wait for it to end.'}`);
  }
}
