import { TasksError } from './tasks.error';

/**
 * Thrown by `TaskService.trigger` (and `triggerMany`) with `onConflict: 'fail'` when the key names a task that exists
 * and may not start again: it is running, or it ended and `reuse` does not allow a new run. Nothing is started.
 */
export class TaskAlreadyExistsError extends TasksError {
  readonly code = 'TASK_ALREADY_EXISTS';

  constructor(
    readonly taskId: string,
    /** The `reuse` the trigger asked for. */
    readonly reuse: string,
    cause?: unknown,
  ) {
    super(
      `Task "${taskId}" exists already and was not started again (onConflict: 'fail', reuse: '${reuse}'). Use another key, wait for it to end (with reuse 'afterClose' or 'afterFailure'), or trigger with onConflict: 'useExisting' to get its handle.`,
      { cause },
    );
  }
}
