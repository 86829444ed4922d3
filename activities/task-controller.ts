import { msToNumber } from '@temporalio/common/lib/time';
import { InvalidTaskOutcomeError } from '../src/errors/invalid-task-outcome.error';
import { TaskOutcome, type TaskOutcomeData } from '../src/task-outcome';
import type { TaskController } from '../src/task.interfaces';

/** The Controller of one iteration, and what the activity needs to know of how it was used. */
export interface IterationController {
  controller: TaskController;
  /** The outcome the Controller built, once it was called (at most once). */
  readonly built: TaskOutcome | undefined;
}

/**
 * Builds the Controller of one iteration. Each method returns the outcome `run` must return; calling the
 * Controller a second time in one iteration is refused, since only one outcome can end it, and so is a `continue`
 * whose delay is not a duration of zero or more. Each refusal is an `InvalidTaskOutcomeError`: it fails the task at
 * once, since a retry would break the contract the same way.
 */
export function createTaskController(definitionId: string): IterationController {
  let built: TaskOutcome | undefined;
  const outcome = (data: TaskOutcomeData): TaskOutcome => {
    if (built) {
      throw new InvalidTaskOutcomeError(
        definitionId,
        `the Controller was called twice in one iteration (${built.data.kind}, then ${data.kind}). Call it once and return what it returns.`,
      );
    }
    built = new TaskOutcome(data);
    return built;
  };
  const controller: TaskController = {
    success: (output) => outcome({ kind: 'success', output }),
    error: (error, options = {}) =>
      outcome({
        kind: 'error',
        error: error instanceof Error ? error : new Error(typeof error === 'string' ? error : describeValue(error)),
        retryable: options.retryable ?? true,
        details: options.details,
      }),
    abort: (reason) => outcome({ kind: 'abort', reason }),
    continue: (state, options = {}) => outcome({ kind: 'continue', state, delayMs: checkDelay(definitionId, options.delay), waitForChildren: options.waitForChildren }),
  };
  return {
    controller,
    get built() {
      return built;
    },
  };
}

/** A continue's delay in ms: a duration of zero or more, or undefined for none. */
function checkDelay(definitionId: string, delay: unknown): number | undefined {
  if (delay === undefined) return undefined;
  let ms: number;
  try {
    ms = msToNumber(delay as number | string);
  } catch {
    throw new InvalidTaskOutcomeError(definitionId, `controller.continue(state, { delay: ${JSON.stringify(delay)} }): the delay is not a duration. Use milliseconds or a string such as '30s' or '5 minutes'.`);
  }
  if (!Number.isFinite(ms) || ms < 0) {
    throw new InvalidTaskOutcomeError(definitionId, `controller.continue(state, { delay: ${JSON.stringify(delay)} }): the delay must be zero or more.`);
  }
  return ms;
}

function describeValue(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
