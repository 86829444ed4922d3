import { defineQuery, defineSignal } from '@temporalio/workflow';
import type { TaskChildResult, TaskLogEntry, TaskMessageSignal, TaskProgress } from './task-workflow.types';

/** What the `taskState` query answers while a task runs. */
export interface TaskLiveState {
  iteration: number;
  progress?: TaskProgress;
  logs: TaskLogEntry[];
  children: string[];
  childResults: TaskChildResult[];
}

/** Query: where a running task stands. */
export const taskStateQuery = defineQuery<TaskLiveState>('taskState');

/** Signal: records why a task is being aborted from outside, just before its cancellation is requested. */
export const abortReasonSignal = defineSignal<[string]>('taskAbortReason');

/**
 * Signal: sent by a running attempt to its own task when it has triggered a child with `onParentEnd: 'abort'`, so
 * that the task's end aborts that child even when the attempt never returns (the task was aborted or passed its
 * deadline meanwhile).
 */
export const abortChildOnEndSignal = defineSignal<[string]>('taskAbortChildOnEnd');

/** Signal: sent by a child task to its parent when the child ends. */
export const childFinishedSignal = defineSignal<[TaskChildResult]>('taskChildFinished');

/**
 * Signal: a message for the task, sent by `TaskService.send`; kept in the task's mailbox until `controller.waitFor`
 * takes it. A signal rather than an Update: the server records it even while no worker runs.
 */
export const taskMessageSignal = defineSignal<[TaskMessageSignal]>('taskMessage');
