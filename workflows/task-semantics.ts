/**
 * What a task's events mean, as plain functions over plain data: the one place that decides what an iteration's
 * outcome leads to (the next iteration, the end and its hook, the maxIterations failure), how a failed attempt is
 * retried, and what a task keeps (its logs, its children's results). The task workflow calls these on Temporal, and
 * the in-memory engine of `nestjs-temporal-tasks/testing` calls the same ones, so the two cannot drift apart.
 *
 * Imported by the workflow bundle: nothing here may touch Node, Nest, timers or the workflow APIs. Temporal-only
 * concerns (timers, activities, cancellation scopes, continue-as-new) stay in the workflow.
 */
import { msToNumber } from '@temporalio/common/lib/time';
import {
  MAX_ITERATIONS_FAILURE_TYPE,
  MAX_KEPT_LOG_ENTRIES,
  TASK_RUN_DEFAULTS,
  type SerializedRetryPolicy,
  type TaskChildResult,
  type TaskHookName,
  type TaskIterationOutcome,
  type TaskLogEntry,
  type TaskProgress,
  type TaskSettings,
} from './task-workflow.types';

/** A task's run settings with the library's defaults applied: what the workflow reads from the task's memo. */
export interface TaskRunSettings {
  title: string;
  maxIterations: number;
  hooks: readonly TaskHookName[];
  retry: SerializedRetryPolicy;
  timeout: string | number;
}

/** The settings a task runs with: those recorded at trigger time (`TaskSettings`), the library's defaults for the rest. */
export function resolveRunSettings(settings: TaskSettings, definitionId: string): TaskRunSettings {
  return {
    title: settings.title ?? definitionId,
    maxIterations: settings.maxIterations ?? TASK_RUN_DEFAULTS.maxIterations,
    hooks: settings.hooks ?? [],
    retry: { ...TASK_RUN_DEFAULTS.retry, ...settings.retry } as SerializedRetryPolicy,
    timeout: settings.timeout ?? (settings.local ? TASK_RUN_DEFAULTS.localTimeout : TASK_RUN_DEFAULTS.timeout),
  };
}

/** What comes after an iteration that returned an outcome (errors are failures: see `retryDecision`). */
export type TaskNextStep =
  | { kind: 'success'; hook: 'onDone'; output: unknown }
  | { kind: 'abort'; reason?: string }
  | { kind: 'maxIterations'; hook: 'onMaxIterations'; state: unknown; error: { message: string; type: string } }
  | { kind: 'next'; state: unknown; iteration: number; waitForChildren: boolean; delayMs: number; waitFor?: { name: string; timeoutMs?: number } };

/** Where a task stands when an iteration ends. */
export interface TaskPosition {
  taskId: string;
  definitionId: string;
  iteration: number;
  maxIterations: number;
  /** The state the iteration ran with: a `waitFor` without a state keeps it. */
  state?: unknown;
}

/**
 * What an iteration's outcome leads to: success ends the task (onDone), abort ends it canceled (onAbort), continue
 * runs the next iteration with the new state after its wait, unless that iteration would be past `maxIterations`,
 * which fails the task (onMaxIterations) without retries. A `waitFor` counts as a continue whose next iteration waits
 * for a message (`waitFor`) first.
 */
export function nextStep(outcome: TaskIterationOutcome, at: TaskPosition): TaskNextStep {
  if (outcome.kind === 'success') return { kind: 'success', hook: 'onDone', output: outcome.output };
  if (outcome.kind === 'abort') return { kind: 'abort', reason: outcome.reason };
  // A wait is a continue whose next iteration starts when a message arrives (or its timeout passes).
  if (outcome.kind === 'wait') {
    const state = 'state' in outcome ? outcome.state : at.state;
    const step = nextStep({ kind: 'continue', state, attempt: outcome.attempt }, at);
    const { name, timeoutMs } = outcome;
    return step.kind === 'next' ? { ...step, waitFor: timeoutMs === undefined ? { name } : { name, timeoutMs } } : step;
  }
  if (at.iteration >= at.maxIterations) {
    const message = `Task ${at.taskId} asked for iteration ${at.iteration + 1}, past its limit of maxIterations = ${at.maxIterations}. Raise maxIterations on the definition "${at.definitionId}" or do more work per iteration.`;
    return { kind: 'maxIterations', hook: 'onMaxIterations', state: outcome.state, error: { message, type: MAX_ITERATIONS_FAILURE_TYPE } };
  }
  return {
    kind: 'next',
    state: outcome.state,
    iteration: at.iteration + 1,
    waitForChildren: outcome.waitForChildren === true,
    delayMs: outcome.delayMs !== undefined && outcome.delayMs > 0 ? outcome.delayMs : 0,
  };
}

/** A failed attempt, as the retry policy sees it. */
export interface TaskAttemptFailure {
  type: string;
  /** `retryable: false`, a broken contract, a payload over the limit. */
  nonRetryable: boolean;
}

/**
 * Whether a failed attempt is tried again, and after how long, under the definition's retry policy: Temporal's own
 * rule (the server applies it to the task's activities; the in-memory engine applies it itself). The wait is
 * `initialInterval * backoffCoefficient^(attempt - 1)`, at most `maximumInterval`.
 */
export function retryDecision(
  failure: TaskAttemptFailure,
  attempt: number,
  policy: SerializedRetryPolicy,
): { retry: true; backoffMs: number } | { retry: false; retryable: boolean } {
  const retryable = !failure.nonRetryable && !policy.nonRetryableErrorTypes.includes(failure.type);
  if (!retryable || attempt >= policy.maximumAttempts) return { retry: false, retryable };
  const backoffMs = Math.min(
    msToNumber(policy.initialInterval) * policy.backoffCoefficient ** (attempt - 1),
    msToNumber(policy.maximumInterval),
  );
  return { retry: true, backoffMs };
}

/** The hook a task's end runs, by how it ended. */
export const END_HOOKS = {
  success: 'onDone',
  failed: 'onError',
  aborted: 'onAbort',
  maxIterations: 'onMaxIterations',
} as const satisfies Record<string, TaskHookName>;

/** Whether a hook runs at the end: only those the definition implements. */
export function runsHook(hooks: readonly TaskHookName[], hook: TaskHookName): boolean {
  return hooks.includes(hook);
}

/**
 * Whether a task's end must record where it stood (iteration, progress, attempts, children) in its memo: all but the
 * common end (success in one iteration, first attempt, no progress, no children), which readers assume without one.
 */
export function endNeedsRecord(end: {
  hook: TaskHookName;
  iteration: number;
  attempts: number;
  progress?: TaskProgress;
  children: readonly string[];
}): boolean {
  return !(end.hook === 'onDone' && end.iteration === 1 && end.attempts === 1 && end.progress === undefined && end.children.length === 0);
}

/** The task's logs after an attempt's lines: the newest `MAX_KEPT_LOG_ENTRIES`, oldest first. */
export function keepLogs(logs: TaskLogEntry[], entries: readonly TaskLogEntry[] | undefined): TaskLogEntry[] {
  if (!entries?.length) return logs;
  logs.push(...entries);
  return logs.length > MAX_KEPT_LOG_ENTRIES ? logs.slice(-MAX_KEPT_LOG_ENTRIES) : logs;
}

/** Records a child's end once (a child may report twice, e.g. after a retried signal). */
export function recordChildResult(childResults: TaskChildResult[], result: TaskChildResult): void {
  if (!childResults.some((known) => known.id === result.id)) childResults.push(result);
}

/** True once every child triggered so far has ended: what `continue(state, { waitForChildren: true })` waits for. */
export function childrenFinished(children: readonly string[], childResults: readonly TaskChildResult[]): boolean {
  return children.every((id) => childResults.some((result) => result.id === id));
}
