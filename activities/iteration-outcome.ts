import { ApplicationFailure } from '@temporalio/common';
import { findUnserializable } from '../src/definition/find-unserializable';
import { InvalidTaskOutcomeError } from '../src/errors/invalid-task-outcome.error';
import { TaskPayloadTooLargeError } from '../src/errors/task-payload-too-large.error';
import { TaskOutcome } from '../src/task-outcome';
import type { TaskFailureMeta, TaskWaitOutcome } from '../workflows/task-workflow.types';

/**
 * What an attempt's end means for the Runner's activity and for the in-memory engine of
 * `nestjs-temporal-tasks/testing` alike: `run`'s result checked against the Controller's contract, and every
 * failure as the ApplicationFailure Temporal records.
 */

export type OutcomeKind =
  | { kind: 'success'; output: unknown }
  | { kind: 'continue'; state: unknown; delayMs?: number; waitForChildren?: boolean }
  | { kind: 'abort'; reason?: string }
  | TaskWaitOutcome;

/**
 * What `run` returned, checked against the contract: it must be the outcome the Controller built in this iteration.
 * Anything else (nothing included: a Controller called without `return`) fails the task at once.
 */
export function toOutcome(definitionId: string, result: unknown, built: TaskOutcome | undefined): OutcomeKind {
  if (result !== built || !TaskOutcome.is(result)) {
    const returned = result === undefined ? 'nothing' : TaskOutcome.is(result) ? 'an outcome of another iteration' : describe(result);
    const problem = built
      ? `run() called controller.${built.data.kind}(...) but returned ${returned}: return the Controller's result, e.g. \`return controller.${built.data.kind}(...)\`.`
      : `run() returned ${returned} without calling the Controller: end every iteration with \`return controller.success(output)\` (or continue, abort, error).`;
    throw new InvalidTaskOutcomeError(definitionId, problem);
  }
  const { data } = result;
  // Temporal would silently drop what JSON cannot hold: refuse it, naming where it is.
  const carried =
    data.kind === 'success'
      ? findUnserializable(data.output, 'output')
      : data.kind === 'continue' || data.kind === 'wait'
        ? findUnserializable(data.state, 'state')
        : undefined;
  if (carried) {
    throw new InvalidTaskOutcomeError(definitionId, `${carried.path} ${carried.problem}. Outputs and states must be plain JSON data.`);
  }
  switch (data.kind) {
    case 'success':
      return { kind: 'success', output: data.output };
    case 'abort':
      return { kind: 'abort', reason: data.reason };
    case 'continue':
      return { kind: 'continue', state: data.state, delayMs: data.delayMs, waitForChildren: data.waitForChildren };
    case 'wait':
      return {
        kind: 'wait',
        name: data.name,
        ...(data.keepsState ? {} : { state: data.state }),
        ...(data.timeoutMs === undefined ? {} : { timeoutMs: data.timeoutMs }),
      };
    case 'error':
      throw ApplicationFailure.create({
        message: data.error.message,
        type: data.error.name,
        nonRetryable: !data.retryable,
        details: [data.details ?? null],
        cause: data.error,
      });
  }
}

/**
 * The failure an attempt ends with. Its details carry the handler's own details first, then the attempt's logs and
 * number, so the lines a failing attempt wrote are not lost. A broken Controller contract would break the same way
 * on every retry, so it fails the task at once.
 */
export function toFailure(err: unknown, meta: TaskFailureMeta): unknown {
  if (err instanceof ApplicationFailure) {
    return ApplicationFailure.create({
      message: err.message,
      type: err.type ?? 'Error',
      nonRetryable: err.nonRetryable ?? false,
      details: [err.details?.[0] ?? null, meta],
      cause: err.cause,
    });
  }
  if (err instanceof Error) {
    if (err.name === 'CancelledFailure') return err;
    return ApplicationFailure.create({
      message: err.message,
      type: err.name,
      // A broken contract, or a payload over the limit, would break the same way on every retry.
      nonRetryable: err instanceof InvalidTaskOutcomeError || err instanceof TaskPayloadTooLargeError,
      details: [null, meta],
      cause: err,
    });
  }
  // A thrown string or object: keep what it says, and the attempt's logs and number, like for any Error.
  return ApplicationFailure.create({ message: nonErrorMessage(err), type: NON_ERROR_FAILURE_TYPE, details: [null, meta] });
}

/** `ApplicationFailure.type` of a failure whose handler threw something that is not an Error. */
const NON_ERROR_FAILURE_TYPE = 'NonErrorThrown';

function nonErrorMessage(value: unknown): string {
  if (typeof value === 'string') return value;
  const message = (value as { message?: unknown } | null)?.message;
  if (typeof message === 'string') return message;
  try {
    return `threw ${JSON.stringify(value)?.slice(0, 1000) ?? String(value)}`;
  } catch {
    return `threw ${String(value)}`;
  }
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? `an object (${Object.keys(value).slice(0, 3).join(', ') || 'no keys'})` : `a ${typeof value}`;
}
