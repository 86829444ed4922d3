import { defineQuery, defineSignal } from '@temporalio/workflow';
import type { TaskLogEntry } from './task-workflow.types';

/** Query: the durable logs of the task so far. */
export const taskLogsQuery = defineQuery<TaskLogEntry[]>('taskLogs');

/** Query: the iteration the task is in (starting at 1). */
export const taskIterationQuery = defineQuery<number>('taskIteration');

/** Signal: records why a task is being aborted from outside, just before its cancellation is requested. */
export const abortReasonSignal = defineSignal<[string]>('taskAbortReason');
