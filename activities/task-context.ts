import type { Context as ActivityContext } from '@temporalio/activity';
import type { TaskIterationInput } from '../workflows/task-workflow.types';
import type { TaskContext, TaskLogger } from '../src/task.interfaces';

const DEFAULT_CLOSE_TO_TIMEOUT_MS = 10_000;

/** The operations the activity lends the Context; the Context adds the task's data. */
export type TaskContextOperations = Pick<TaskContext, 'heartbeat' | 'progress' | 'trigger'> & { log: TaskLogger };

/** Builds the Context a handler sees for one attempt of one iteration. */
export function createTaskContext(
  activity: ActivityContext,
  task: Pick<TaskContext, 'definitionId' | 'title'> & { taskId: string },
  iteration: TaskIterationInput,
  startedAtMs: number,
  operations: TaskContextOperations,
): TaskContext {
  const { info } = activity;
  const deadlineMs = startedAtMs + info.startToCloseTimeoutMs;
  const remainingMs = (): number => Math.max(0, deadlineMs - Date.now());
  return {
    id: task.taskId,
    definitionId: task.definitionId,
    title: task.title,
    input: iteration.input,
    state: iteration.state,
    iteration: iteration.iteration,
    attempt: info.attempt,
    parentId: iteration.parentId,
    triggeredAt: new Date(iteration.triggeredAt),
    children: iteration.childResults ?? [],
    signal: activity.cancellationSignal,
    isAborted: () => activity.cancellationSignal.aborted,
    remainingMs,
    isCloseToTimeout: (ms = DEFAULT_CLOSE_TO_TIMEOUT_MS) => remainingMs() < ms,
    ...operations,
  };
}
