import type { Client, WorkflowStartOptions } from '@temporalio/client';
import { taskDebounceSignal, type TaskDebounceTrigger } from '../../workflows/task-debounce.messages';

/** What starting a task's workflow returns that `TaskService` uses. */
interface StartedTask {
  firstExecutionRunId: string;
  eagerlyStarted: boolean;
}

/**
 * Starts a task's workflow, or, for a debounced trigger, signals-with-start it: in one call the server either starts
 * the task with the trigger recorded as its first signal, or records the trigger on the task that holds the key (a
 * task waiting for its triggers to stop, or a running one, which keeps it for a new cycle). It needs no worker, and
 * concurrent triggers from any process land on one task. A running task is always signaled (`USE_EXISTING`); the
 * reuse policy decides whether an ended one's key starts a new task.
 */
export async function startOrSignalTask(client: Client, workflowType: string, trigger: TaskDebounceTrigger | undefined, options: WorkflowStartOptions): Promise<StartedTask> {
  if (!trigger) return client.workflow.start(workflowType, options);
  // The input travels once, in the signal: the waiting run takes it from there, so the start carries none (a payload
  // near the size limit is not sent, nor stored, twice).
  const { requestEagerStart: _eager, args: _input, ...rest } = options;
  const handle = await client.workflow.signalWithStart(workflowType, { ...rest, args: [], workflowIdConflictPolicy: 'USE_EXISTING', signal: taskDebounceSignal, signalArgs: [trigger] });
  return { firstExecutionRunId: handle.signaledRunId, eagerlyStarted: false };
}
