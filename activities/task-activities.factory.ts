import type { LoggerService } from '@nestjs/common';
import { Context } from '@temporalio/activity';
import { WorkflowNotFoundError } from '@temporalio/client';
import { TaskPayloadTooLargeError } from '../src/errors/task-payload-too-large.error';
import { childTriggerOptions } from '../src/service/check-child-trigger';
import { requestTaskAbort } from '../src/service/request-task-abort';
import type { TaskChildTriggerOptions } from '../src/service/task-child-trigger.options';
import type { TaskTriggerOptions } from '../src/service/task-trigger.options';
import type { TaskHandle } from '../src/task-handle';
import type { ResolvedTaskDefinition, TaskContext, TaskDefinitionRef } from '../src/task.interfaces';
import {
  ABORT_CHILDREN_ACTIVITY,
  CANCEL_SELF_ACTIVITY,
  RUN_HOOK_ACTIVITY,
  type TaskInternalActivities,
  type TaskIterationInput,
  type TaskIterationOutcome,
  type TaskProgress,
} from '../workflows/task-workflow.types';
import { abortChildOnEndSignal } from '../workflows/task-workflow.messages';
import { toFailure, toOutcome } from './iteration-outcome';
import { createTaskContext } from './task-context';
import { createTaskController } from './task-controller';
import { TaskLogCollector } from './task-log-collector';

/** What the activities need from the Nest side. */
export interface TaskActivityDeps {
  definitions: readonly ResolvedTaskDefinition[];
  logger: LoggerService;
  /** How often to heartbeat for a running handler, in ms. */
  heartbeatIntervalMs: number;
  /** Largest output, state or log payload an iteration may end with (`limits.payloadBytes`). */
  payloadLimitBytes: number;
  /** Most bytes of log lines an attempt keeps (`limits.logBytes`): the newest, and a count of those dropped. */
  logBudgetBytes: number;
  /** The size of a value encoded through the worker's data converter and codecs, as Temporal would receive it. */
  encodedSize: (value: unknown) => Promise<number>;
  /** Triggers a task (TaskService.trigger), for child tasks. */
  trigger: (definition: TaskDefinitionRef, input: unknown, options: TaskTriggerOptions) => Promise<TaskHandle>;
}

export type TaskActivity = (input: TaskIterationInput) => Promise<TaskIterationOutcome>;
export type TaskActivities = Record<string, TaskActivity> & TaskInternalActivities;

/**
 * One activity per definition, named after its id: each runs one attempt of one iteration of the handler and
 * returns how it ended. Plus the internal activities the workflow needs (hooks, aborting from inside). Built from
 * its dependencies, in the shape of Temporal's samples (`createActivities(deps)`).
 */
export function createTaskActivities(deps: TaskActivityDeps): TaskActivities {
  const byId = new Map(deps.definitions.map((definition) => [definition.id, definition]));
  const activities = {
    [CANCEL_SELF_ACTIVITY]: async (workflowId: string, runId: string) => {
      await Context.current().client.workflow.getHandle(workflowId, runId).cancel();
    },
    [RUN_HOOK_ACTIVITY]: async (definitionId, hook, task) => {
      const { attempt } = Context.current().info;
      const log = new TaskLogCollector(task.id, task.iteration, attempt, deps.logger, deps.logBudgetBytes);
      try {
        await byId.get(definitionId)?.handler[hook]?.({ task, log });
        return log.entries;
      } catch (err) {
        log.error(`${hook} hook failed: ${err instanceof Error ? err.message : String(err)}`);
        throw toFailure(err, { logs: log.entries, attempt });
      }
    },
    [ABORT_CHILDREN_ACTIVITY]: async (childIds, reason) => {
      const { client } = Context.current();
      for (const childId of childIds) {
        try {
          await requestTaskAbort(client.workflow, childId, reason);
        } catch (err) {
          // A child that has ended (or was deleted) has nothing left to abort; anything else is retried by Temporal.
          if (!(err instanceof WorkflowNotFoundError)) throw err;
        }
      }
    },
  } as TaskActivities;
  for (const definition of deps.definitions) {
    activities[definition.id] = (input) => runIteration(definition, input, deps);
  }
  return activities;
}

async function runIteration(definition: ResolvedTaskDefinition, input: TaskIterationInput, deps: TaskActivityDeps): Promise<TaskIterationOutcome> {
  const activity = Context.current();
  const { attempt } = activity.info;
  // Task activities are only ever scheduled by the task workflow, whose id is the task id.
  const taskId = activity.info.workflowExecution?.workflowId ?? '';
  const log = new TaskLogCollector(taskId, input.iteration, attempt, deps.logger, deps.logBudgetBytes);
  const children: string[] = [];
  const abortChildren: string[] = [];
  // Children travel in the heartbeat too, so that `get()` sees them while the iteration runs. A local activity has
  // no heartbeat (the SDK ignores it, and cancellation reaches it through its workflow task instead).
  const beat: { progress?: TaskProgress; details?: unknown; children: string[] } = { children };
  const { isLocal } = activity.info;
  const heartbeat = (): void => {
    if (!isLocal) activity.heartbeat(beat);
  };

  const trigger = (async (child: TaskDefinitionRef, childInput?: unknown, childOptions: TaskChildTriggerOptions = {}) => {
    const { trigger: options, abortOnParentEnd } = childTriggerOptions(definition.id, childOptions);
    // Derived from the parent, the iteration and the call's order, so a retried attempt finds its earlier children.
    const id = options.id ?? `${taskId.replace('/', ':')}.${input.iteration}.${children.length + 1}`;
    const handle = await deps.trigger(child, childInput, { ...options, id, parentId: taskId });
    children.push(handle.id);
    if (abortOnParentEnd) {
      abortChildren.push(handle.id);
      // Told at once, not only with the outcome: an attempt cut short by an abort or the deadline returns none.
      await signalTask(activity, taskId, handle.id);
    }
    heartbeat();
    return handle;
  }) as TaskContext['trigger'];
  const context = createTaskContext(activity, { taskId, definitionId: definition.id, title: definition.title }, input, Date.now(), {
    log,
    trigger,
    heartbeat: (details) => {
      if (details !== undefined) beat.details = details;
      heartbeat();
    },
    progress: (value, details) => {
      beat.progress = details === undefined ? { value } : { value, details };
      heartbeat();
    },
  });

  // Cancellation reaches an activity only in the answer to a heartbeat: beat for the handler, so an abort arrives
  // even when the handler never heartbeats itself. The first beat comes after one interval, not at once: a beat is a
  // request that makes the server write the activity's state, and most iterations are over before the first one.
  // A short heartbeat timeout needs beats more often than the configured interval, or it would fire on a healthy attempt.
  const { heartbeatTimeoutMs } = activity.info;
  const intervalMs = heartbeatTimeoutMs ? Math.min(deps.heartbeatIntervalMs, heartbeatTimeoutMs / 3) : deps.heartbeatIntervalMs;
  const timer = isLocal ? undefined : setInterval(heartbeat, intervalMs);
  try {
    const iteration = createTaskController(definition.id);
    const returned = definition.handler.run({ input: input.input, context, controller: iteration.controller });
    // Racing against `cancelled` ends the attempt as soon as the abort arrives, whether or not the handler listens.
    const result: unknown = await Promise.race([returned, activity.cancelled]);
    const logs = log.entries;
    const outcome: TaskIterationOutcome = {
      ...toOutcome(definition.id, result, iteration.built),
      attempt,
      ...(logs.length > 0 ? { logs } : {}),
      ...(beat.progress ? { progress: beat.progress } : {}),
      ...(children.length > 0 ? { children } : {}),
      ...(abortChildren.length > 0 ? { abortChildren } : {}),
    };
    await checkOutcomeSize(definition.id, outcome, deps);
    return outcome;
  } catch (err) {
    throw toFailure(err, { logs: log.entries, attempt, ...(abortChildren.length > 0 ? { abortChildren } : {}) });
  } finally {
    clearInterval(timer);
  }
}

/** Tells the task that it triggered an `onParentEnd: 'abort'` child; a task that has ended is told nothing. */
async function signalTask(activity: Context, taskId: string, childId: string): Promise<void> {
  try {
    await activity.client.workflow.getHandle(taskId).signal(abortChildOnEndSignal, childId);
  } catch (err) {
    if (!(err instanceof WorkflowNotFoundError)) throw err;
  }
}

/**
 * Refuses an iteration's result that Temporal would refuse (its blob size limit), naming its largest part, before
 * the attempt completes: otherwise the completion fails, is retried, and fails the same way every time. Its JSON size
 * decides at once for all but results near the limit, which are measured as encoded (codecs change the size).
 */
async function checkOutcomeSize(definitionId: string, outcome: TaskIterationOutcome, deps: Pick<TaskActivityDeps, 'payloadLimitBytes' | 'encodedSize'>): Promise<void> {
  const limitBytes = deps.payloadLimitBytes;
  if (jsonBytes(outcome) <= limitBytes * NEAR_LIMIT) return;
  const total = await deps.encodedSize(outcome);
  if (total <= limitBytes) return;
  const parts: Array<[string, unknown]> = [
    ['output', outcome.kind === 'success' ? outcome.output : undefined],
    ['state', outcome.kind === 'continue' || outcome.kind === 'wait' ? outcome.state : undefined],
    ['logs', outcome.logs],
    ['progress', outcome.progress],
  ];
  const [largest] = parts.map(([name, value]) => [name, jsonBytes(value)] as const).sort((a, b) => b[1] - a[1]);
  throw new TaskPayloadTooLargeError(definitionId, largest?.[0] ?? 'output', total, limitBytes);
}

/** Below this share of the limit, a result's JSON size is enough to know it fits, encoded or not. */
const NEAR_LIMIT = 0.9;

function jsonBytes(value: unknown): number {
  return value === undefined ? 0 : Buffer.byteLength(JSON.stringify(value) ?? '');
}
