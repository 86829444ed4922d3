import type { LoggerService } from '@nestjs/common';
import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import { msToNumber } from '@temporalio/common/lib/time';
import { InvalidTaskOutcomeError } from '../src/errors/invalid-task-outcome.error';
import { TaskOutcome } from '../src/task-outcome';
import type { ResolvedTaskDefinition } from '../src/task.interfaces';
import { CANCEL_SELF_ACTIVITY, type TaskInternalActivities, type TaskIterationInput, type TaskIterationOutcome } from '../workflows/task-workflow.types';
import { createTaskContext } from './task-context';
import { createTaskController } from './task-controller';
import { TaskLogCollector } from './task-log-collector';

/** What the activities need from the Nest side. */
export interface TaskActivityDeps {
  definitions: readonly ResolvedTaskDefinition[];
  logger: LoggerService;
  /** How often to heartbeat for a running handler, in ms. */
  heartbeatIntervalMs: number;
}

export type TaskActivity = (input: TaskIterationInput) => Promise<TaskIterationOutcome>;

/**
 * One activity per definition, named after its id: each runs one attempt of one iteration of the handler and
 * returns how it ended. Built from its dependencies, in the shape of Temporal's samples (`createActivities(deps)`).
 */
export function createTaskActivities(deps: TaskActivityDeps): Record<string, TaskActivity> & TaskInternalActivities {
  const activities: Record<string, TaskActivity> & TaskInternalActivities = {
    [CANCEL_SELF_ACTIVITY]: async (workflowId, runId) => {
      await Context.current().client.workflow.getHandle(workflowId, runId).cancel();
    },
  } as Record<string, TaskActivity> & TaskInternalActivities;
  for (const definition of deps.definitions) {
    activities[definition.id] = (input) => runIteration(definition, input, deps);
  }
  return activities;
}

async function runIteration(definition: ResolvedTaskDefinition, input: TaskIterationInput, deps: TaskActivityDeps): Promise<TaskIterationOutcome> {
  const activity = Context.current();
  const startedAtMs = Date.now();
  const log = new TaskLogCollector(input.taskId, input.iteration, activity.info.attempt, deps.logger);
  let details: unknown;
  const heartbeat = (next?: unknown): void => {
    if (next !== undefined) details = next;
    activity.heartbeat(details);
  };
  // Cancellation reaches an activity only in the answer to a heartbeat: beat for the handler, so an abort arrives
  // even when the handler never heartbeats itself.
  heartbeat();
  const timer = setInterval(heartbeat, deps.heartbeatIntervalMs);
  try {
    const context = createTaskContext(activity, input, log, startedAtMs, heartbeat);
    const controller = createTaskController(definition.id);
    const returned = definition.handler.run({ input: input.input, context, controller });
    // Racing against `cancelled` ends the attempt as soon as the abort arrives, whether or not the handler listens.
    const result: unknown = await Promise.race([returned, activity.cancelled]);
    return toIterationOutcome(definition.id, result, log);
  } catch (err) {
    // A broken Controller contract would break the same way on every retry: fail the task at once.
    if (err instanceof InvalidTaskOutcomeError) throw ApplicationFailure.fromError(err, { nonRetryable: true });
    throw err;
  } finally {
    clearInterval(timer);
  }
}

function toIterationOutcome(definitionId: string, result: unknown, log: TaskLogCollector): TaskIterationOutcome {
  const logs = log.entries;
  if (result === undefined) return { kind: 'success', output: undefined, logs };
  if (!TaskOutcome.is(result)) {
    throw new InvalidTaskOutcomeError(
      definitionId,
      `run() returned ${describe(result)}, which is not an outcome. Return controller.success(output), controller.continue(state), controller.abort(reason) or controller.error(err) (or nothing, for success without output).`,
    );
  }
  const { data } = result;
  switch (data.kind) {
    case 'success':
      return { kind: 'success', output: data.output, logs };
    case 'abort':
      return { kind: 'abort', reason: data.reason, logs };
    case 'continue':
      return { kind: 'continue', state: data.state, delayMs: data.delay === undefined ? undefined : msToNumber(data.delay), logs };
    case 'error':
      throw ApplicationFailure.create({
        message: data.error.message,
        type: data.error.name,
        nonRetryable: !data.retryable,
        details: data.details === undefined ? undefined : [data.details],
        cause: data.error,
      });
  }
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? `an object (${Object.keys(value).slice(0, 3).join(', ') || 'no keys'})` : `a ${typeof value}`;
}
