import type { Client } from '@temporalio/client';
import { decodeFromPayloadsAtIndex } from '@temporalio/common/lib/internal-non-workflow';
import { taskDebounceSignal, type TaskDebounceTrigger } from '../../workflows/task-debounce.messages';
import { MEMO } from '../../workflows/task-workflow.types';
import type { TaskInfo } from './task-info';

/**
 * What `get()` says of a debounced task that waits for its triggers to stop: the input of its latest trigger (the
 * last debounce signal of its run, decoded as Temporal stored it, codecs included; none yet in a run that a late
 * trigger opened, whose input is its start's) and its expected start, which the workflow keeps in its memo.
 * The run's history is short then: its start, a memo change and a timer per trigger.
 */
export async function debouncedTaskInput(client: Client, taskId: string, runId: string, memo: Record<string, unknown>): Promise<Partial<Pick<TaskInfo, 'input' | 'startAt'>>> {
  const found: Partial<Pick<TaskInfo, 'input' | 'startAt'>> = {};
  const startAt = memo[MEMO.debounceStartAt];
  if (typeof startAt === 'string') found.startAt = new Date(startAt);
  const events = (await client.workflow.getHandle(taskId, runId).fetchHistory()).events ?? [];
  const signal = events.filter((event) => event.workflowExecutionSignaledEventAttributes?.signalName === taskDebounceSignal.name).pop()?.workflowExecutionSignaledEventAttributes;
  if (signal?.input?.payloads) {
    const trigger = await decodeFromPayloadsAtIndex<TaskDebounceTrigger>(client.options.loadedDataConverter, 0, signal.input.payloads);
    found.input = trigger.input;
  }
  return found;
}
