import type { WorkflowClient } from '@temporalio/client';
import { abortReasonSignal } from '../../workflows/task-workflow.messages';

/**
 * Asks a task to stop, as `TaskService.abort` does: the reason first (the workflow records it in its memo), then the
 * cancellation request, which ends the workflow canceled after its `onAbort` hook. Also used by the Runner's activity
 * that aborts a parent's `onParentEnd: 'abort'` children. Throws what the client throws (`WorkflowNotFoundError` for
 * a task that has ended or does not exist).
 */
export async function requestTaskAbort(client: WorkflowClient, taskId: string, reason?: string): Promise<void> {
  const handle = client.getHandle(taskId);
  if (reason !== undefined) await handle.signal(abortReasonSignal, reason);
  await handle.cancel();
}
