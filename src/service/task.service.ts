import { Inject, Injectable } from '@nestjs/common';
import type { Observable } from 'rxjs';
import { WorkflowExecutionAlreadyStartedError, WorkflowFailedError, WorkflowNotFoundError, type WorkflowExecutionDescription } from '@temporalio/client';
import { ApplicationFailure, TimeoutFailure } from '@temporalio/common';
import { decodeFromPayloadsAtIndex } from '@temporalio/common/lib/internal-non-workflow';
import { executionInfoFromRaw } from '@temporalio/client/lib/helpers';
import { randomUUID } from 'node:crypto';
import { msToNumber } from '@temporalio/common/lib/time';
import { taskMessageSignal } from '../../workflows/task-workflow.messages';
import {
  MEMO,
  TASK_DEFINITION_SEARCH_ATTRIBUTE,
  TASK_PARENT_SEARCH_ATTRIBUTE,
  TASK_STATUS_SEARCH_ATTRIBUTE,
  type TaskLogEntry,
  type TaskProgress,
  type TaskSettings,
} from '../../workflows/task-workflow.types';
import { ensureSearchAttributes } from '../client/ensure-search-attributes';
import { TasksClient } from '../client/tasks-client';
import { validateTaskInput } from '../definition/validate-task-input';
import { withTriggerOverrides } from '../definition/resolve-task-definition';
import { SearchAttributesMissingError } from '../errors/search-attributes-missing.error';
import { InvalidTriggerOptionsError } from '../errors/invalid-trigger-options.error';
import { TaskStateError } from '../errors/task-state.error';
import { UnknownTaskDefinitionError } from '../errors/unknown-task-definition.error';
import { declaredTaskOptions } from '../decorators/task.decorator';
import { TaskSchedules } from '../schedules/task-schedules';
import type { TaskScheduleRegistry } from '../schedules/task-schedule-registry';
import { TaskHandle } from '../task-handle';
import { TaskRegistry } from '../task.registry';
import { TASK_SEARCH_ATTRIBUTES, TASK_TAGS_SEARCH_ATTRIBUTE } from '../tasks.constants';
import { TaskAlreadyExistsError } from '../errors/task-already-exists.error';
import { InvalidTriggerManyItemsError } from '../errors/invalid-trigger-many-items.error';
import { TaskOperationError } from '../errors/task-operation.error';
import { TasksError } from '../errors/tasks.error';
import { TaskNotFoundError } from '../errors/task-not-found.error';
import type { HandlerClass, ResolvedTaskDefinition, TaskDefinitionRef, TaskOutputFor, TaskScheduleOptions, TaskTriggerArgs } from '../task.interfaces';
import type { TaskTriggerAndWaitOptions } from '../task-result.options';
import { assertSerializable } from './assert-serializable';
import { requestTaskAbort } from './request-task-abort';
import { resolveTaskDeadline, withTaskDeadline } from './task-deadline';
import { retrySettings } from '../../workflows/task-deadline';
import { taskSearchAttributes, taskStart, taskStartMemo, type TaskStart } from './task-start';
import { checkPayloadSize, checkTaskId, checkTaskIdLength, checkTriggerOptions } from './check-trigger';
import { debounceTiming } from './check-debounce';
import { startOrSignalTask } from './task-debounce-start';
import { debouncedTaskInput } from './task-debounce-input';
import { checkFilter, checkListOptions } from './check-list-options';
import { TaskBulkActions } from './task-bulk-actions';
import type { TaskBulkResult, TaskRetryManyResult } from './task-bulk-result';
import { InvalidListOptionsError } from '../errors/invalid-list-options.error';
import { taskQuery, type TaskQueryFilters, type TaskScope } from './task-query';
import { mapBounded } from './map-bounded';
import { TRIGGER_MANY_DEFAULT_CONCURRENCY, type TaskInputFor, type TaskTriggerManyItem, type TaskTriggerManyOptions, type TaskTriggerManyResult } from './task-trigger-many.options';
import { isOwnTask, mayBeOwnTaskId } from './task-ownership';
import { TaskHistory } from './task-history';
import type { TaskCounts, TaskErrorInfo, TaskFilter, TaskInfo, TaskListOptions, TaskPage, TaskStatus, TaskSummary } from './task-info';
import { deriveTaskStatus } from './task-status';
import type { TaskReusePolicy, TaskTriggerOptions } from './task-trigger.options';
import type { TaskWatchReader } from './task-poll';
import type { TaskWatchInfo } from './task-watch-info';
import type { TaskWatchOptions } from './task-watch.options';
import { TaskWatches } from './task-watches';
import { checkSendable, checkSendOptions, prepareMessage } from './task-send';
import type { TaskSendOptions } from './task-send.options';
import { TaskEndedError } from '../errors/task-ended.error';

/** Triggers tasks, follows them and manages them. Inject it anywhere in the application. */
@Injectable()
export class TaskService {
  private readonly history: TaskHistory;
  private readonly bulk: TaskBulkActions;

  /**
   * This application's Temporal Schedules, declared in code or created at run time (`create`, `update`, `delete`,
   * `get`, `list({ definition })`, `pause`, `unpause`, `trigger`): see `TaskScheduleRegistry`. Calling it,
   * `schedules()`, lists both kinds, as `schedules.list()` does.
   */
  readonly schedules: TaskScheduleRegistry;
  private orderBy = ' ORDER BY StartTime DESC';

  constructor(
    private readonly temporal: TasksClient,
    private readonly registry: TaskRegistry,
    private readonly taskSchedules: TaskSchedules,
  ) {
    this.history = new TaskHistory(temporal.client, temporal.namespace);
    this.bulk = new TaskBulkActions(temporal, () => this.scope(), (taskId) => this.retry(taskId));
    const schedules = taskSchedules;
    this.schedules = Object.assign(() => schedules.list(), {
      list: (filter?: { definition?: string }) => schedules.list(filter),
      get: (scheduleId: string) => schedules.get(scheduleId),
      create: (definition: TaskDefinitionRef, options: TaskScheduleOptions) => schedules.create(this.resolve(definition), options),
      update: (scheduleId: string, options: Omit<TaskScheduleOptions, 'id'>) => schedules.update(scheduleId, options),
      delete: (scheduleId: string) => schedules.delete(scheduleId),
      pause: (scheduleId: string, note?: string) => schedules.pause(scheduleId, note),
      unpause: (scheduleId: string, note?: string) => schedules.unpause(scheduleId, note),
      trigger: (scheduleId: string) => schedules.trigger(scheduleId),
    });
  }

  /**
   * Starts a task of a definition, given by its class (the input is checked against the class's input type, and the
   * handle's output type follows from it) or by its id. Unknown definitions, invalid options, inputs that fail the
   * definition's schema, inputs Temporal cannot store, and ids or payloads over the limits are refused before
   * anything is started.
   */
  trigger<D extends TaskDefinitionRef>(definition: D, ...[input, options]: TaskTriggerArgs<D>): Promise<TaskHandle<TaskOutputFor<D>>> {
    return this.triggerUntyped(definition, input, options) as Promise<TaskHandle<TaskOutputFor<D>>>;
  }

  /** @internal `trigger` without the type inference, for callers that hold a definition of unknown type. */
  async triggerUntyped(definition: TaskDefinitionRef, input?: unknown, options: TaskTriggerOptions = {}): Promise<TaskHandle> {
    const { start, options: checked } = await this.prepare(this.resolve(definition), input, options);
    return this.start(start, checked, 'trigger');
  }

  /**
   * Starts many tasks of one definition: `items` are inputs, or `{ input, options }` for an item with options of its
   * own. Every item is checked first, as `trigger` checks one (the definition, its options, its input against the
   * schema, the payload limits); then the valid items start, at most `concurrency` at a time. The result lists, in
   * the items' order, each item's handle or its error (a `TasksError`): one refused or failed item never hides the
   * others' fate. With `allOrNothing: true`, one refused item starts nothing (`InvalidTriggerManyItemsError`).
   */
  async triggerMany<D extends TaskDefinitionRef>(
    definition: D,
    items: ReadonlyArray<TaskInputFor<D> | TaskTriggerManyItem<TaskInputFor<D>>>,
    options: TaskTriggerManyOptions = {},
  ): Promise<Array<TaskTriggerManyResult<TaskOutputFor<D>>>> {
    const resolved = this.resolve(definition);
    const { concurrency = TRIGGER_MANY_DEFAULT_CONCURRENCY, allOrNothing = false } = options ?? {};
    const problems: string[] = [];
    if (!Array.isArray(items)) problems.push('items must be an array of inputs or { input, options } items');
    if (!(Number.isInteger(concurrency) && concurrency >= 1 && concurrency <= 1_000)) problems.push(`concurrency must be a whole number from 1 to 1 000, got ${JSON.stringify(concurrency)}`);
    if (problems.length > 0) throw new InvalidTriggerOptionsError(resolved.id, problems);
    const prepared = await mapBounded(items, concurrency, async (item) => {
      const { input, options: itemOptions } = isTriggerManyItem(item) ? item : { input: item, options: undefined };
      try {
        return { ok: true as const, prepared: await this.prepare(resolved, input, itemOptions ?? {}) };
      } catch (err) {
        return { ok: false as const, error: asTasksError(err, 'triggerMany') };
      }
    });
    const refused = prepared.flatMap((item, index) => (item.ok ? [] : [{ index, error: item.error }]));
    if (allOrNothing && refused.length > 0) throw new InvalidTriggerManyItemsError(resolved.id, refused, items.length);
    return mapBounded(prepared, concurrency, async (item): Promise<TaskTriggerManyResult<TaskOutputFor<D>>> => {
      if (!item.ok) return item;
      try {
        const handle = await this.start(item.prepared.start, item.prepared.options, 'trigger');
        return { ok: true, handle: handle as TaskHandle<TaskOutputFor<D>> };
      } catch (err) {
        return { ok: false, error: asTasksError(err, 'triggerMany') };
      }
    });
  }

  /** Every check of a trigger, in order, before anything is started: what `start` then takes. */
  private async prepare(base: ResolvedTaskDefinition, input: unknown, options: TaskTriggerOptions): Promise<{ start: TaskStart; options: TaskTriggerOptions & { id: string } }> {
    checkTriggerOptions(base.id, options);
    await this.checkPriority(base.id, options);
    const resolved = withTriggerOverrides(base, options);
    const validInput = await validateTaskInput(resolved, input);
    assertSerializable(resolved.id, validInput);
    if (options.memo) assertSerializable(resolved.id, options.memo, 'memo');
    const start = { ...taskStart(resolved, validInput, options.parentId), tags: options.tags };
    start.settings = withTaskDeadline(start.settings, resolveTaskDeadline(resolved.deadline, options.deadline, Date.now()));
    if (options.debounce) start.settings.debounce = debounceTiming(options.debounce);
    const id = options.id ?? randomUUID();
    checkTaskIdLength(`${start.definitionId}/${id}`, this.temporal.options.limits.taskIdLength);
    const { limits } = this.temporal.options;
    const converter = this.temporal.client.options.loadedDataConverter;
    await checkPayloadSize(converter, resolved.id, 'input', [validInput], limits.payloadBytes);
    if (options.memo) await checkPayloadSize(converter, resolved.id, 'memo', [options.memo], limits.payloadBytes);
    // A debounced key starts a new task after its task ended, unless the trigger says otherwise.
    return { start, options: { ...options, id, ...(options.debounce && options.reuse === undefined ? { reuse: 'afterClose' as const } : {}) } };
  }

  /** Triggers a task and waits for its output: for scripts and tests. Throws as `TaskHandle.result()` does. */
  async triggerAndWait<D extends TaskDefinitionRef>(definition: D, ...[input, options]: TaskTriggerArgs<D, TaskTriggerAndWaitOptions>): Promise<TaskOutputFor<D>> {
    const { wait, ...trigger } = options ?? {};
    const handle = await this.triggerUntyped(definition, input, trigger);
    return handle.result(wait) as Promise<TaskOutputFor<D>>;
  }

  /**
   * A handle to an existing task of this application, by id, to wait for its result. Its `result()` first checks that
   * the id names one of this application's tasks (`TaskNotFoundError` otherwise), then waits for its latest run.
   */
  getHandle<O = unknown>(taskId: string): TaskHandle<O> {
    checkTaskId(taskId, 'getHandle', this.temporal.options.limits.taskIdLength);
    return new TaskHandle<O>(this.temporal, taskId, definitionOf(taskId), undefined, false, async () => {
      await this.describe(taskId, 'result');
    });
  }

  /** Everything known about a task. Throws `TaskNotFoundError` for an unknown id. */
  async get(taskId: string): Promise<TaskInfo> {
    const description = await this.describe(taskId, 'get');
    return this.temporal.call('get', () => this.info(taskId, description), taskId);
  }

  private async info(taskId: string, description: WorkflowExecutionDescription): Promise<TaskInfo> {
    const summary = toSummary(description, description.historyLength);
    const start = await this.history.runStart(taskId, description.runId);
    const memo = description.memo ?? {};
    const settings = (memo[MEMO.settings] ?? {}) as TaskSettings;
    const pending = description.raw.pendingActivities?.find((activity) => activity.activityType?.name === description.type);
    const heartbeat = pending?.heartbeatDetails?.payloads
      ? await decodeFromPayloadsAtIndex<{ progress?: TaskProgress; children?: string[] }>(this.temporal.client.options.loadedDataConverter, 0, pending.heartbeatDetails.payloads)
      : undefined;
    // Children come from the task's own record, never from visibility (rate-limited on a cluster): those of ended
    // iterations from the memo, those the running iteration has triggered so far from its heartbeat.
    const children = [...new Set([...stringsOr(memo[MEMO.children]), ...(heartbeat?.children ?? [])])];
    const info: TaskInfo = {
      ...summary,
      title: settings.title ?? description.type,
      input: start.input,
      startAt: description.executionTime,
      // A debounced task waiting for its triggers to stop: the latest trigger's input, and its start as it stands.
      ...(summary.status === 'pending' && settings.debounce ? await debouncedTaskInput(this.temporal.client, taskId, description.runId, memo) : {}),
      // A task that succeeded in its first attempt records no attempts in its memo (see the workflow's finish).
      attempts: pending?.attempt ?? numberOr(memo[MEMO.attempts], summary.status === 'success' ? 1 : 0),
      iterations: numberOr(memo[MEMO.iteration], start.carry?.iteration ?? 1),
      progress: heartbeat?.progress ?? (memo[MEMO.progress] as TaskProgress | null | undefined) ?? undefined,
      children,
    };
    const abortReason = memo[MEMO.abortReason];
    if (typeof abortReason === 'string') info.abortReason = abortReason;
    Object.assign(info, waitInfo(summary.status, memo));
    if (summary.status === 'success') info.output = await this.temporal.client.workflow.getHandle(taskId, description.runId).result();
    if (summary.status === 'failed') info.error = await this.errorOf(taskId, settings.retry?.nonRetryableErrorTypes ?? []);
    return info;
  }

  /**
   * This application's tasks (on its task queues, of the definitions it declares), newest first, from Temporal
   * visibility (eventually consistent, and rate-limited on a cluster: with `delete()`'s look-up of runs, the only call
   * that reads it), a page at a time. Filters are checked first (a declared definition, a task id, a status, a
   * `pageSize` from 1 to 1 000, a token from a previous page): `InvalidListOptionsError` otherwise.
   * On SQL visibility stores, which cannot sort, the order is Temporal's own: open tasks, then the latest finished.
   */
  async list(options: TaskListOptions = {}): Promise<TaskPage> {
    checkListOptions(options, this.registry.ids(), this.temporal.options.limits.taskIdLength);
    const scope = this.scope();
    if (scope.definitions.length === 0) return { tasks: [] };
    return this.temporal.call('list', () => this.listPage(scope, options));
  }

  private async listPage(scope: TaskScope, options: TaskListOptions): Promise<TaskPage> {
    const { query, matches } = taskQuery(scope, filterOf(options));
    const { client, namespace } = this.temporal;
    const request = (orderBy: string) =>
      client.workflowService.listWorkflowExecutions({
        namespace,
        query: `${query}${orderBy}`,
        pageSize: options.pageSize ?? 20,
        nextPageToken: options.nextPageToken ? Buffer.from(options.nextPageToken, 'base64') : undefined,
      });
    let response;
    const orderBy = this.orderBy;
    try {
      response = await request(orderBy);
    } catch (err) {
      // SQL visibility (the dev server, PostgreSQL, MySQL) refuses ORDER BY; its own order is open tasks first, then
      // the most recently finished, which is close to newest first. Elasticsearch honours the explicit order. Calls
      // that asked at once all learn it from their own refusal, whichever of them cleared the flag first.
      if (!orderBy || !(err instanceof Error) || !/ORDER BY/i.test(err.message)) throw err;
      this.orderBy = '';
      response = await request('');
    }
    const infos = await Promise.all(
      (response.executions ?? []).map((raw) => executionInfoFromRaw(raw, client.options.loadedDataConverter, raw, namespace)),
    );
    const token = response.nextPageToken && response.nextPageToken.length > 0 ? Buffer.from(response.nextPageToken).toString('base64') : undefined;
    // A retried task has a visibility record per run; show it once, as its newest run.
    const newest = new Map<string, (typeof infos)[number]>();
    for (const info of infos) {
      if (!matches({ workflowId: info.workflowId, parentId: info.typedSearchAttributes.get(TASK_PARENT_SEARCH_ATTRIBUTE) })) continue;
      const known = newest.get(info.workflowId);
      if (!known || info.startTime > known.startTime) newest.set(info.workflowId, info);
    }
    return { tasks: [...newest.values()].map((info) => toSummary(info)), nextPageToken: token };
  }

  /**
   * Asks a running task to stop: its workflow ends canceled (status `aborted`) after its `onAbort` hook. The
   * running iteration's signal aborts within about a heartbeat interval, whether or not the handler heartbeats
   * itself. Returns once the request is recorded; `result()` then throws `TaskAbortedError` with the reason.
   */
  async abort(taskId: string, reason?: string): Promise<void> {
    const description = await this.describe(taskId, 'abort');
    const status = deriveTaskStatus(description.status.name, undefined);
    if (status !== 'pending' && status !== 'running') throw new TaskStateError(taskId, status, 'abort', ['pending', 'running']);
    await this.temporal.call('abort', () => requestTaskAbort(this.temporal.client.workflow, taskId, reason), taskId);
  }

  /**
   * Sends a message to a running task: the task takes it with `controller.waitFor(name)` (at once when it waits for
   * it, else when it next does) and reads it as `context.received`. Checked first as `trigger` checks an input (the
   * definition's schema of that message when it declares `messages`, plain JSON data, `limits.payloadBytes`), then
   * sent as a Temporal signal: resolves once the server has recorded it in the task's history, whether or not a
   * Runner is running. A `messageId` makes a re-delivery harmless: the task drops a message whose id it has seen.
   * Throws `TaskNotFoundError` (no task of this application), `TaskEndedError` (it has ended), `TaskStateError` (its
   * delayed start has not come), `InvalidSendOptionsError`, `TaskInputValidationError`, `TaskInputNotSerializableError`
   * or `TaskPayloadTooLargeError` (nothing sent).
   */
  async send(taskId: string, name: string, payload?: unknown, options: TaskSendOptions = {}): Promise<void> {
    checkSendOptions(taskId, name, options);
    const description = await this.describe(taskId, 'send');
    const size = { converter: this.temporal.client.options.loadedDataConverter, limitBytes: this.temporal.options.limits.payloadBytes };
    const message = await prepareMessage(this.registry.get(description.type), taskId, name, payload, options, size);
    const recorded = description.typedSearchAttributes.get(TASK_STATUS_SEARCH_ATTRIBUTE);
    checkSendable(taskId, name, deriveTaskStatus(description.status.name, recorded), recorded === 'pending');
    const handle = this.temporal.client.workflow.getHandle(taskId);
    await this.temporal.call(
      'send',
      async () => {
        try {
          await handle.signal(taskMessageSignal, message);
        } catch (err) {
          // It ended between the check and the signal: the server refuses signals to closed executions.
          if (err instanceof WorkflowNotFoundError) throw new TaskEndedError(taskId, undefined, `send "${name}"`, err);
          throw err;
        }
      },
      taskId,
    );
  }

  /** Runs a failed or aborted task again with the same input, as a new run of the same task id. */
  async retry(taskId: string): Promise<TaskHandle> {
    const description = await this.describe(taskId, 'retry');
    const status = deriveTaskStatus(description.status.name, undefined);
    if (status !== 'failed' && status !== 'aborted') throw new TaskStateError(taskId, status, 'retry', ['failed', 'aborted']);
    const { input } = await this.temporal.call('retry', () => this.history.runStart(taskId, description.runId), taskId);
    const oldMemo = description.memo ?? {};
    // The same input and settings, as recorded for the task; the user's tags carry over, while the library's own
    // memo (abort reason, progress, ...) belongs to the old run.
    const libraryKeys = new Set<string>(Object.values(MEMO));
    const memo = Object.fromEntries(Object.entries(oldMemo).filter(([key]) => !libraryKeys.has(key)));
    // A retry runs the task's (latest) input again at once: it does not wait for triggers to stop.
    const { debounce: _debounce, ...kept } = (oldMemo[MEMO.settings] ?? {}) as TaskSettings;
    const settings = retrySettings(kept, Date.now());
    const parentId = description.typedSearchAttributes.get(TASK_PARENT_SEARCH_ATTRIBUTE);
    const tags = description.typedSearchAttributes.get(TASK_TAGS_SEARCH_ATTRIBUTE);
    const definition = this.registry.get(description.type);
    const start: TaskStart = {
      definitionId: description.type,
      queue: description.taskQueue,
      input,
      settings,
      parentId,
      tags,
      title: settings.title ?? description.type,
      description: definition.description,
    };
    return this.start(start, { id: taskId.slice(taskId.indexOf('/') + 1), memo }, 'retry');
  }

  /**
   * Removes a finished task, its history and so its logs. Running tasks are refused: abort them first. Finding every
   * run of the task (each continue-as-new and each retry is one) reads visibility, like `list()`.
   */
  async delete(taskId: string): Promise<void> {
    const description = await this.describe(taskId, 'delete');
    const status = deriveTaskStatus(description.status.name, undefined);
    if (status === 'pending' || status === 'running') throw new TaskStateError(taskId, status, 'delete', ['success', 'failed', 'aborted']);
    const { client, namespace } = this.temporal;
    await this.temporal.call(
      'delete',
      async () => {
        const runs = [description.runId];
        const { query, matches } = taskQuery(this.scope(), { taskId });
        for await (const run of client.workflow.list({ query })) {
          if (matches(run) && !runs.includes(run.runId)) runs.push(run.runId);
        }
        for (const runId of runs) {
          await client.workflowService.deleteWorkflowExecution({ namespace, workflowExecution: { workflowId: taskId, runId } });
        }
      },
      taskId,
    );
  }

  /**
   * How many of this application's tasks a filter selects (the filters of `list`, checked the same way), in all and by
   * status. Read from visibility (two counts; on a cluster, rate-limited like `list`), so eventually consistent.
   */
  async count(filter: TaskFilter = {}): Promise<TaskCounts> {
    checkFilter(filter, 'count', this.registry.ids(), this.temporal.options.limits.taskIdLength);
    return this.temporal.call('count', () => this.bulk.count(filterOf(filter)));
  }

  /**
   * Aborts every pending or running task of this application that the filter selects (a `status` other than those
   * is refused), with an optional reason, as `abort` does one. Done by Temporal batch operations, server side: one
   * request from the application whatever the number of tasks (two with a reason: the reason, then the
   * cancellations). Waits up to 2 minutes for the batch to end; reports its job id and Temporal's counts.
   */
  abortMany(filter: TaskFilter, reason?: string): Promise<TaskBulkResult> {
    checkFilter(filter, 'abort', this.registry.ids(), this.temporal.options.limits.taskIdLength);
    if (reason !== undefined && typeof reason !== 'string') throw new InvalidListOptionsError([`reason must be a string, got ${JSON.stringify(reason)}`], 'abort');
    return this.bulk.abortMany(filterOf(filter), reason);
  }

  /**
   * Deletes every ended task (success, failed, aborted) of this application that the filter selects: the final run
   * of each, its history and so its logs. A Temporal batch operation, server side; waits up to 2 minutes for it to
   * end and reports its job id and Temporal's counts. Earlier runs of a task that continued as new stay until the
   * namespace's retention: `delete(id)` removes every run of one task.
   */
  deleteMany(filter: TaskFilter): Promise<TaskBulkResult> {
    checkFilter(filter, 'delete', this.registry.ids(), this.temporal.options.limits.taskIdLength);
    return this.bulk.deleteMany(filterOf(filter));
  }

  /**
   * Retries every failed or aborted task of this application that the filter selects, each through `retry` (a new
   * run with the same input: Temporal has no batch operation for it), 20 at a time. Reports each new run's handle
   * and each task that was not retried with its error.
   */
  retryMany(filter: TaskFilter): Promise<TaskRetryManyResult> {
    checkFilter(filter, 'retry', this.registry.ids(), this.temporal.options.limits.taskIdLength);
    return this.bulk.retryMany(filterOf(filter));
  }

  /**
   * The task as it changes, from its current state until it ends: each state (what `get()` says, with the newest logs)
   * when it differs from the previous one, the final state last, then the iteration ends. Reading writes nothing to
   * the task's history; every watcher of one task in this process shares one poll, at most every `intervalMs`, slower
   * while nothing changes (the module's `watch` options). A task that is not this application's is a
   * `TaskNotFoundError` on the first `next()`, before any state. `signal`, `break` or `return()` end the watch, not
   * the task.
   */
  watch(taskId: string, options: TaskWatchOptions = {}): AsyncIterable<TaskWatchInfo> {
    return this.watches.iterate(taskId, options, this.watchReader(taskId));
  }

  /**
   * `watch` as an RxJS Observable, for Nest's `@Sse`: it emits each state, completes once the task ended, and errors
   * with `TaskNotFoundError` for a task that is not this application's. Nothing is read until it is subscribed;
   * unsubscribing (a closed SSE connection) ends the watch, not the task.
   */
  watch$(taskId: string, options: TaskWatchOptions = {}): Observable<TaskWatchInfo> {
    return this.watches.observe(taskId, options, this.watchReader(taskId));
  }

  @Inject(TaskWatches) private readonly watches!: TaskWatches;

  private watchReader(taskId: string): TaskWatchReader {
    return {
      describe: () => this.describe(taskId, 'watch'),
      info: (description) => this.temporal.call('watch', () => this.info(taskId, description), taskId),
      logs: () => this.temporal.call('watch', () => this.history.logs(taskId), taskId),
    };
  }

  /** The durable logs of a task, running or finished, optionally of one iteration. Read from its history alone. */
  async logs(taskId: string, options: { iteration?: number } = {}): Promise<TaskLogEntry[]> {
    await this.describe(taskId, 'logs');
    const logs = await this.temporal.call('logs', () => this.history.logs(taskId), taskId);
    return options.iteration === undefined ? logs : logs.filter((entry) => entry.iteration === options.iteration);
  }

  /** The definitions this application declares. */
  definitions(): Array<Pick<ResolvedTaskDefinition, 'id' | 'title' | 'description' | 'maxIterations' | 'queue'>> {
    return this.registry.all().map(({ id, title, description, maxIterations, queue }) => ({ id, title, description, maxIterations, queue }));
  }

  /**
   * Refuses priority and fairness where the server would ignore them: priority needs Temporal Server 1.31+, a
   * fairness key needs fairness switched on for the namespace (the module's `fairness` option says it is).
   */
  private async checkPriority(definitionId: string, options: TaskTriggerOptions): Promise<void> {
    const problems: string[] = [];
    if (options.priority !== undefined && !(Number.isInteger(options.priority) && options.priority >= 1)) {
      problems.push(`priority must be a whole number from 1 (first) to 5 (last, by default), got ${JSON.stringify(options.priority)}`);
    }
    if (options.fairnessKey !== undefined) {
      if (typeof options.fairnessKey !== 'string' || options.fairnessKey.length === 0 || options.fairnessKey.length > 64) {
        problems.push(`fairnessKey must be a string of 1 to 64 characters, got ${JSON.stringify(options.fairnessKey)}`);
      } else if (!this.temporal.options.fairness) {
        problems.push(
          'fairnessKey needs fairness on the namespace\'s task queues, which this module does not declare: switch it on in the server (dynamic config matching.enableFairness: true, Temporal Server 1.31+; or the namespace\'s fairness setting in Temporal Cloud), then set TasksModule.forRoot({ fairness: true })',
        );
      }
    }
    if (options.fairnessWeight !== undefined && !(typeof options.fairnessWeight === 'number' && options.fairnessWeight > 0)) {
      problems.push(`fairnessWeight must be a number above zero, got ${JSON.stringify(options.fairnessWeight)}`);
    }
    if (problems.length === 0 && (options.priority !== undefined || options.fairnessKey !== undefined)) {
      const version = await this.temporal.serverVersion();
      if (!atLeast(version, [1, 31])) {
        problems.push(`priority and fairness need Temporal Server 1.31 or later, and this server is ${version || 'of an unknown version'}: it would ignore them`);
      }
    }
    if (problems.length > 0) throw new InvalidTriggerOptionsError(definitionId, problems);
  }

  /** The task queues of this application: the module's, and every definition's. */
  queues(): string[] {
    return [...new Set([this.temporal.taskQueue, ...this.registry.all().map((definition) => definition.queue)])];
  }

  /** Where this application's tasks are, and the only place `TaskService` reads or acts. */
  private scope(): TaskScope {
    return { queues: this.queues(), definitions: this.registry.ids() };
  }

  private async start(start: TaskStart, options: TaskTriggerOptions & { id: string }, why: 'trigger' | 'retry'): Promise<TaskHandle> {
    const taskId = `${start.definitionId}/${options.id}`;
    return this.temporal.call(why, () => this.startWorkflow(taskId, start, options, why), taskId);
  }

  private async startWorkflow(taskId: string, start: TaskStart, options: TaskTriggerOptions, why: 'trigger' | 'retry', registered = false, attempt = 0): Promise<TaskHandle> {
    const { client, namespace, connection } = this.temporal;
    // With a local Runner polling the task's queue, a task that may start now is handed to it directly (eager start).
    const debounce = why === 'trigger' && options.debounce ? { input: start.input, at: new Date().toISOString(), debounce: debounceTiming(options.debounce) } : undefined;
    const delayed = (options.delay !== undefined && msToNumber(options.delay) > 0) || debounce !== undefined;
    const eager = why === 'trigger' && !delayed ? this.temporal.eagerStart(start.queue) : undefined;
    // A debounced trigger lands on whatever runs under its id (signal-with-start): check first that it is ours.
    if (debounce) await this.refuseForeignHolder(taskId, start.definitionId, options.id);
    try {
      const handle = await startOrSignalTask(eager?.client ?? client, start.definitionId, debounce, {
        requestEagerStart: eager !== undefined,
        workflowId: taskId,
        taskQueue: start.queue,
        args: [start.input],
        ...(options.priority !== undefined || options.fairnessKey !== undefined
          ? { priority: { priorityKey: options.priority, fairnessKey: options.fairnessKey, fairnessWeight: options.fairnessWeight } }
          : {}),
        startDelay: delayed ? options.delay : undefined,
        memo: taskStartMemo(start.settings, options.memo),
        staticSummary: start.title,
        staticDetails: start.description,
        typedSearchAttributes: taskSearchAttributes(start, delayed),
        // Idempotency: a key seen before returns that task, running or finished (REJECT_DUPLICATE), once the catch
        // below has checked it is this application's (FAIL rather than USE_EXISTING, which would hand back whatever
        // workflow holds the id). `reuse` lets an ended task's key start a new run; a retry may after a failure or
        // an abort. The server decides atomically, so concurrent triggers of one key start at most one run.
        workflowIdConflictPolicy: 'FAIL',
        workflowIdReusePolicy: why === 'retry' ? 'ALLOW_DUPLICATE_FAILED_ONLY' : REUSE_POLICY[options.reuse ?? 'never'],
      });
      eager?.release();
      return new TaskHandle(this.temporal, taskId, start.definitionId, handle.firstExecutionRunId, handle.eagerlyStarted);
    } catch (err) {
      eager?.release();
      if (err instanceof WorkflowExecutionAlreadyStartedError && why === 'trigger') {
        const description = await client.workflow.getHandle(taskId).describe();
        if (!isOwnTask(this.scope(), description)) throw foreignKeyError(start.definitionId, options.id);
        if (options.onConflict === 'fail') throw new TaskAlreadyExistsError(taskId, options.reuse ?? 'never', err);
        return new TaskHandle(this.temporal, taskId, start.definitionId, description.runId);
      }
      if (isMissingSearchAttribute(err)) {
        // First use of a namespace: register the library's search attributes, then try again while the server's
        // cache of them catches up (a few seconds).
        if (!registered) await ensureSearchAttributes(connection, namespace);
        if (attempt < SEARCH_ATTRIBUTE_PROPAGATION_TRIES) {
          await new Promise((resolve) => setTimeout(resolve, 1_000));
          return this.startWorkflow(taskId, start, options, why, true, attempt + 1);
        }
        throw new SearchAttributesMissingError(namespace, Object.keys(TASK_SEARCH_ATTRIBUTES), err);
      }
      throw err;
    }
  }

  /**
   * Refuses a key whose running workflow is not one of this application's tasks, before a debounced trigger would
   * signal it (a plain trigger learns it from the refused start instead). A workflow started under the key between
   * this check and the signal-with-start is not caught: another application would have to take our definition's ids.
   */
  private async refuseForeignHolder(taskId: string, definitionId: string, key: string | undefined): Promise<void> {
    let description: WorkflowExecutionDescription;
    try {
      description = await this.temporal.client.workflow.getHandle(taskId).describe();
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) return;
      throw err;
    }
    if (description.status.name === 'RUNNING' && !isOwnTask(this.scope(), description)) throw foreignKeyError(definitionId, key);
  }

  /**
   * Temporal's description of the latest run of one of this application's tasks. Checks the id first; an id of no
   * task of this application, or of another application's workflow, is a `TaskNotFoundError` that reveals nothing of it.
   */
  private async describe(taskId: string, operation: string): Promise<WorkflowExecutionDescription> {
    checkTaskId(taskId, operation, this.temporal.options.limits.taskIdLength);
    const scope = this.scope();
    if (!mayBeOwnTaskId(scope, taskId)) throw new TaskNotFoundError(taskId);
    const description = await this.temporal.call(operation, () => this.temporal.client.workflow.getHandle(taskId).describe(), taskId);
    if (!isOwnTask(scope, description)) throw new TaskNotFoundError(taskId);
    return description;
  }

  private async errorOf(taskId: string, nonRetryableTypes: readonly string[]): Promise<TaskErrorInfo> {
    try {
      await this.temporal.client.workflow.getHandle(taskId).result();
    } catch (err) {
      const failure = err instanceof WorkflowFailedError ? err.cause : undefined;
      if (failure instanceof ApplicationFailure) {
        // The workflow wraps the exhausted activity's failure; its innermost ApplicationFailure says whether it was retryable.
        const inner = failure.cause?.cause;
        const type = failure.type ?? 'Error';
        const markedNonRetryable = (inner instanceof ApplicationFailure && inner.nonRetryable === true) || nonRetryableTypes.includes(type);
        const retryable = inner instanceof ApplicationFailure || inner instanceof TimeoutFailure ? !markedNonRetryable : false;
        return { message: failure.message, type, retryable, details: failure.details?.[0] ?? undefined };
      }
      return { message: failure?.message ?? (err instanceof Error ? err.message : String(err)), type: failure?.name ?? 'Error', retryable: false };
    }
    return { message: 'unknown', type: 'Error', retryable: false };
  }

  private resolve(definition: TaskDefinitionRef): ResolvedTaskDefinition {
    if (typeof definition === 'string') return this.registry.get(definition);
    const found = typeof definition === 'function' ? this.registry.findByClass(definition) : undefined;
    if (found) return found;
    const declared = typeof definition === 'function' ? declaredTaskOptions(definition) : undefined;
    throw new UnknownTaskDefinitionError(declared?.id ?? String((definition as HandlerClass | undefined)?.name ?? definition), this.registry.ids(), {
      className: typeof definition === 'function' ? definition.name : undefined,
      decorated: declared !== undefined,
    });
  }

  /**
   * Pauses a schedule, by its id `<definitionId>/<id>`, with an optional note for the Web UI: it triggers nothing
   * until unpaused, and stays paused across restarts. Throws `TaskScheduleNotFoundError` for a schedule this
   * application neither declares nor created at run time. The same as `schedules.pause`.
   */
  pauseSchedule(scheduleId: string, note?: string): Promise<void> {
    return this.taskSchedules.pause(scheduleId, note);
  }

  /** Resumes a paused schedule, by its id `<definitionId>/<id>`. Times missed while paused are not made up. */
  unpauseSchedule(scheduleId: string, note?: string): Promise<void> {
    return this.taskSchedules.unpause(scheduleId, note);
  }
}

/** `reuse` as Temporal's workflow id reuse policy. */
const REUSE_POLICY = { never: 'REJECT_DUPLICATE', afterFailure: 'ALLOW_DUPLICATE_FAILED_ONLY', afterClose: 'ALLOW_DUPLICATE' } as const satisfies Record<TaskReusePolicy, string>;

/** An item of `triggerMany` with options of its own: `{ input }` or `{ input, options }`, and no other key. */
function isTriggerManyItem(item: unknown): item is TaskTriggerManyItem {
  if (typeof item !== 'object' || item === null || Array.isArray(item) || !('input' in item)) return false;
  return Object.keys(item).every((key) => key === 'input' || key === 'options');
}

/** Any error as the library's own: `TasksError`s pass through, anything else becomes a `TaskOperationError`. */
function asTasksError(err: unknown, operation: string): TasksError {
  return err instanceof TasksError ? err : new TaskOperationError(operation, err);
}

/** The filters of a query, from list, count or bulk-action options (already checked). */
export function filterOf(filter: TaskFilter): TaskQueryFilters {
  const { definition, parentId, status, tags, createdAfter, createdBefore } = filter;
  return { definition, parentId, status, tags, createdAfter, createdBefore };
}

/** How long (in tries, one second apart) a trigger waits for newly registered search attributes to take effect. */
const SEARCH_ATTRIBUTE_PROPAGATION_TRIES = 15;

/** A trigger's key held by a workflow that is not a task of this application: refused, and nothing of it revealed. */
function foreignKeyError(definitionId: string, key: string | undefined): InvalidTriggerOptionsError {
  return new InvalidTriggerOptionsError(definitionId, [`id ${JSON.stringify(key)} is taken by a workflow that is not a task of this application: choose another key`]);
}

function isMissingSearchAttribute(err: unknown): boolean {
  const messages = [err, (err as { cause?: unknown } | undefined)?.cause].map((e) => (e instanceof Error ? e.message : ''));
  return messages.some((message) => /no mapping defined for search attribute|search attribute .* is not defined/i.test(message));
}

/** Whether a version string (`1.32.1`, `v1.31.0-rc`) is at least `major.minor`. */
function atLeast(version: string, [major, minor]: [number, number]): boolean {
  const [, got = '', gotMinor = ''] = /(\d+)\.(\d+)/.exec(version) ?? [];
  return Number(got) > major || (Number(got) === major && Number(gotMinor) >= minor);
}

function definitionOf(taskId: string): string {
  return taskId.slice(0, Math.max(0, taskId.indexOf('/')));
}

function stringsOr(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

/** What a waiting task waits for, and the messages it has not taken, from its memo (see the workflow's mailbox). */
function waitInfo(status: TaskStatus, memo: Record<string, unknown>): Pick<TaskInfo, 'waitingFor' | 'messages'> {
  const waiting = memo[MEMO.waitingFor] as { name?: unknown; until?: unknown } | null | undefined;
  const unread = Array.isArray(memo[MEMO.messages]) ? (memo[MEMO.messages] as Array<{ name: string; receivedAt: string; id?: string }>) : [];
  return {
    ...(status === 'waiting' && typeof waiting?.name === 'string'
      ? { waitingFor: { name: waiting.name, ...(typeof waiting.until === 'string' ? { until: new Date(waiting.until) } : {}) } }
      : {}),
    ...(unread.length > 0 ? { messages: unread.map(({ name, receivedAt, id }) => ({ name, receivedAt: new Date(receivedAt), ...(id === undefined ? {} : { id }) })) } : {}),
  };
}

function numberOr(value: unknown, fallback: number): number {
  return typeof value === 'number' ? value : fallback;
}

function toSummary(
  info: Pick<WorkflowExecutionDescription, 'workflowId' | 'type' | 'status' | 'startTime' | 'closeTime' | 'typedSearchAttributes' | 'memo'>,
  historyLength?: number,
): TaskSummary {
  const parentId = info.typedSearchAttributes.get(TASK_PARENT_SEARCH_ATTRIBUTE);
  // The trigger time survives continue-as-new in the memo; a run's own start time does not.
  const triggeredAt = info.memo?.[MEMO.triggeredAt];
  return {
    id: info.workflowId,
    definitionId: info.typedSearchAttributes.get(TASK_DEFINITION_SEARCH_ATTRIBUTE) ?? info.type,
    status: deriveTaskStatus(info.status.name, info.typedSearchAttributes.get(TASK_STATUS_SEARCH_ATTRIBUTE), historyLength),
    ...(parentId ? { parentId } : {}),
    createdAt: typeof triggeredAt === 'string' ? new Date(triggeredAt) : info.startTime,
    ...(info.closeTime ? { finishedAt: info.closeTime } : {}),
  };
}
