import { CancellationScope, sleep, workflowInfo } from '@temporalio/workflow';
import { taskDeadlineMs } from './task-deadline';
import type { TaskDebounceCycle } from './task-debounce.messages';
import { MEMO, type TaskCarry, type TaskSettings } from './task-workflow.types';
import { taskWorkflow } from './task.workflow';

/**
 * The task workflow, bounded by the task's deadline when it has one: the whole task (iterations, their retries and
 * backoffs, delays, waits for children) runs in a cancellation scope that a timer to the deadline cancels. The task
 * workflow then sees the cancellation past its deadline and ends failed (`TaskDeadlineExceeded`), after its `onError`
 * hook and the abort of its `'abort'` children, which run shielded from it. A task without a deadline runs as before,
 * with no scope and no timer, so the histories of tasks without one are unchanged.
 */
export function boundedTaskWorkflow(input: unknown, carry?: TaskCarry, cycle?: TaskDebounceCycle): Promise<unknown> {
  const info = workflowInfo();
  const settings = (info.memo?.[MEMO.settings] ?? {}) as TaskSettings;
  const deadlineMs = taskDeadlineMs(settings, carry?.triggeredAt ?? cycle?.firstAt ?? info.startTime.toISOString());
  if (deadlineMs === undefined) return taskWorkflow(input, carry, cycle);
  const scope = new CancellationScope();
  // Workflow time: the same on replay. A deadline already passed (a delay as long as it) cancels before anything runs.
  const remainingMs = deadlineMs - Date.now();
  if (remainingMs <= 0) scope.cancel();
  // The timer is in the workflow's root scope: an abort of the task cancels it too, which is not an expiry.
  else void sleep(remainingMs).then(() => scope.cancel(), () => undefined);
  return scope.run(() => taskWorkflow(input, carry, cycle));
}
