import { NotModelledInMemoryError } from '../errors/not-modelled-in-memory.error';
import { Injectable, Logger, type LoggerService } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { msToNumber } from '@temporalio/common/lib/time';
import { recordChildResult } from '../../workflows/task-semantics';
import { openMailbox, receiveMessage, unreadMessages } from '../../workflows/task-mailbox';
import type { TaskChildResult, TaskLogEntry, TaskMailbox } from '../../workflows/task-workflow.types';
import { checkSendable, checkSendOptions, prepareMessage } from '../service/task-send';
import type { TaskSendOptions } from '../service/task-send.options';
import { declaredTaskOptions } from '../decorators/task.decorator';
import { validateTaskInput } from '../definition/validate-task-input';
import { withTriggerOverrides } from '../definition/resolve-task-definition';
import { TaskAbortedError } from '../errors/task-aborted.error';
import { TaskFailedError } from '../errors/task-failed.error';
import { TaskDeadlineExceededError } from '../errors/task-deadline-exceeded.error';
import { DEADLINE_EXCEEDED_FAILURE_TYPE } from '../../workflows/task-deadline';
import { resolveTaskDeadline } from '../service/task-deadline';
import { retrySettings } from '../../workflows/task-deadline';
import { taskDeadlineMs } from '../../workflows/task-deadline';
import type { TaskSettings } from '../../workflows/task-workflow.types';
import { TaskNotFoundError } from '../errors/task-not-found.error';
import { TaskResultTimeoutError } from '../errors/task-result-timeout.error';
import { TaskStateError } from '../errors/task-state.error';
import { UnknownTaskDefinitionError } from '../errors/unknown-task-definition.error';
import { ResolvedTasksOptions } from '../options/resolved-tasks-options';
import { assertSerializable } from '../service/assert-serializable';
import { checkListOptions } from '../service/check-list-options';
import { checkTaskId, checkTaskIdLength, checkTriggerOptions } from '../service/check-trigger';
import type { TaskInfo, TaskListOptions, TaskPage, TaskSummary } from '../service/task-info';
import type { TaskTriggerOptions } from '../service/task-trigger.options';
import { TaskHandle } from '../task-handle';
import type { TaskResultOptions, TaskTriggerAndWaitOptions } from '../task-result.options';
import { TaskRegistry } from '../task.registry';
import type { HandlerClass, ResolvedTaskDefinition, TaskDefinitionRef, TaskOutputFor, TaskTriggerArgs } from '../task.interfaces';
import { runInMemory, type InMemoryTaskEnd, type InMemoryTaskLive } from './in-memory-task-run';
import { TaskTestClock } from './task-test-clock';

/** A task's deadline as its settings hold it. */
type TaskDeadlineSettings = Pick<TaskSettings, 'deadline' | 'deadlineAfter'>;

/** The time of a run's deadline (a duration counted from the run's trigger), or `null` for none. */
function deadlineTime(deadline: TaskDeadlineSettings, triggeredAt: Date): string | null {
  const ms = taskDeadlineMs(deadline, triggeredAt.toISOString());
  return ms === undefined ? null : new Date(ms).toISOString();
}

/** One task (its latest run) as the in-memory service keeps it. */
interface TaskRecord {
  info: TaskInfo;
  definition: ResolvedTaskDefinition;
  options: TaskTriggerOptions;
  /** Resolved at the trigger, on the virtual clock. */
  deadline: TaskDeadlineSettings;
  abort: AbortController;
  childResults: TaskChildResult[];
  logs: TaskLogEntry[];
  /** Messages sent and not yet taken (workflows/task-mailbox.ts, as the workflow keeps them). */
  mailbox: TaskMailbox;
  ended: Promise<InMemoryTaskEnd | 'abortedBeforeStart'>;
}

/**
 * `TaskService` in memory, for `TasksTestingModule`: the same methods, statuses, errors and outcomes, with tasks run
 * in this process by the in-memory engine (the workflow's own decisions, `workflows/task-semantics.ts`) on the
 * module's virtual clock (`TaskTestClock`). Injected wherever the application injects `TaskService`.
 */
@Injectable()
export class InMemoryTaskService {
  private readonly tasks = new Map<string, TaskRecord>();
  private readonly waiters = new Set<() => void>();
  private readonly logger: LoggerService = new Logger('TaskRunner');

  constructor(
    private readonly registry: TaskRegistry,
    private readonly options: ResolvedTasksOptions,
    private readonly clock: TaskTestClock,
  ) {}

  trigger<D extends TaskDefinitionRef>(definition: D, ...[input, options]: TaskTriggerArgs<D>): Promise<TaskHandle<TaskOutputFor<D>>> {
    return this.triggerUntyped(definition, input, options) as Promise<TaskHandle<TaskOutputFor<D>>>;
  }

  /** @internal `trigger` without the type inference. */
  async triggerUntyped(definition: TaskDefinitionRef, input?: unknown, options: TaskTriggerOptions = {}): Promise<TaskHandle> {
    const base = this.resolve(definition);
    checkTriggerOptions(base.id, options);
    if (options.debounce) throw new NotModelledInMemoryError('trigger (with debounce)');
    const resolved = withTriggerOverrides(base, options);
    const validInput = await validateTaskInput(resolved, input);
    assertSerializable(resolved.id, validInput);
    if (options.memo) assertSerializable(resolved.id, options.memo, 'memo');
    const id = `${resolved.id}/${options.id ?? randomUUID()}`;
    checkTaskIdLength(id, this.options.limits.taskIdLength);
    // An idempotency key: a second trigger finds the task the first one started, as Temporal does.
    const existing = this.tasks.get(id);
    if (existing && (existing.info.status === 'pending' || existing.info.status === 'running' || existing.info.status === 'waiting')) return this.handle(id, resolved.id);
    this.start(id, resolved, validInput, options);
    return this.handle(id, resolved.id);
  }

  /** Triggers a task and waits for its output. Throws as `TaskHandle.result()` does. */
  async triggerAndWait<D extends TaskDefinitionRef>(
    definition: D,
    ...[input, options]: TaskTriggerArgs<D, TaskTriggerAndWaitOptions>
  ): Promise<TaskOutputFor<D>> {
    const { wait, ...trigger } = options ?? {};
    const handle = await this.triggerUntyped(definition, input, trigger);
    return handle.result(wait) as Promise<TaskOutputFor<D>>;
  }

  /** A handle to an existing task, by id. */
  getHandle<O = unknown>(taskId: string): TaskHandle<O> {
    checkTaskId(taskId, 'getHandle', this.options.limits.taskIdLength);
    return this.handle(taskId, taskId.slice(0, taskId.indexOf('/'))) as TaskHandle<O>;
  }

  /** Everything known about a task. Throws `TaskNotFoundError` for an unknown id. */
  async get(taskId: string): Promise<TaskInfo> {
    const info = this.record(taskId, 'get').info;
    return Promise.resolve(structuredClone(info));
  }

  /** Tasks of this application, newest first, filtered and paged as `TaskService.list` does. */
  async list(options: TaskListOptions = {}): Promise<TaskPage> {
    checkListOptions(options, this.registry.ids(), this.options.limits.taskIdLength);
    const all = [...this.tasks.values()]
      .map(({ info }) => info)
      .filter(
        (info) =>
          (options.definition === undefined || info.definitionId === options.definition) &&
          (options.status === undefined || info.status === options.status) &&
          (options.parentId === undefined || info.parentId === options.parentId),
      )
      .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime());
    const from = options.nextPageToken === undefined ? 0 : Number(options.nextPageToken);
    const size = options.pageSize ?? 20;
    const tasks: TaskSummary[] = all
      .slice(from, from + size)
      .map(({ id, definitionId, status, parentId, createdAt, finishedAt }) => ({
        id,
        definitionId,
        status,
        createdAt,
        ...(parentId ? { parentId } : {}),
        ...(finishedAt ? { finishedAt } : {}),
      }));
    return Promise.resolve({ tasks, ...(from + size < all.length ? { nextPageToken: String(from + size) } : {}) });
  }

  /** Aborts a pending or running task: its handler's `context.signal` aborts, and it ends `aborted`. */
  async abort(taskId: string, reason?: string): Promise<void> {
    const task = this.record(taskId, 'abort');
    const { status } = task.info;
    if (status !== 'pending' && status !== 'running' && status !== 'waiting') throw new TaskStateError(taskId, status, 'abort', ['pending', 'running', 'waiting']);
    if (reason !== undefined) task.info.abortReason = reason;
    task.abort.abort(reason);
    await this.clock.settle();
  }

  /**
   * Sends a message to a task, checked as `TaskService.send` checks it (name and options, the definition's message
   * schema, plain JSON data; not the encoded size), into the mailbox the workflow's own functions keep; resolves
   * once every task has settled on the clock. A task waiting for it with a timeout must be on a `'manual'` clock to
   * receive it before the timeout (on `'auto'` every wait passes at once).
   */
  async send(taskId: string, name: string, payload?: unknown, options: TaskSendOptions = {}): Promise<void> {
    checkSendOptions(taskId, name, options);
    const task = this.record(taskId, 'send');
    const message = await prepareMessage(task.definition, taskId, name, payload, options);
    checkSendable(taskId, name, task.info.status, task.info.status === 'pending');
    if (receiveMessage(task.mailbox, { ...message, receivedAt: this.clock.now().toISOString() })) this.showMessages(task);
    for (const wake of [...this.waiters]) wake();
    await this.clock.settle();
  }

  /** Aborts a parent's `onParentEnd: 'abort'` child, as `abort` does, from a running parent (so without settling the clock). */
  private abortChild(childId: string, reason: string): void {
    const child = this.tasks.get(childId);
    if (!child || (child.info.status !== 'pending' && child.info.status !== 'running' && child.info.status !== 'waiting')) return;
    child.info.abortReason = reason;
    child.abort.abort(reason);
  }

  /** Runs a failed or aborted task again with the same input, as a new run of the same task id. */
  async retry(taskId: string): Promise<TaskHandle> {
    const task = this.record(taskId, 'retry');
    const { status } = task.info;
    if (status !== 'failed' && status !== 'aborted') throw new TaskStateError(taskId, status, 'retry', ['failed', 'aborted']);
    // As on Temporal: a deadline that was a duration counts again from the retry, a Date that has passed is dropped.
    this.start(taskId, task.definition, task.info.input, { ...task.options, delay: undefined }, retrySettings(task.deadline, this.clock.nowMs()));
    return Promise.resolve(this.handle(taskId, task.definition.id));
  }

  /** Removes a finished task and its logs. Running tasks are refused: abort them first. */
  async delete(taskId: string): Promise<void> {
    const { status } = this.record(taskId, 'delete').info;
    if (status === 'pending' || status === 'running' || status === 'waiting') throw new TaskStateError(taskId, status, 'delete', ['success', 'failed', 'aborted']);
    this.tasks.delete(taskId);
    return Promise.resolve();
  }

  /** The durable logs of a task, running or finished, optionally of one iteration. */
  async logs(taskId: string, options: { iteration?: number } = {}): Promise<TaskLogEntry[]> {
    const { logs } = this.record(taskId, 'logs');
    return Promise.resolve(options.iteration === undefined ? [...logs] : logs.filter((entry) => entry.iteration === options.iteration));
  }

  /** The definitions this application declares. */
  definitions(): Array<Pick<ResolvedTaskDefinition, 'id' | 'title' | 'description' | 'maxIterations' | 'queue'>> {
    return this.registry
      .all()
      .map(({ id, title, description, maxIterations, queue }) => ({ id, title, description, maxIterations, queue }));
  }

  // Not modelled in memory: each throws `NotModelledInMemoryError` naming itself (test it against a real server).
  readonly triggerMany = notModelled('triggerMany');
  readonly count = notModelled('count');
  readonly abortMany = notModelled('abortMany');
  readonly deleteMany = notModelled('deleteMany');
  readonly retryMany = notModelled('retryMany');
  readonly watch = notModelled('watch');
  readonly watch$ = notModelled('watch$');
  readonly pauseSchedule = notModelled('pauseSchedule');
  readonly unpauseSchedule = notModelled('unpauseSchedule');

  /** The task queues of this application's definitions. */
  queues(): string[] {
    return [...new Set(this.registry.all().map((definition) => definition.queue))];
  }

  private start(id: string, definition: ResolvedTaskDefinition, input: unknown, options: TaskTriggerOptions, retried?: TaskDeadlineSettings): void {
    const createdAt = this.clock.now();
    const delayMs = options.delay === undefined ? 0 : msToNumber(options.delay);
    const info: TaskInfo = {
      id,
      definitionId: definition.id,
      title: definition.title,
      status: delayMs > 0 ? 'pending' : 'running',
      createdAt,
      input,
      attempts: 0,
      iterations: 1,
      children: [],
      ...(options.parentId ? { parentId: options.parentId } : {}),
      ...(delayMs > 0 ? { startAt: new Date(createdAt.getTime() + delayMs) } : {}),
    };
    const abort = new AbortController();
    const deadline = retried ?? resolveTaskDeadline(definition.deadline, options.deadline, createdAt.getTime());
    const task: TaskRecord = { info, definition, options, deadline, abort, childResults: [], logs: [], mailbox: openMailbox(), ended: Promise.resolve('abortedBeforeStart') };
    this.tasks.set(id, task);
    this.clock.busy += 1;
    task.ended = this.run(task, delayMs);
    void task.ended.then(() => {
      this.clock.busy -= 1;
      for (const wake of [...this.waiters]) wake();
    });
  }

  private async run(task: TaskRecord, delayMs: number): Promise<InMemoryTaskEnd | 'abortedBeforeStart'> {
    const { info } = task;
    if (delayMs > 0) {
      try {
        await this.waiting(() => this.clock.sleep(delayMs, task.abort.signal));
      } catch {
        // Aborted before it started: the workflow never ran, so no hook runs.
        Object.assign(info, { status: 'aborted', finishedAt: this.clock.now() });
        return 'abortedBeforeStart';
      }
      info.status = 'running';
    }
    const end = await runInMemory(
      {
        id: info.id,
        definition: task.definition,
        input: info.input,
        triggeredAt: info.createdAt,
        ...(info.parentId ? { parentId: info.parentId } : {}),
        signal: task.abort.signal,
        childResults: task.childResults,
        mailbox: task.mailbox,
        deadline: deadlineTime(task.deadline, info.createdAt),
      },
      {
        logger: this.logger,
        logBudgetBytes: this.options.limits.logBytes,
        now: () => this.clock.nowMs(),
        wait: (ms, _why, signal) => this.waiting(() => this.clock.sleep(ms, signal)),
        until: (done, signal) => this.waiting(() => this.until(done, signal)),
        waitForMessage: ({ timeoutMs }, arrived, signal) => this.waiting(() => this.untilMessage(arrived, timeoutMs, signal)),
        trigger: (child, childInput, options) => this.triggerUntyped(child, childInput, options),
        abortChild: (childId, reason) => this.abortChild(childId, reason),
        changed: (live) => this.update(task, live),
      },
    );
    task.logs = end.logs;
    Object.assign(info, {
      status: end.status,
      finishedAt: this.clock.now(),
      iterations: end.iterations,
      attempts: end.attempts,
      ...(end.progress ? { progress: end.progress } : {}),
      ...(end.status === 'success' ? { output: end.output } : {}),
      ...(end.error ? { error: end.error } : {}),
      ...(end.abortReason === undefined ? {} : { abortReason: end.abortReason }),
    });
    const parent = info.parentId === undefined ? undefined : this.tasks.get(info.parentId);
    if (parent) {
      recordChildResult(parent.childResults, {
        id: info.id,
        status: end.status,
        ...(end.status === 'success' ? { output: end.output } : {}),
        ...(end.error ? { error: { message: end.error.message, type: end.error.type } } : {}),
      });
    }
    return end;
  }

  private update(task: TaskRecord, live: InMemoryTaskLive): void {
    task.logs = [...live.logs];
    task.info.status = live.waitingFor ? 'waiting' : 'running';
    if (live.waitingFor) {
      const { name, untilMs } = live.waitingFor;
      task.info.waitingFor = { name, ...(untilMs === undefined ? {} : { until: new Date(untilMs) }) };
    } else {
      delete task.info.waitingFor;
    }
    this.showMessages(task);
    Object.assign(task.info, {
      iterations: live.iteration,
      attempts: live.attempts,
      children: [...live.children],
      ...(live.progress ? { progress: live.progress } : {}),
    });
  }

  /** Counts a task as waiting (not busy) while `wait` is pending, so the clock knows when everything has settled. */
  private async waiting(wait: () => Promise<void>): Promise<void> {
    this.clock.busy -= 1;
    try {
      await wait();
    } finally {
      this.clock.busy += 1;
    }
  }

  /** `TaskInfo.messages`: the unread messages, as the workflow's memo lists them. */
  private showMessages(task: TaskRecord): void {
    const unread = unreadMessages(task.mailbox);
    if (unread) task.info.messages = unread.map(({ receivedAt, ...rest }) => ({ ...rest, receivedAt: new Date(receivedAt) }));
    else delete task.info.messages;
  }

  /** Until a message arrives (`arrived()`), or `timeoutMs` passes on the clock; rejects when `signal` aborts. */
  private async untilMessage(arrived: () => boolean, timeoutMs: number | undefined, signal: AbortSignal): Promise<void> {
    if (timeoutMs === undefined) return this.until(arrived, signal);
    // Whichever ends first, the other is called off, so that no waiter or timer is left behind.
    const over = new AbortController();
    const stop = (): void => over.abort();
    signal.addEventListener('abort', stop, { once: true });
    const waits = [this.until(arrived, over.signal), this.clock.sleep(timeoutMs, over.signal)];
    for (const wait of waits) wait.catch(() => undefined);
    try {
      await Promise.race(waits);
    } finally {
      signal.removeEventListener('abort', stop);
      over.abort();
    }
  }

  private until(done: () => boolean, signal: AbortSignal): Promise<void> {
    if (done()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const check = (): void => {
        if (signal.aborted) {
          this.waiters.delete(check);
          reject(new Error('aborted'));
        } else if (done()) {
          this.waiters.delete(check);
          resolve();
        }
      };
      this.waiters.add(check);
      signal.addEventListener('abort', check, { once: true });
    });
  }

  private handle(taskId: string, definitionId: string): TaskHandle {
    return new InMemoryTaskHandle(taskId, definitionId, () => this.record(taskId, 'result'));
  }

  private record(taskId: string, operation: string): TaskRecord {
    checkTaskId(taskId, operation, this.options.limits.taskIdLength);
    const task = this.tasks.get(taskId);
    if (!task) throw new TaskNotFoundError(taskId);
    return task;
  }

  private resolve(definition: TaskDefinitionRef): ResolvedTaskDefinition {
    if (typeof definition === 'string') return this.registry.get(definition);
    const found = typeof definition === 'function' ? this.registry.findByClass(definition) : undefined;
    if (found) return found;
    const declared = typeof definition === 'function' ? declaredTaskOptions(definition) : undefined;
    throw new UnknownTaskDefinitionError(
      declared?.id ?? String((definition as HandlerClass | undefined)?.name ?? definition),
      this.registry.ids(),
      {
        className: typeof definition === 'function' ? definition.name : undefined,
        decorated: declared !== undefined,
      },
    );
  }
}

/** A handle whose `result()` waits for the in-memory task's end. */
class InMemoryTaskHandle<O = unknown> extends TaskHandle<O> {
  constructor(
    id: string,
    definitionId: string,
    private readonly task: () => TaskRecord,
  ) {
    // No server: `result()` below is the only part of a handle that would reach one.
    super(undefined as never, id, definitionId);
  }

  override async result(options: TaskResultOptions = {}): Promise<O> {
    const task = this.task();
    const timeoutMs = options.timeout === undefined ? undefined : msToNumber(options.timeout);
    let timer: NodeJS.Timeout | undefined;
    const ended = await Promise.race([
      task.ended,
      ...(timeoutMs === undefined
        ? []
        : [
            new Promise<never>(
              (_, reject) => (timer = setTimeout(() => reject(new TaskResultTimeoutError(this.id, timeoutMs)), timeoutMs)),
            ),
          ]),
    ]).finally(() => clearTimeout(timer));
    const { info } = task;
    if (ended !== 'abortedBeforeStart' && ended.status === 'success') return ended.output as O;
    if (info.status === 'failed' && info.error?.type === DEADLINE_EXCEEDED_FAILURE_TYPE) {
      throw new TaskDeadlineExceededError(this.id, new Date((info.error.details as { deadline: string }).deadline), info.error.message);
    }
    if (info.status === 'failed')
      throw new TaskFailedError(this.id, info.error?.message ?? 'failed', info.error?.type ?? 'Error', info.error?.details);
    throw new TaskAbortedError(this.id, info.abortReason);
  }
}

/** A `TaskService` method the in-memory engine does not model: it throws `NotModelledInMemoryError` naming it. */
function notModelled(method: string): () => never {
  return () => {
    throw new NotModelledInMemoryError(method);
  };
}
