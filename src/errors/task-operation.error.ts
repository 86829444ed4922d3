import { TasksError } from './tasks.error';

/**
 * Thrown when an operation of the library fails for a reason it has no more specific class for (neither the server
 * nor the caller's input is to blame as far as it can tell: e.g. a Runner that cannot load its workflow bundle).
 * The underlying error is the `cause`.
 */
export class TaskOperationError extends TasksError {
  readonly code = 'TASK_OPERATION_FAILED';

  constructor(
    readonly operation: string,
    cause?: unknown,
  ) {
    super(`${operation} failed: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
  }
}
