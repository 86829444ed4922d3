import { TasksError } from './tasks.error';

/** Thrown by `TaskService.trigger` (and `context.trigger`) when its options are invalid. Nothing is started. */
export class InvalidTriggerOptionsError extends TasksError {
  readonly code = 'INVALID_TRIGGER_OPTIONS';

  constructor(
    readonly definitionId: string,
    /** Each problem found, e.g. `delay -5 must be zero or more`. */
    readonly problems: readonly string[],
  ) {
    super(`Cannot trigger "${definitionId}": ${problems.join('; ')}.`);
  }
}
