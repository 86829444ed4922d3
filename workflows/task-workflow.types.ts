/**
 * Types shared by the task workflow (which runs in Temporal's workflow sandbox) and the task activity (which runs
 * the user's handler). This file must stay free of Node, Nest and non-workflow Temporal imports: the workflow
 * bundle compiles it.
 */
import type { Duration } from '@temporalio/common';

/** A retry policy as it travels inside the workflow input: durations are Temporal duration strings or ms. */
export interface SerializedRetryPolicy {
  initialInterval: Duration;
  backoffCoefficient: number;
  maximumInterval: Duration;
  maximumAttempts: number;
  nonRetryableErrorTypes: string[];
}

/** The activity options of one task, resolved from the definition (and trigger overrides) at trigger time. */
export interface TaskActivityOptions {
  retry: SerializedRetryPolicy;
  startToCloseTimeout: Duration;
  heartbeatTimeout: Duration;
}

/** A durable log line written through `context.log`. */
export interface TaskLogEntry {
  level: 'info' | 'warn' | 'error';
  message: string;
  data?: unknown;
  /** Iteration the line was written in, starting at 1. */
  iteration: number;
  /** Attempt of that iteration the line was written in, starting at 1. */
  attempt: number;
  /** ISO-8601 time the line was written. */
  at: string;
}

/** What the workflow is started with. Built by `TaskService.trigger`. */
export interface TaskWorkflowInput {
  definitionId: string;
  title: string;
  input: unknown;
  activity: TaskActivityOptions;
  maxIterations: number;
  parentId?: string;
  /** ISO-8601 time of the trigger. */
  triggeredAt: string;
  /** Carried across continue-as-new: where the task stands. */
  carry?: TaskCarry;
}

/** Progress carried from one workflow run to the next when the workflow continues as new. */
export interface TaskCarry {
  iteration: number;
  state: unknown;
  logs: TaskLogEntry[];
}

/** What the activity of one iteration receives. */
export interface TaskIterationInput {
  taskId: string;
  definitionId: string;
  title: string;
  input: unknown;
  state: unknown;
  iteration: number;
  maxIterations: number;
  parentId?: string;
  triggeredAt: string;
}

/** How an iteration ended, as returned by the activity. Errors travel as activity failures, not as results. */
export type TaskIterationOutcome =
  | { kind: 'success'; output: unknown; logs: TaskLogEntry[] }
  | { kind: 'continue'; state: unknown; delayMs?: number; logs: TaskLogEntry[] }
  | { kind: 'abort'; reason?: string; logs: TaskLogEntry[] };

/** Name of the Runner's internal activity that asks the server to cancel a task's own workflow (see abort). */
export const CANCEL_SELF_ACTIVITY = '__tasksCancelSelf';

/** The Runner's internal activities, beside one activity per definition. */
export interface TaskInternalActivities {
  [CANCEL_SELF_ACTIVITY](workflowId: string, runId: string): Promise<void>;
}

/** Memo key under which the workflow records why a task was aborted from inside. */
export const ABORT_REASON_MEMO_KEY = 'taskAbortReason';

/** `ApplicationFailure.type` of the failure raised when a task runs past its `maxIterations`. */
export const MAX_ITERATIONS_FAILURE_TYPE = 'TaskMaxIterationsExceeded';

/** `ApplicationFailure.type` of the failure raised when the workflow itself hits an unexpected error. */
export const WORKFLOW_INTERNAL_FAILURE_TYPE = 'TaskWorkflowError';
