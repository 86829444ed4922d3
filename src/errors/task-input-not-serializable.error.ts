import { TasksError } from './tasks.error';

/** Thrown by `TaskService.trigger` when the input (or the memo) cannot travel through Temporal as JSON. Nothing is started. */
export class TaskInputNotSerializableError extends TasksError {
  readonly code = 'TASK_INPUT_NOT_SERIALIZABLE';

  constructor(
    readonly definitionId: string,
    /** Where in the input the problem is, e.g. `input.rows[3].parse`. */
    readonly path: string,
    readonly problem: string,
  ) {
    super(
      `The ${path.split(/[.[]/)[0]} of task "${definitionId}" cannot be stored by Temporal: ${path} ${problem}. Pass plain JSON data (objects, arrays, strings, numbers, booleans, null).`,
    );
  }
}
