import type { Context as ActivityContext } from '@temporalio/activity';
import type { TaskIterationInput } from '../workflows/task-workflow.types';
import type { TaskContext, TaskLogger } from '../src/task.interfaces';

const DEFAULT_CLOSE_TO_TIMEOUT_MS = 10_000;

/** The operations the activity lends the Context; the Context adds the task's data. */
export type TaskContextOperations = Pick<TaskContext, 'heartbeat' | 'progress' | 'trigger'> & { log: TaskLogger };

/** What the Context needs of the attempt that runs: Temporal's activity Context, or the in-memory engine's look-alike. */
export interface TaskAttemptRuntime {
  info: Pick<ActivityContext['info'], 'attempt' | 'startToCloseTimeoutMs'>;
  cancellationSignal: AbortSignal;
}

/**
 * Builds the Context a handler sees for one attempt of one iteration. `now` is the clock `remainingMs` reads (the
 * in-memory engine passes its virtual one).
 */
export function createTaskContext(
  activity: TaskAttemptRuntime,
  task: Pick<TaskContext, 'definitionId' | 'title'> & { taskId: string },
  iteration: TaskIterationInput,
  startedAtMs: number,
  operations: TaskContextOperations,
  now: () => number = Date.now,
): TaskContext {
  const { info } = activity;
  const deadlineMs = startedAtMs + info.startToCloseTimeoutMs;
  const remainingMs = (): number => Math.max(0, deadlineMs - now());
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
    received: iteration.received && { ...iteration.received, receivedAt: new Date(iteration.received.receivedAt) },
    signal: activity.cancellationSignal,
    isAborted: () => activity.cancellationSignal.aborted,
    remainingMs,
    isCloseToTimeout: (ms = DEFAULT_CLOSE_TO_TIMEOUT_MS) => remainingMs() < ms,
    ...operations,
  };
}
