/**
 * Types shared by the task workflow (which runs in Temporal's workflow sandbox), the task activities (which run the
 * user's handler) and the Nest side. This file must stay free of Node, Nest and non-workflow Temporal imports: the
 * workflow bundle compiles it.
 */
import { defineSearchAttributeKey, type Duration } from '@temporalio/common';

/** Search attribute: the task's definition id. */
export const TASK_DEFINITION_SEARCH_ATTRIBUTE = defineSearchAttributeKey('TaskDefinition', 'KEYWORD');
/** Search attribute: the task's status as the library sees it (`pending`, `running`, `success`, `failed`, `aborted`). */
export const TASK_STATUS_SEARCH_ATTRIBUTE = defineSearchAttributeKey('TaskStatus', 'KEYWORD');
/** Search attribute: id of the task that triggered this one. */
export const TASK_PARENT_SEARCH_ATTRIBUTE = defineSearchAttributeKey('TaskParentId', 'KEYWORD');

/** A task's status. */
export type TaskStatus = 'pending' | 'running' | 'success' | 'failed' | 'aborted';

/** A retry policy as it travels inside the workflow input. */
export interface SerializedRetryPolicy {
  initialInterval: Duration;
  backoffCoefficient: number;
  maximumInterval: Duration;
  maximumAttempts: number;
  nonRetryableErrorTypes: string[];
}

/** The activity options of one task, resolved from the definition and the trigger's overrides at trigger time. */
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

/** Progress reported through `context.progress(value, details)`. */
export interface TaskProgress {
  /** A number the task chooses, typically a percentage or a count of items done. */
  value: number;
  details?: unknown;
}

/** How a child task ended, as its parent sees it. */
export interface TaskChildResult {
  id: string;
  status: 'success' | 'failed' | 'aborted';
  output?: unknown;
  error?: { message: string; type: string };
}

/** A definition's lifecycle hooks. */
export type TaskHookName = 'onDone' | 'onError' | 'onAbort' | 'onMaxIterations';

/** What the workflow is started with. Built by `TaskService.trigger`. */
export interface TaskWorkflowInput {
  definitionId: string;
  title: string;
  input: unknown;
  activity: TaskActivityOptions;
  maxIterations: number;
  /** The hooks the definition implements, so the workflow schedules only those. */
  hooks: TaskHookName[];
  parentId?: string;
  /** ISO-8601 time of the trigger; absent for tasks a Temporal Schedule starts, which take their start time. */
  triggeredAt?: string;
  /** Carried across continue-as-new: where the task stands. */
  carry?: TaskCarry;
}

/** Where a task stands, carried from one workflow run to the next when the workflow continues as new. */
export interface TaskCarry {
  iteration: number;
  state: unknown;
  logs: TaskLogEntry[];
  progress?: TaskProgress;
  children: string[];
  childResults: TaskChildResult[];
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
  /** Children that have finished so far. */
  childResults: TaskChildResult[];
}

/** What every outcome carries besides its kind. */
interface OutcomeCommon {
  logs: TaskLogEntry[];
  attempt: number;
  progress?: TaskProgress;
  /** Ids of the child tasks triggered in this iteration. */
  children: string[];
}

/** How an iteration ended, as returned by the activity. Errors travel as activity failures, not as results. */
export type TaskIterationOutcome = OutcomeCommon &
  (
    | { kind: 'success'; output: unknown }
    | { kind: 'continue'; state: unknown; delayMs?: number; waitForChildren?: boolean }
    | { kind: 'abort'; reason?: string }
  );

/** What an iteration's failure carries in its details, after the handler's own details. */
export interface TaskFailureMeta {
  logs: TaskLogEntry[];
  attempt: number;
}

/** A task as its hooks see it, at its end. */
export interface TaskSnapshot {
  id: string;
  definitionId: string;
  title: string;
  input: unknown;
  state: unknown;
  iteration: number;
  parentId?: string;
  output?: unknown;
  error?: { message: string; type: string };
  abortReason?: string;
}

/** Name of the Runner's internal activity that asks the server to cancel a task's own workflow (see abort). */
export const CANCEL_SELF_ACTIVITY = '__tasksCancelSelf';
/** Name of the Runner's internal activity that runs a definition's hook. */
export const RUN_HOOK_ACTIVITY = '__tasksRunHook';

/** The Runner's internal activities, beside one activity per definition. */
export interface TaskInternalActivities {
  [CANCEL_SELF_ACTIVITY](workflowId: string, runId: string): Promise<void>;
  [RUN_HOOK_ACTIVITY](definitionId: string, hook: TaskHookName, task: TaskSnapshot): Promise<TaskLogEntry[]>;
}

/** Memo keys the workflow keeps current, so a task can be read without a worker. */
export const MEMO = {
  abortReason: 'taskAbortReason',
  iteration: 'taskIteration',
  progress: 'taskProgress',
  attempts: 'taskAttempts',
  triggeredAt: 'taskTriggeredAt',
  children: 'taskChildren',
} as const;

/** `ApplicationFailure.type` of the failure raised when a task runs past its `maxIterations`. */
export const MAX_ITERATIONS_FAILURE_TYPE = 'TaskMaxIterationsExceeded';

/** `ApplicationFailure.type` of the failure raised when the workflow itself hits an unexpected error. */
export const WORKFLOW_INTERNAL_FAILURE_TYPE = 'TaskWorkflowError';

/** Most log lines a task keeps; older lines are dropped first, so that long tasks keep a bounded history. */
export const MAX_KEPT_LOG_ENTRIES = 1000;
