import { InvalidTaskOutcomeError } from '../src/errors/invalid-task-outcome.error';
import { TaskOutcome, type TaskOutcomeData } from '../src/task-outcome';
import type { TaskController } from '../src/task.interfaces';

/**
 * Builds the Controller of one iteration. Each method returns the outcome `run` must return; calling the
 * Controller a second time in one iteration is refused, since only one outcome can end it.
 */
export function createTaskController(definitionId: string): TaskController {
  let used: TaskOutcomeData['kind'] | undefined;
  const outcome = (data: TaskOutcomeData): TaskOutcome => {
    if (used) {
      throw new InvalidTaskOutcomeError(
        definitionId,
        `the Controller was called twice in one iteration (${used}, then ${data.kind}). Call it once and return what it returns.`,
      );
    }
    used = data.kind;
    return new TaskOutcome(data);
  };
  return {
    success: (output) => outcome({ kind: 'success', output }),
    error: (error, options = {}) =>
      outcome({
        kind: 'error',
        error: typeof error === 'string' ? new Error(error) : error,
        retryable: options.retryable ?? true,
        details: options.details,
      }),
    abort: (reason) => outcome({ kind: 'abort', reason }),
    continue: (state, options = {}) => outcome({ kind: 'continue', state, delay: options.delay, waitForChildren: options.waitForChildren }),
  };
}
