import { TasksError } from './tasks.error';

/** One problem the definition's schema found in an input. */
export interface TaskInputIssue {
  /** Where, e.g. `input.rows.2.email` (or `input` for the whole value). */
  path: string;
  message: string;
}

/**
 * Thrown by `TaskService.trigger` when the input fails the definition's `schema` (nothing is started), and by
 * `TaskService.send` when a message's payload fails the definition's schema of that message (nothing is sent).
 */
export class TaskInputValidationError extends TasksError {
  readonly code = 'TASK_INPUT_INVALID';

  constructor(
    readonly definitionId: string,
    readonly issues: readonly TaskInputIssue[],
  ) {
    super(
      `The ${issues[0]?.path.split('.')[0] ?? 'input'} of task "${definitionId}" is invalid: ${issues.map((issue) => `${issue.path}: ${issue.message}`).join('; ')}. Fix the input, or the schema of @Task({ id: "${definitionId}" }).`,
    );
  }
}
