import {
  ActivityFailure,
  ApplicationFailure,
  CancelledFailure,
  ContinueAsNew,
  TemporalFailure,
  CancellationScope,
  continueAsNew,
  isCancellation,
  proxyActivities,
  setHandler,
  sleep,
  upsertMemo,
  workflowInfo,
} from '@temporalio/workflow';
import {
  ABORT_REASON_MEMO_KEY,
  CANCEL_SELF_ACTIVITY,
  MAX_ITERATIONS_FAILURE_TYPE,
  WORKFLOW_INTERNAL_FAILURE_TYPE,
  type TaskIterationInput,
  type TaskIterationOutcome,
  type TaskLogEntry,
  type TaskInternalActivities,
  type TaskWorkflowInput,
} from './task-workflow.types';
import { abortReasonSignal, taskIterationQuery, taskLogsQuery } from './task-workflow.messages';

type IterationActivity = (input: TaskIterationInput) => Promise<TaskIterationOutcome>;

const { [CANCEL_SELF_ACTIVITY]: cancelSelf } = proxyActivities<TaskInternalActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { maximumAttempts: 10, initialInterval: '200ms', maximumInterval: '5 seconds' },
});

/**
 * The one workflow behind every task definition. The workflow type is the definition id, so a single bundle
 * serves all definitions: the worker falls back to this default export for any type it does not know by name.
 *
 * Each iteration is one execution of the activity of the same name. The outcome the handler chose through its
 * Controller decides what happens next: complete, wait and iterate again, or end canceled. Errors arrive as
 * activity failures after Temporal has exhausted the definition's retry policy.
 */
export async function taskWorkflow(params: TaskWorkflowInput): Promise<unknown> {
  const info = workflowInfo();
  let iteration = params.carry?.iteration ?? 1;
  let state = params.carry?.state;
  const logs: TaskLogEntry[] = [...(params.carry?.logs ?? [])];
  setHandler(taskLogsQuery, () => logs);
  setHandler(taskIterationQuery, () => iteration);
  setHandler(abortReasonSignal, (reason) => upsertMemo({ [ABORT_REASON_MEMO_KEY]: reason }));

  const runIteration = proxyActivities<Record<string, IterationActivity>>({
    startToCloseTimeout: params.activity.startToCloseTimeout,
    heartbeatTimeout: params.activity.heartbeatTimeout,
    retry: params.activity.retry,
  })[info.workflowType] as IterationActivity;

  try {
    for (;;) {
      const outcome = await runIteration({
        taskId: info.workflowId,
        definitionId: params.definitionId,
        title: params.title,
        input: params.input,
        state,
        iteration,
        maxIterations: params.maxIterations,
        parentId: params.parentId,
        triggeredAt: params.triggeredAt,
      });
      logs.push(...outcome.logs);
      switch (outcome.kind) {
        case 'success':
          return outcome.output;
        case 'abort':
          return await abortFromInside(outcome.reason);
        case 'continue':
          if (iteration >= params.maxIterations) {
            throw ApplicationFailure.create({
              message: `Task ${info.workflowId} asked for iteration ${iteration + 1}, past its limit of maxIterations = ${params.maxIterations}. Raise maxIterations on the definition "${params.definitionId}" or do more work per iteration.`,
              type: MAX_ITERATIONS_FAILURE_TYPE,
              nonRetryable: true,
            });
          }
          if (outcome.delayMs !== undefined && outcome.delayMs > 0) await sleep(outcome.delayMs);
          iteration += 1;
          state = outcome.state;
          if (workflowInfo().continueAsNewSuggested) {
            // History would grow without bound over many iterations; carry where we stand into a fresh run.
            await continueAsNew<typeof taskWorkflow>({ ...params, carry: { iteration, state, logs } });
          }
          break;
      }
    }
  } catch (err) {
    if (err instanceof ContinueAsNew) throw err;
    throw toWorkflowFailure(err);
  }
}

/**
 * A workflow ends Canceled only when its cancellation was requested, and the server refuses a workflow's request
 * to cancel itself. So the workflow records the reason and has an activity ask the server to cancel it; the
 * request then cancels the root scope, which rejects the sleep below with a CancelledFailure.
 */
async function abortFromInside(reason: string | undefined): Promise<never> {
  upsertMemo({ [ABORT_REASON_MEMO_KEY]: reason ?? null });
  const { workflowId, runId } = workflowInfo();
  await CancellationScope.nonCancellable(() => cancelSelf(workflowId, runId));
  await sleep('1 day');
  throw ApplicationFailure.nonRetryable('Cancellation of an aborted task did not arrive', WORKFLOW_INTERNAL_FAILURE_TYPE);
}

/**
 * A plain Error thrown from workflow code fails only the workflow task, which Temporal retries forever. Turn every
 * failure into one that ends the workflow: cancellation stays cancellation, an exhausted activity becomes a
 * non-retryable ApplicationFailure that keeps the handler's message and type.
 */
function toWorkflowFailure(err: unknown): TemporalFailure {
  if (isCancellation(err)) return err instanceof CancelledFailure ? err : new CancelledFailure('Task aborted', [], err as Error);
  if (err instanceof ActivityFailure && err.cause instanceof ApplicationFailure) {
    const cause = err.cause;
    return ApplicationFailure.create({
      message: cause.message,
      type: cause.type ?? 'Error',
      nonRetryable: true,
      details: cause.details ?? undefined,
      cause: err,
    });
  }
  if (err instanceof ActivityFailure) {
    return ApplicationFailure.create({ message: err.cause?.message ?? err.message, type: err.cause?.name ?? 'ActivityFailure', nonRetryable: true, cause: err });
  }
  if (err instanceof TemporalFailure) return err;
  const error = err instanceof Error ? err : new Error(String(err));
  return ApplicationFailure.create({ message: error.message, type: WORKFLOW_INTERNAL_FAILURE_TYPE, nonRetryable: true, cause: error });
}
