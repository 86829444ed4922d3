import { TasksError } from './tasks.error';

/**
 * Thrown by `TaskService.schedules.create` and `update` when a run-time schedule's options are invalid (its id, its
 * spec, its input against the definition's schema), and by `update` and `delete` for a schedule declared in code
 * (`@Task({ schedules })`), which only the code changes. Nothing is created or changed.
 */
export class InvalidScheduleOptionsError extends TasksError {
  readonly code = 'INVALID_SCHEDULE_OPTIONS';

  constructor(
    readonly definitionId: string,
    /** What is wrong, e.g. `every must be at least 1 second`. */
    readonly problem: string,
    cause?: unknown,
  ) {
    super(`Cannot create or change a schedule of "${definitionId}": ${problem}`, { cause });
  }
}
