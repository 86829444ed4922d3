import {
  ActivityFailure,
  ApplicationFailure,
  CancellationScope,
  CancelledFailure,
  ContinueAsNew,
  TemporalFailure,
  condition,
  makeContinueAsNewFunc,
  getExternalWorkflowHandle,
  isCancellation,
  patched,
  proxyActivities,
  proxyLocalActivities,
  setCurrentDetails,
  setHandler,
  sleep,
  upsertMemo,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import { hasMessage, mailboxInUse, openMailbox, receiveMessage, takeMessage, unreadMessages } from './task-mailbox';
import { abortChildOnEndSignal, abortReasonSignal, childFinishedSignal, taskMessageSignal, taskStateQuery } from './task-workflow.messages';
import { renderTaskDetails } from './task-details';
import { carriedLateTriggers, continueWithLateTriggers, listenForDebounceTriggers, startAfterQuiet } from './task-debounce';
import type { TaskDebounceCycle } from './task-debounce.messages';
import { childrenFinished, endNeedsRecord, keepLogs, nextStep, recordChildResult, resolveRunSettings, runsHook } from './task-semantics';
import { addAbortChildren, childrenToAbort, parentEndedReason } from './task-children';
import { attemptTimeout, deadlineExceeded, taskDeadlineMs } from './task-deadline';
import {
  ABORT_CHILDREN_ACTIVITY,
  CANCEL_SELF_ACTIVITY,
  LOCAL_ITERATIONS_PATCH,
  MAX_ITERATIONS_FAILURE_TYPE,
  MEMO,
  RUN_HOOK_ACTIVITY,
  TASK_PARENT_SEARCH_ATTRIBUTE,
  TASK_RUN_DEFAULTS,
  TASK_STATUS_SEARCH_ATTRIBUTE,
  WORKFLOW_INTERNAL_FAILURE_TYPE,
  type TaskCarry,
  type TaskChildResult,
  type TaskFailureMeta,
  type TaskHookName,
  type TaskInternalActivities,
  type TaskIterationInput,
  type TaskIterationOutcome,
  type TaskLogEntry,
  type TaskProgress,
  type TaskReceivedMessage,
  type TaskSettings,
  type TaskSnapshot,
  type TaskStatus,
} from './task-workflow.types';

type IterationActivity = (input: TaskIterationInput) => Promise<TaskIterationOutcome>;

const internal = proxyActivities<TaskInternalActivities>({
  startToCloseTimeout: '1 minute',
  retry: { maximumAttempts: 3, initialInterval: '500ms', maximumInterval: '5 seconds' },
});

/**
 * The one workflow behind every task definition. The workflow type is the definition id, so a single bundle
 * serves all definitions: the worker falls back to this default export for any type it does not know by name.
 *
 * Its input is the task's input alone (after a continue-as-new, where the task stands comes second); the task's
 * settings are in its memo, where they differ from the defaults. Each iteration is one execution of the activity of
 * the same name. The outcome the handler chose through its Controller decides what happens next: complete, wait and
 * iterate again, or end canceled. Errors arrive as activity failures after Temporal has exhausted the retry policy.
 * Every way out runs the matching hook and tells a parent task, then ends the workflow with a status Temporal itself
 * reports: Completed, Failed or Canceled. A task writes no status of its own beyond that, so a one-iteration task
 * costs the history exactly what the same activity in a hand-written workflow does.
 *
 * A debounced task (see task-debounce.ts) first waits for its triggers to stop, in a run of its own that starts with
 * no input (the triggers' signals carry it) or, for a cycle opened by late triggers, with the latest input and the
 * cycle's window third.
 */
export async function taskWorkflow(input: unknown, carry?: TaskCarry, cycle?: TaskDebounceCycle): Promise<unknown> {
  const info = workflowInfo();
  const settings = (info.memo?.[MEMO.settings] ?? {}) as TaskSettings;
  const { title, maxIterations, hooks, timeout, retry } = resolveRunSettings(settings, info.workflowType);
  const parentId = info.typedSearchAttributes.get(TASK_PARENT_SEARCH_ATTRIBUTE);
  // A first run starts when the task is triggered (a delayed one too: its start is recorded at the trigger); a run
  // that carries a debounce cycle on counts from the cycle's first trigger, as bounded-task.workflow.ts does.
  const triggeredAt = carry?.triggeredAt ?? cycle?.firstAt ?? info.startTime.toISOString();
  // Past it, bounded-task.workflow.ts cancels the run, and the catch below fails the task instead of aborting it.
  const deadlineMs = taskDeadlineMs(settings, triggeredAt);
  let iteration = carry?.iteration ?? 1;
  let state = carry?.state;
  let progress: TaskProgress | undefined = carry?.progress;
  let logs: TaskLogEntry[] = [];
  const children = [...(carry?.children ?? [])];
  const childResults: TaskChildResult[] = [...(carry?.childResults ?? [])];
  const abortChildren = [...(carry?.abortChildren ?? [])];
  let attempts = 0;
  let status: TaskStatus = 'running';
  let failure: { message: string; type: string } | undefined;
  let abortReason: string | undefined;
  const mailbox = openMailbox(carry?.mailbox);
  let waitingFor: { name: string; until?: string } | undefined;
  let received: TaskReceivedMessage | undefined;

  setHandler(taskStateQuery, () => ({ iteration, progress, logs, children, childResults }));
  setHandler(abortReasonSignal, (reason) => {
    abortReason = reason;
    upsertMemo({ [MEMO.abortReason]: reason });
  });
  setHandler(childFinishedSignal, (result) => recordChildResult(childResults, result));
  setHandler(taskMessageSignal, ({ name, payload, id }) => {
    const accepted = receiveMessage(mailbox, { name, payload, receivedAt: new Date().toISOString(), ...(id === undefined ? {} : { id }) });
    // Shown in the memo (for `get()`) unless the waiting task takes it at once, which clears the memo anyway.
    if (accepted && waitingFor?.name !== name) upsertMemo({ [MEMO.messages]: unreadMessages(mailbox) });
  });
  setHandler(abortChildOnEndSignal, (childId) => addAbortChildren(abortChildren, [childId]));
  // Debounced triggers: a first run of a debounced task waits for them to stop; later ones are kept for a new cycle.
  const triggers = listenForDebounceTriggers(cycle, carry?.lateTriggers);
  if (settings.debounce && carry === undefined) {
    try {
      await startAfterQuiet(input, settings.debounce, triggers);
    } catch (err) {
      // A deadline that passes before the task started fails it as any deadline does; an abort ends it aborted.
      if (isCancellation(err) && deadlineMs !== undefined && Date.now() >= deadlineMs) throw deadlineFailure(info.workflowId, deadlineMs, err);
      throw err;
    }
  }

  const addLogs = (entries: readonly TaskLogEntry[] | undefined): void => {
    logs = keepLogs(logs, entries);
  };
  // The Web UI's "Current Details": the task's story as text. Recording them costs no history event.
  const showDetails = (): void =>
    setCurrentDetails(renderTaskDetails({ title, status, iteration, maxIterations, progress, error: failure, abortReason, logs, ...(waitingFor ? { waitingFor } : {}) }));
  // The ids of the children triggered so far, for `TaskService.get` to read without visibility queries.
  const childrenMemo = (): Record<string, string[]> => (children.length > 0 ? { [MEMO.children]: children } : {});
  const snapshot = (end: Partial<TaskSnapshot>): TaskSnapshot => ({
    id: info.workflowId,
    definitionId: info.workflowType,
    title,
    input,
    state,
    iteration,
    parentId,
    ...end,
  });
  /**
   * Runs a hook (when the definition has it) and tells the parent; never throws, so the task's own end stands.
   * Returns nothing when there is neither: no scope is opened then, since every promise of workflow code costs the
   * worker a stack trace (the SDK keeps one per promise for its stack trace query), and a scope makes half a dozen.
   */
  const finish = (hook: TaskHookName, end: Partial<TaskSnapshot>, child: TaskChildResult): Promise<void> | undefined => {
    // The common end is what readers assume without a memo: skip the history event it would cost.
    if (endNeedsRecord({ hook, iteration, attempts, progress, children })) upsertMemo({ [MEMO.iteration]: iteration, [MEMO.progress]: progress ?? null, [MEMO.attempts]: attempts, ...childrenMemo() });
    showDetails();
    const toAbort = childrenToAbort(abortChildren, childResults);
    if (!runsHook(hooks, hook) && !parentId && toAbort.length === 0) return undefined;
    return CancellationScope.nonCancellable(async () => {
      if (runsHook(hooks, hook)) {
        try {
          addLogs(await internal[RUN_HOOK_ACTIVITY](info.workflowType, hook, snapshot(end)));
        } catch (err) {
          // The hook's own error line travels in the failure's details; the task's end stands regardless.
          const cause = err instanceof ActivityFailure ? err.cause : undefined;
          addLogs(cause instanceof ApplicationFailure ? failureMeta(cause)?.logs : undefined);
        }
        showDetails();
      }
      // Read again: an attempt may have told of another child while the hook ran.
      const abortNow = childrenToAbort(abortChildren, childResults);
      if (abortNow.length > 0) {
        try {
          await internal[ABORT_CHILDREN_ACTIVITY](abortNow, parentEndedReason(info.workflowId, child.status));
        } catch {
          // Retried by Temporal and still failing (the activity's failure is in the history): the task's end stands.
        }
      }
      if (parentId) {
        try {
          await getExternalWorkflowHandle(parentId).signal(childFinishedSignal, child);
        } catch {
          // The parent has ended: nobody is waiting for this child any more.
        }
      }
    });
  };

  /**
   * `controller.waitFor(name)`: the oldest message of that name already received, or else the first to arrive within
   * the timeout (undefined after it). While it waits the task holds no activity slot, and says so in its search
   * attribute (`TaskStatus = 'waiting'`, for `list()`), its memo (what it waits for, for `get()`) and its details. An
   * abort cancels the condition like any timer, and the task ends aborted.
   */
  const waitForMessage = async ({ name, timeoutMs }: { name: string; timeoutMs?: number }): Promise<TaskReceivedMessage | undefined> => {
    const early = takeMessage(mailbox, name);
    if (early) return early;
    waitingFor = { name, ...(timeoutMs === undefined ? {} : { until: new Date(Date.now() + timeoutMs).toISOString() }) };
    status = 'waiting';
    upsertSearchAttributes([{ key: TASK_STATUS_SEARCH_ATTRIBUTE, value: 'waiting' }]);
    upsertMemo({ [MEMO.waitingFor]: waitingFor, [MEMO.iteration]: iteration, [MEMO.progress]: progress ?? null, ...childrenMemo() });
    showDetails();
    const arrived = () => hasMessage(mailbox, name);
    if (timeoutMs === undefined) await condition(arrived);
    else await condition(arrived, timeoutMs);
    waitingFor = undefined;
    status = 'running';
    upsertSearchAttributes([{ key: TASK_STATUS_SEARCH_ATTRIBUTE, value: null }]);
    return takeMessage(mailbox, name);
  };

  // A local definition's iterations run as local activities: in the worker that runs this workflow task, recorded
  // as one marker. Only tasks that ask for it take the patch, so a task of a regular definition keeps its history,
  // and a local task whose history an older worker began (without the patch marker) carries on as it began.
  const local = settings.local === true && patched(LOCAL_ITERATIONS_PATCH);
  // One proxy per iteration, so each activity carries a summary the Web UI's timeline shows ("iteration 3").
  const runIteration = (iterationInput: TaskIterationInput): Promise<TaskIterationOutcome> => {
    const summary = `iteration ${iterationInput.iteration}`;
    const activities = local
      ? proxyLocalActivities<Record<string, IterationActivity>>({ startToCloseTimeout: attemptTimeout(timeout, deadlineMs, Date.now()), retry, summary })
      : proxyActivities<Record<string, IterationActivity>>({
          startToCloseTimeout: attemptTimeout(timeout, deadlineMs, Date.now()),
          heartbeatTimeout: settings.heartbeatTimeout ?? TASK_RUN_DEFAULTS.heartbeatTimeout,
          retry,
          summary,
        });
    return (activities[info.workflowType] as IterationActivity)(iterationInput);
  };

  // A task triggered with a delay was `pending` until now, when it starts.
  if (info.typedSearchAttributes.get(TASK_STATUS_SEARCH_ATTRIBUTE) === 'pending') upsertSearchAttributes([{ key: TASK_STATUS_SEARCH_ATTRIBUTE, value: null }]);
  showDetails();
  try {
    for (;;) {
      const outcome = await runIteration({
        input,
        ...(state === undefined ? {} : { state }),
        iteration,
        triggeredAt,
        ...(parentId ? { parentId } : {}),
        ...(childResults.length > 0 ? { childResults } : {}),
        ...(received ? { received } : {}),
      });
      addLogs(outcome.logs);
      attempts = outcome.attempt;
      progress = outcome.progress ?? progress;
      children.push(...(outcome.children ?? []));
      addAbortChildren(abortChildren, outcome.abortChildren);

      const step = nextStep(outcome, { taskId: info.workflowId, definitionId: info.workflowType, iteration, maxIterations, state });
      if (step.kind === 'success') {
        status = 'success';
        await finish(step.hook, { output: step.output }, { id: info.workflowId, status: 'success', output: step.output });
        await continueWithLateTriggers(triggers, settings);
        return step.output;
      }
      if (step.kind === 'abort') {
        abortReason = step.reason;
        upsertMemo({ [MEMO.abortReason]: step.reason ?? null });
        return await abortFromInside();
      }
      state = step.state;
      if (step.kind === 'maxIterations') {
        failure = step.error;
        status = 'failed';
        await finish(step.hook, { error: failure }, { id: info.workflowId, status: 'failed', error: failure });
        await continueWithLateTriggers(triggers, settings);
        throw ApplicationFailure.create({ message: failure.message, type: failure.type, nonRetryable: true });
      }
      if (step.waitForChildren) await condition(() => childrenFinished(children, childResults));
      if (step.delayMs > 0) await sleep(step.delayMs);
      received = step.waitFor ? await waitForMessage(step.waitFor) : undefined;
      iteration = step.iteration;
      // After a wait, the memo no longer says the task waits, and lists the messages still unread.
      const waitMemo = step.waitFor ? { [MEMO.waitingFor]: null, [MEMO.messages]: unreadMessages(mailbox) } : {};
      upsertMemo({ [MEMO.iteration]: iteration, [MEMO.progress]: progress ?? null, ...childrenMemo(), ...waitMemo });
      showDetails();
      if (workflowInfo().continueAsNewSuggested) {
        // History would grow without bound over many iterations; carry where we stand into a fresh run. Memo and
        // search attributes go along explicitly, whatever the SDK's default, with the trigger time, which a later
        // run's start time no longer is.
        const { memo, typedSearchAttributes } = workflowInfo();
        await makeContinueAsNewFunc<typeof taskWorkflow>({ memo: { ...memo, [MEMO.triggeredAt]: triggeredAt }, typedSearchAttributes })(input, {
          iteration,
          state,
          triggeredAt,
          progress,
          children,
          childResults,
          ...(mailboxInUse(mailbox) ? { mailbox } : {}),
          ...(abortChildren.length > 0 ? { abortChildren } : {}),
          ...carriedLateTriggers(triggers),
        });
      }
    }
  } catch (err) {
    if (err instanceof ContinueAsNew) throw err;
    if (err instanceof ApplicationFailure && err.type === MAX_ITERATIONS_FAILURE_TYPE) throw err;
    if (deadlineMs !== undefined && Date.now() >= deadlineMs) err = deadlineFailure(info.workflowId, deadlineMs, err);
    if (isCancellation(err)) {
      status = 'aborted';
      const reason = workflowInfo().memo?.[MEMO.abortReason];
      abortReason = typeof reason === 'string' ? reason : abortReason;
      await finish('onAbort', { abortReason }, { id: info.workflowId, status: 'aborted' });
      throw err instanceof CancelledFailure ? err : new CancelledFailure('Task aborted', [], err as Error);
    }
    const workflowFailure = toWorkflowFailure(err);
    failure = { message: workflowFailure.message, type: workflowFailure instanceof ApplicationFailure ? (workflowFailure.type ?? 'Error') : workflowFailure.name };
    if (workflowFailure instanceof ApplicationFailure) {
      const meta = failureMeta(workflowFailure);
      addLogs(meta?.logs);
      attempts = meta?.attempt ?? attempts;
      addAbortChildren(abortChildren, meta?.abortChildren);
    }
    status = 'failed';
    await finish('onError', { error: failure }, { id: info.workflowId, status: 'failed', error: failure });
    await continueWithLateTriggers(triggers, settings);
    throw workflowFailure;
  }
}

/** The failure a task ends with once its deadline passed (`TaskDeadlineExceeded`), whatever it was doing. */
function deadlineFailure(taskId: string, deadlineMs: number, cause: unknown): ApplicationFailure {
  const { message, type, deadline } = deadlineExceeded(taskId, deadlineMs);
  return ApplicationFailure.create({ message, type, nonRetryable: true, details: [{ deadline }], cause: cause instanceof Error ? cause : undefined });
}

/**
 * A workflow ends Canceled only when its cancellation was requested, and the server refuses a workflow's request
 * to cancel itself. So an activity asks the server to cancel this workflow; the request then cancels the root
 * scope, which rejects the sleep below with a CancelledFailure that the caller's cancellation path handles.
 */
async function abortFromInside(): Promise<never> {
  const { workflowId, runId } = workflowInfo();
  await CancellationScope.nonCancellable(() => internal[CANCEL_SELF_ACTIVITY](workflowId, runId));
  await sleep('1 day');
  throw ApplicationFailure.nonRetryable('Cancellation of an aborted task did not arrive', WORKFLOW_INTERNAL_FAILURE_TYPE);
}

/**
 * A plain Error thrown from workflow code fails only the workflow task, which Temporal retries forever. Turn every
 * failure into one that ends the workflow: an exhausted activity becomes a non-retryable ApplicationFailure that
 * keeps the handler's message, type and details.
 */
function toWorkflowFailure(err: unknown): TemporalFailure {
  if (err instanceof ActivityFailure && err.cause instanceof ApplicationFailure) {
    const cause = err.cause;
    return ApplicationFailure.create({ message: cause.message, type: cause.type ?? 'Error', nonRetryable: true, details: cause.details ?? undefined, cause: err });
  }
  if (err instanceof ActivityFailure) {
    return ApplicationFailure.create({ message: err.cause?.message ?? err.message, type: err.cause?.name ?? 'ActivityFailure', nonRetryable: true, cause: err });
  }
  if (err instanceof TemporalFailure) return err;
  const error = err instanceof Error ? err : new Error(String(err));
  return ApplicationFailure.create({ message: error.message, type: WORKFLOW_INTERNAL_FAILURE_TYPE, nonRetryable: true, cause: error });
}

/** What a failed attempt sent along in its failure details, after the handler's own (see the activity). */
function failureMeta(failure: ApplicationFailure): TaskFailureMeta | undefined {
  const meta = failure.details?.[1] as Partial<TaskFailureMeta> | undefined;
  return meta && Array.isArray(meta.logs) && typeof meta.attempt === 'number' ? { logs: meta.logs, attempt: meta.attempt, abortChildren: meta.abortChildren } : undefined;
}
