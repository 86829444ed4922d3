import { msToNumber } from '@temporalio/common/lib/time';
import { InvalidTaskOutcomeError } from '../src/errors/invalid-task-outcome.error';
import { TaskOutcome, type TaskOutcomeData } from '../src/task-outcome';
import type { TaskController, TaskWaitForOptions } from '../src/task.interfaces';

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
    waitFor: (name, options = {}) => outcome(checkWaitFor(definitionId, name, options)),
  };
  return {
    controller,
    get built() {
      return built;
    },
  };
}

/** Longest message name, as `TaskService.send` checks it too. */
export const MAX_MESSAGE_NAME_LENGTH = 200;

/** A `waitFor`'s outcome: a message name, an optional timeout above zero, and the state when one is given. */
function checkWaitFor(definitionId: string, name: unknown, options: TaskWaitForOptions): TaskOutcomeData {
  if (typeof name !== 'string' || name.length === 0 || name.length > MAX_MESSAGE_NAME_LENGTH) {
    throw new InvalidTaskOutcomeError(definitionId, `controller.waitFor(${JSON.stringify(name)}): the message name must be a string of 1 to ${MAX_MESSAGE_NAME_LENGTH} characters, as TaskService.send(taskId, name, payload) sends it.`);
  }
  let timeoutMs: number | undefined;
  if (options.timeout !== undefined) {
    try {
      timeoutMs = msToNumber(options.timeout);
    } catch {
      timeoutMs = Number.NaN;
    }
    if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) {
      throw new InvalidTaskOutcomeError(definitionId, `controller.waitFor(${JSON.stringify(name)}, { timeout: ${JSON.stringify(options.timeout)} }): the timeout must be a duration above zero, e.g. '10 minutes', or left out to wait for as long as it takes.`);
    }
  }
  const keepsState = options.state === undefined;
  return { kind: 'wait', name, keepsState, ...(keepsState ? {} : { state: options.state }), ...(timeoutMs === undefined ? {} : { timeoutMs }) };
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
