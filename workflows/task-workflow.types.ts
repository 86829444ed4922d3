/**
 * Types shared by the task workflow (which runs in Temporal's workflow sandbox), the task activities (which run the
 * user's handler) and the Nest side. This file must stay free of Node, Nest and non-workflow Temporal imports: the
 * workflow bundle compiles it.
 */
import { defineSearchAttributeKey, type Duration } from '@temporalio/common';
import type { TaskDebounceTiming } from './task-debounce-timing';
import type { TaskLateTriggers } from './task-debounce.messages';

/** Search attribute: the task's definition id. */
export const TASK_DEFINITION_SEARCH_ATTRIBUTE = defineSearchAttributeKey('TaskDefinition', 'KEYWORD');
/**
 * Search attribute: `pending` while a task triggered with a delay waits for its start time; removed when it starts.
 * `waiting` while a task waits for a message (`controller.waitFor`); removed when it resumes.
 * (Every other status is Temporal's own: an open task that has started is running, a closed one has its execution
 * status.)
 */
export const TASK_STATUS_SEARCH_ATTRIBUTE = defineSearchAttributeKey('TaskStatus', 'KEYWORD');
/** Search attribute: id of the task that triggered this one. */
export const TASK_PARENT_SEARCH_ATTRIBUTE = defineSearchAttributeKey('TaskParentId', 'KEYWORD');

/** A task's status. */
export type TaskStatus = 'pending' | 'running' | 'waiting' | 'success' | 'failed' | 'aborted';

/** A retry policy, with durations as Temporal takes them. */
export interface SerializedRetryPolicy {
  initialInterval: Duration;
  backoffCoefficient: number;
  maximumInterval: Duration;
  maximumAttempts: number;
  nonRetryableErrorTypes: string[];
}

/**
 * The library's defaults of a definition's run settings. The workflow falls back to them for every setting a task
 * does not carry in its memo, so a task of a definition that keeps the defaults carries no settings at all. Changing
 * one is a change of the workflow's behaviour for tasks already running (see docs/management.md, upgrades).
 */
export const TASK_RUN_DEFAULTS = {
  retry: {
    maximumAttempts: 3,
    initialInterval: '1s',
    backoffCoefficient: 2,
    maximumInterval: '1 minute',
    nonRetryableErrorTypes: [] as string[],
  },
  timeout: '10 minutes',
  /** The timeout of a local definition's iterations (`@Task({ local: true })`), short as local activities must be. */
  localTimeout: '10 seconds',
  // Ten of the Runner's 1-second heartbeats: a crashed worker's task runs again about 11 s later (this timeout plus
  // the first retry interval), while a healthy one may miss nine beats in a row (GC pauses, a busy event loop).
  heartbeatTimeout: '10 seconds',
  maxIterations: 50,
} as const;

/**
 * What the workflow needs to run a task, beyond its input, where it differs from the defaults (`TASK_RUN_DEFAULTS`,
 * and the definition id for the title): recorded in the task's memo (`MEMO.settings`) at trigger time, so that the
 * workflow input is the user's input alone and a task of a definition with default settings carries none.
 */
export interface TaskSettings {
  /** @default the definition id */
  title?: string;
  /** Fields of the retry policy that differ from the defaults. */
  retry?: Partial<SerializedRetryPolicy>;
  timeout?: Duration;
  heartbeatTimeout?: Duration;
  maxIterations?: number;
  /** The hooks the definition implements, so the workflow schedules only those. @default none */
  hooks?: TaskHookName[];
  /**
   * Iterations run as local activities (`@Task({ local: true })` with a short enough timeout); the timeout then
   * defaults to `TASK_RUN_DEFAULTS.localTimeout`. @default false
   */
  local?: true;
  /**
   * ISO-8601 time by which the task must have ended (the trigger's `deadline`, or the definition's counted from the
   * trigger): past it the task fails with `TaskDeadlineExceeded` (see task-deadline.ts). @default none
   */
  deadline?: string;
  /**
   * The definition's `deadline` where no trigger resolved it (a schedule's tasks): counted from the trigger time.
   * @default none
   */
  deadlineAfter?: Duration;
  /** A debounced task's timing (`trigger(..., { debounce })`): it waits for its triggers to stop first. @default none */
  debounce?: TaskDebounceTiming;
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

/**
 * Where a task stands, carried from one workflow run to the next when the workflow continues as new: the second
 * argument of every run after the first (the first is the task's input). Logs are not carried: each run's history
 * holds its own, and `TaskService.logs` reads them run by run.
 */
export interface TaskCarry {
  iteration: number;
  state: unknown;
  /** ISO-8601 time of the trigger. */
  triggeredAt: string;
  progress?: TaskProgress;
  children: string[];
  childResults: TaskChildResult[];
  /** Messages received and not yet taken, and the message ids seen; absent when the task never received one. */
  mailbox?: TaskMailbox;
  /** Of `children`, those triggered with `onParentEnd: 'abort'`; absent in carries of older versions. */
  abortChildren?: string[];
  /** Debounced triggers that arrived after the task started, for a new cycle once it ends. */
  lateTriggers?: TaskLateTriggers;
}

/** What the activity of one iteration receives; the rest (task id, definition, title) it knows from its worker. */
export interface TaskIterationInput {
  input: unknown;
  /** The state of the previous iteration's `continue`; absent in the first. */
  state?: unknown;
  iteration: number;
  /** ISO-8601 time of the trigger. */
  triggeredAt: string;
  parentId?: string;
  /** Children that have finished so far; absent when none has. */
  childResults?: TaskChildResult[];
  /** The message the previous iteration's `waitFor` took; absent after a timeout, and when it did not wait. */
  received?: TaskReceivedMessage;
}

/** What every outcome carries besides its kind. Empty lists are left out, to keep each result small. */
interface OutcomeCommon {
  logs?: TaskLogEntry[];
  attempt: number;
  progress?: TaskProgress;
  /** Ids of the child tasks triggered in this iteration. */
  children?: string[];
  /** Of `children`, those triggered with `onParentEnd: 'abort'`: aborted when this task ends. */
  abortChildren?: string[];
}

/** How an iteration ended, as returned by the activity. Errors travel as activity failures, not as results. */
export type TaskIterationOutcome = OutcomeCommon &
  (
    | { kind: 'success'; output: unknown }
    | { kind: 'continue'; state: unknown; delayMs?: number; waitForChildren?: boolean }
    | { kind: 'abort'; reason?: string }
    | TaskWaitOutcome
  );

/** `controller.waitFor(name, { timeout, state })`: no `state` key keeps the iteration's own state. */
export interface TaskWaitOutcome {
  kind: 'wait';
  name: string;
  state?: unknown;
  timeoutMs?: number;
}

/** A message as the workflow keeps it in its mailbox (see workflows/task-mailbox.ts). */
export interface TaskMailboxMessage {
  name: string;
  payload: unknown;
  /** ISO-8601 time the workflow received it. */
  receivedAt: string;
  /** The sender's message id (`send(..., { messageId })`), when it gave one. */
  id?: string;
}

/** What an iteration sees of the message its previous iteration waited for: `context.received`, with an ISO time. */
export type TaskReceivedMessage = Pick<TaskMailboxMessage, 'name' | 'payload' | 'receivedAt'>;

/** Messages received and not yet taken, oldest first, and the ids of the latest messages seen (bounded). */
export interface TaskMailbox {
  messages: TaskMailboxMessage[];
  seenIds: string[];
}

/** What `TaskService.send` signals (`taskMessage`). */
export interface TaskMessageSignal {
  name: string;
  payload: unknown;
  id?: string;
}

/** What an iteration's failure carries in its details, after the handler's own details. */
export interface TaskFailureMeta {
  logs: TaskLogEntry[];
  attempt: number;
  /** Children the failed attempt triggered with `onParentEnd: 'abort'`, so that the task's end aborts them too. */
  abortChildren?: string[];
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

/**
 * Patch id (`patched()`) of local iterations: recorded once, in the first workflow task, by a task whose iterations
 * run as local activities, so that a history begun without it (by an older worker) replays as it was begun.
 */
export const LOCAL_ITERATIONS_PATCH = 'nestjs-temporal-tasks/local-iterations';

/**
 * Longest `timeout` with which a local definition's iterations still run as local activities; with a longer one they
 * run as regular activities. A local activity holds its workflow task open while it runs, and past about 80% of the
 * workflow task timeout (10 s by default) the worker must renew it, which costs history events and is also the only
 * moment an abort can reach it.
 */
export const LOCAL_ITERATION_MAX_TIMEOUT = '10 seconds';

/** Name of the Runner's internal activity that asks the server to cancel a task's own workflow (see abort). */
export const CANCEL_SELF_ACTIVITY = '__tasksCancelSelf';
/** Name of the Runner's internal activity that runs a definition's hook. */
export const RUN_HOOK_ACTIVITY = '__tasksRunHook';
/**
 * Name of the Runner's internal activity that aborts a task's `onParentEnd: 'abort'` children when the task ends, as
 * `TaskService.abort` does (the reason names the parent); a child that has already ended is skipped.
 */
export const ABORT_CHILDREN_ACTIVITY = '__tasksAbortChildren';

/** The Runner's internal activities, beside one activity per definition. */
export interface TaskInternalActivities {
  [CANCEL_SELF_ACTIVITY](workflowId: string, runId: string): Promise<void>;
  [RUN_HOOK_ACTIVITY](definitionId: string, hook: TaskHookName, task: TaskSnapshot): Promise<TaskLogEntry[]>;
  [ABORT_CHILDREN_ACTIVITY](childIds: string[], reason: string): Promise<void>;
}

/** Memo keys of the library: a task's settings, and what the workflow keeps current so a task can be read without a worker. */
export const MEMO = {
  settings: 'taskSettings',
  abortReason: 'taskAbortReason',
  iteration: 'taskIteration',
  progress: 'taskProgress',
  attempts: 'taskAttempts',
  /** The trigger time, for runs after the first (continue-as-new): a first run's start time is its trigger time. */
  triggeredAt: 'taskTriggeredAt',
  children: 'taskChildren',
  /** While the task waits for a message: `{ name, until? }` (ISO time); null once it resumed. */
  waitingFor: 'taskWaitingFor',
  /** Messages received and not yet taken, without their payloads: `[{ name, receivedAt, id? }]`; null when none. */
  messages: 'taskMessages',
  /** While a debounced task waits for its triggers to stop: when it is expected to start (ISO-8601). */
  debounceStartAt: 'taskDebounceStartAt',
} as const;

/** `ApplicationFailure.type` of the failure raised when a task runs past its `maxIterations`. */
export const MAX_ITERATIONS_FAILURE_TYPE = 'TaskMaxIterationsExceeded';

/** `ApplicationFailure.type` of the failure raised when the workflow itself hits an unexpected error. */
export const WORKFLOW_INTERNAL_FAILURE_TYPE = 'TaskWorkflowError';

/** Most log lines a task keeps; older lines are dropped first, so that long tasks keep a bounded history. */
export const MAX_KEPT_LOG_ENTRIES = 1000;
