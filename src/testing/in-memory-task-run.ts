import type { LoggerService } from '@nestjs/common';
import { ApplicationFailure } from '@temporalio/common';
import { msToNumber } from '@temporalio/common/lib/time';
import { toFailure, toOutcome } from '../../activities/iteration-outcome';
import { createTaskContext } from '../../activities/task-context';
import { createTaskController } from '../../activities/task-controller';
import { TaskLogCollector } from '../../activities/task-log-collector';
import { hasMessage, takeMessage } from '../../workflows/task-mailbox';
import {
  childrenFinished,
  keepLogs,
  nextStep,
  resolveRunSettings,
  retryDecision,
  runsHook,
  type TaskRunSettings,
} from '../../workflows/task-semantics';
import { addAbortChildren, childrenToAbort, parentEndedReason } from '../../workflows/task-children';
import { deadlineExceeded, taskDeadlineMs } from '../../workflows/task-deadline';
import type {
  TaskChildResult,
  TaskHookName,
  TaskIterationOutcome,
  TaskLogEntry,
  TaskMailbox,
  TaskProgress,
  TaskReceivedMessage,
  TaskSnapshot,
} from '../../workflows/task-workflow.types';
import { childTriggerOptions } from '../service/check-child-trigger';
import type { TaskChildTriggerOptions } from '../service/task-child-trigger.options';
import { taskSettings } from '../service/task-start';
import type { TaskErrorInfo } from '../service/task-info';
import type { TaskTriggerOptions } from '../service/task-trigger.options';
import type { TaskHandle } from '../task-handle';
import type { ResolvedTaskDefinition, TaskContext, TaskDefinitionRef } from '../task.interfaces';

/** Attempts of a hook before its error is recorded in the task's logs: the Runner's internal activities' retry policy. */
const HOOK_ATTEMPTS = 3;

/** What the in-memory engine borrows from whoever runs it (`runTask`, or the testing module's service). */
export interface InMemoryRunHost {
  logger: LoggerService;
  /** Most bytes of log lines an attempt keeps (`limits.logBytes`). */
  logBudgetBytes: number;
  /** The (virtual) clock, in ms. */
  now(): number;
  /** Waits out a `continue` delay or a retry backoff on the virtual clock; rejects when `signal` aborts. */
  wait(ms: number, why: 'delay' | 'backoff', signal: AbortSignal): Promise<void>;
  /** Resolves once `done()` is true (the children have ended); rejects when `signal` aborts. */
  until(done: () => boolean, signal: AbortSignal): Promise<void>;
  /**
   * Waits for a message (`controller.waitFor`) that is not in the mailbox yet: resolves once `arrived()` is true, or
   * after `timeoutMs` on the virtual clock (when given); rejects when `signal` aborts.
   */
  waitForMessage(wait: { name: string; iteration: number; timeoutMs?: number }, arrived: () => boolean, signal: AbortSignal): Promise<void>;
  /** Triggers a child task of this one. */
  trigger(child: TaskDefinitionRef, input: unknown, options: TaskTriggerOptions): Promise<TaskHandle>;
  /** Aborts a child triggered with `onParentEnd: 'abort'` when this task ends (one that has ended is left alone). */
  abortChild?(childId: string, reason: string): void;
  /** `remainingMs()` of the handler's Context, when the test controls it. @default the definition's timeout on the virtual clock */
  remainingMs?: (at: { iteration: number; attempt: number }) => number;
  /** Told of every change a reader of the task can see (iteration, attempt, progress, logs, children). */
  changed?(live: InMemoryTaskLive): void;
}

/** Where a task stands while it runs. */
export interface InMemoryTaskLive {
  iteration: number;
  /** Attempt of the running iteration; 0 while the task waits between iterations. */
  attempts: number;
  state: unknown;
  progress?: TaskProgress;
  logs: readonly TaskLogEntry[];
  children: readonly string[];
  /** While the task waits for a message: its name, and until when (virtual ms) when it may time out. */
  waitingFor?: { name: string; untilMs?: number };
}

/** Where a task starts, and who it is. */
export interface InMemoryTaskStart {
  id: string;
  definition: ResolvedTaskDefinition;
  input: unknown;
  triggeredAt: Date;
  parentId?: string;
  state?: unknown;
  iteration?: number;
  attempt?: number;
  /** Aborts the task (what `TaskService.abort` does); the abort's reason is the signal's reason when it is a string. */
  signal: AbortSignal;
  /** The children's results so far; the host adds to it as children end. */
  childResults: TaskChildResult[];
  /** The task's mailbox: the host puts sent messages in it with `receiveMessage` (workflows/task-mailbox.ts). */
  mailbox: TaskMailbox;
  /**
   * The deadline resolved at the trigger (ISO-8601), or `null` for none (a retry past it). Undefined: the
   * definition's, counted from `triggeredAt`.
   */
  deadline?: string | null;
}

/** How a task ended in memory, with what a test asserts on. */
export interface InMemoryTaskEnd {
  status: 'success' | 'failed' | 'aborted';
  output?: unknown;
  error?: TaskErrorInfo;
  abortReason?: string;
  iterations: number;
  attempts: number;
  state: unknown;
  logs: TaskLogEntry[];
  progress?: TaskProgress;
  children: string[];
}

/** An abort that reached a running attempt. */
class Aborted {}

/** The reason of an abort from outside: the signal's reason, when it is a string. */
function abortReasonOf(signal: AbortSignal): string | undefined {
  return typeof signal.reason === 'string' ? signal.reason : undefined;
}

/**
 * Runs one task to its end in memory, with the library's own semantics: the same Controller, Context, log collector
 * and outcome checks as the Runner's activity, and the same decisions as the workflow (`workflows/task-semantics.ts`):
 * what an outcome leads to, retries under the definition's policy, maxIterations, hooks. Time is the host's.
 */
export async function runInMemory(start: InMemoryTaskStart, host: InMemoryRunHost): Promise<InMemoryTaskEnd> {
  const { definition } = start;
  const settings = resolveRunSettings(taskSettings(definition), definition.id);
  let iteration = start.iteration ?? 1;
  let attempt = start.attempt ?? 1;
  let state = start.state;
  let progress: TaskProgress | undefined;
  let logs: TaskLogEntry[] = [];
  const children: string[] = [];
  const abortChildren: string[] = [];
  let attempts = 0;
  let received: TaskReceivedMessage | undefined;
  let waitingFor: InMemoryTaskLive['waitingFor'];
  const live = (): void => host.changed?.({ iteration, attempts, state, progress, logs, children, ...(waitingFor ? { waitingFor } : {}) });
  const deadlineMs =
    start.deadline === undefined
      ? taskDeadlineMs(taskSettings(definition), start.triggeredAt.toISOString())
      : start.deadline === null
        ? undefined
        : Date.parse(start.deadline);
  // Waits stop at the deadline, as Temporal's timer to it cancels them; it is checked when a wait or an attempt ends.
  const waitMs = (ms: number): number => (deadlineMs === undefined ? ms : Math.max(0, Math.min(ms, deadlineMs - host.now())));
  const passed = (): boolean => deadlineMs !== undefined && host.now() >= deadlineMs;
  const end = async (
    hook: TaskHookName,
    result: Omit<InMemoryTaskEnd, 'iterations' | 'attempts' | 'state' | 'logs' | 'progress' | 'children'>,
  ): Promise<InMemoryTaskEnd> => {
    if (runsHook(settings.hooks, hook)) {
      const snapshot: TaskSnapshot = {
        id: start.id,
        definitionId: definition.id,
        title: settings.title,
        input: start.input,
        state,
        iteration,
        ...(start.parentId ? { parentId: start.parentId } : {}),
        ...(result.status === 'success' ? { output: result.output } : {}),
        ...(result.error ? { error: { message: result.error.message, type: result.error.type } } : {}),
        ...(result.status === 'aborted' ? { abortReason: result.abortReason } : {}),
      };
      logs = keepLogs(logs, await runHook(definition, hook, snapshot, host));
    }
    const reason = parentEndedReason(start.id, result.status);
    for (const childId of childrenToAbort(abortChildren, start.childResults)) host.abortChild?.(childId, reason);
    return { ...result, iterations: iteration, attempts, state, logs, ...(progress ? { progress } : {}), children };
  };
  const endAborted = (reason = abortReasonOf(start.signal)): Promise<InMemoryTaskEnd> =>
    end('onAbort', { status: 'aborted', ...(reason === undefined ? {} : { abortReason: reason }) });
  const endPastDeadline = (): Promise<InMemoryTaskEnd> => {
    const { message, type, deadline } = deadlineExceeded(start.id, deadlineMs ?? host.now());
    return end('onError', { status: 'failed', error: { message, type, retryable: false, details: { deadline } } });
  };

  for (;;) {
    let outcome: TaskIterationOutcome;
    try {
      if (start.signal.aborted) return await endAborted();
      if (passed()) return await endPastDeadline();
      attempts = attempt;
      live();
      outcome = await runAttempt(
        start,
        host,
        settings,
        iteration,
        attempt,
        state,
        (value) => {
          progress = value;
          live();
        },
        children,
        live,
        received,
        (ids) => addAbortChildren(abortChildren, ids),
      );
    } catch (err) {
      if (err instanceof Aborted) return endAborted();
      if (passed()) return endPastDeadline();
      const failure = err as ApplicationFailure;
      const decision = retryDecision(
        { type: failure.type ?? 'Error', nonRetryable: failure.nonRetryable === true },
        attempt,
        settings.retry,
      );
      if (decision.retry) {
        try {
          await host.wait(waitMs(decision.backoffMs), 'backoff', start.signal);
        } catch {
          return endAborted();
        }
        if (passed()) return endPastDeadline();
        attempt += 1;
        continue;
      }
      // As on Temporal, the lines of the attempt that failed last are kept; those of retried attempts are not.
      const meta = failure.details?.[1] as { logs?: TaskLogEntry[] } | undefined;
      logs = keepLogs(logs, meta?.logs);
      const details: unknown = failure.details?.[0] ?? undefined;
      const error: TaskErrorInfo = {
        message: failure.message,
        type: failure.type ?? 'Error',
        retryable: decision.retryable,
        ...(details === undefined ? {} : { details }),
      };
      return end('onError', { status: 'failed', error });
    }
    logs = keepLogs(logs, outcome.logs);
    if (passed()) return endPastDeadline();
    const step = nextStep(outcome, { taskId: start.id, definitionId: definition.id, iteration, maxIterations: settings.maxIterations, state });
    if (step.kind === 'success') return end(step.hook, { status: 'success', output: step.output });
    if (step.kind === 'abort') return endAborted(step.reason);
    state = step.state;
    if (step.kind === 'maxIterations') return end(step.hook, { status: 'failed', error: { ...step.error, retryable: false } });
    attempts = 0;
    live();
    try {
      if (step.waitForChildren) await host.until(() => childrenFinished(children, start.childResults), start.signal);
      if (step.delayMs > 0) await host.wait(waitMs(step.delayMs), 'delay', start.signal);
      received = undefined;
      if (step.waitFor) {
        const { name, timeoutMs } = step.waitFor;
        // As the workflow does: an early message is taken at once; otherwise the task waits, and says so.
        if (!hasMessage(start.mailbox, name)) {
          waitingFor = { name, ...(timeoutMs === undefined ? {} : { untilMs: host.now() + timeoutMs }) };
          live();
          // A wait stops at the deadline too (on Temporal, the timer to it cancels the condition).
          const boundMs = timeoutMs === undefined ? (deadlineMs === undefined ? undefined : waitMs(Number.POSITIVE_INFINITY)) : waitMs(timeoutMs);
          await host.waitForMessage({ name, iteration, ...(boundMs === undefined ? {} : { timeoutMs: boundMs }) }, () => hasMessage(start.mailbox, name), start.signal);
          waitingFor = undefined;
        }
        received = takeMessage(start.mailbox, name);
      }
    } catch {
      return endAborted();
    }
    if (passed()) return endPastDeadline();
    iteration = step.iteration;
    attempt = 1;
  }
}

/** One attempt of one iteration, as the Runner's activity runs it: resolves with its outcome, rejects with its failure. */
async function runAttempt(
  start: InMemoryTaskStart,
  host: InMemoryRunHost,
  settings: TaskRunSettings,
  iteration: number,
  attempt: number,
  state: unknown,
  onProgress: (progress: TaskProgress) => void,
  children: string[],
  changed: () => void,
  received: TaskReceivedMessage | undefined,
  onAbortChildren: (ids: string[]) => void,
): Promise<TaskIterationOutcome> {
  const { definition } = start;
  const log = new TaskLogCollector(start.id, iteration, attempt, host.logger, host.logBudgetBytes);
  const attemptAbort = new AbortController();
  const stop = (): void => attemptAbort.abort(start.signal.reason);
  start.signal.addEventListener('abort', stop, { once: true });
  const cancelled = new Promise<never>((_, reject) =>
    attemptAbort.signal.addEventListener('abort', () => reject(new Aborted()), { once: true }),
  );
  cancelled.catch(() => undefined);
  let progress: TaskProgress | undefined;
  const trigger = (async (child: TaskDefinitionRef, childInput?: unknown, childOptions: TaskChildTriggerOptions = {}) => {
    const { trigger: options, abortOnParentEnd } = childTriggerOptions(definition.id, childOptions);
    // The id the Runner derives: from the parent, the iteration and the call's order.
    const id = options.id ?? `${start.id.replace('/', ':')}.${iteration}.${children.length + 1}`;
    const handle = await host.trigger(child, childInput, { ...options, id, parentId: start.id });
    children.push(handle.id);
    if (abortOnParentEnd) onAbortChildren([handle.id]);
    changed();
    return handle;
  }) as TaskContext['trigger'];
  const timeoutMs = msToNumber(settings.timeout);
  const startedAtMs = host.now();
  const context = createTaskContext(
    { info: { attempt, startToCloseTimeoutMs: timeoutMs }, cancellationSignal: attemptAbort.signal },
    { taskId: start.id, definitionId: definition.id, title: settings.title },
    {
      input: start.input,
      ...(state === undefined ? {} : { state }),
      iteration,
      triggeredAt: start.triggeredAt.toISOString(),
      ...(start.parentId ? { parentId: start.parentId } : {}),
      childResults: [...start.childResults],
      ...(received ? { received } : {}),
    },
    startedAtMs,
    {
      log,
      trigger,
      heartbeat: () => undefined,
      progress: (value, details) => {
        progress = details === undefined ? { value } : { value, details };
        onProgress(progress);
      },
    },
    host.now,
  );
  if (host.remainingMs) {
    const remaining = host.remainingMs;
    Object.assign(context, {
      remainingMs: () => remaining({ iteration, attempt }),
      isCloseToTimeout: (ms = 10_000) => remaining({ iteration, attempt }) < ms,
    });
  }
  try {
    const iterationController = createTaskController(definition.id);
    const returned = Promise.resolve().then(() =>
      definition.handler.run({ input: start.input, context, controller: iterationController.controller }),
    );
    const result: unknown = await Promise.race([returned, cancelled]);
    const logs = log.entries;
    return {
      ...toOutcome(definition.id, result, iterationController.built),
      attempt,
      ...(logs.length > 0 ? { logs } : {}),
      ...(progress ? { progress } : {}),
    };
  } catch (err) {
    if (err instanceof Aborted) throw err;
    const failure = toFailure(err, { logs: log.entries, attempt });
    if (failure instanceof ApplicationFailure) throw failure;
    // A CancelledFailure thrown by the handler itself: the task was aborted only if the test aborted it.
    throw ApplicationFailure.create({
      message: (failure as Error).message,
      type: (failure as Error).name,
      details: [null, { logs: log.entries, attempt }],
    });
  } finally {
    start.signal.removeEventListener('abort', stop);
  }
}

/** Runs a hook as the Runner's hook activity does: up to three attempts; the last attempt's lines join the logs. */
async function runHook(
  definition: ResolvedTaskDefinition,
  hook: TaskHookName,
  task: TaskSnapshot,
  host: InMemoryRunHost,
): Promise<TaskLogEntry[]> {
  let entries: TaskLogEntry[] = [];
  for (let attempt = 1; attempt <= HOOK_ATTEMPTS; attempt += 1) {
    const log = new TaskLogCollector(task.id, task.iteration, attempt, host.logger, host.logBudgetBytes);
    try {
      await definition.handler[hook]?.({ task, log });
      return log.entries;
    } catch (err) {
      log.error(`${hook} hook failed: ${err instanceof Error ? err.message : String(err)}`);
      entries = log.entries;
    }
  }
  return entries;
}
