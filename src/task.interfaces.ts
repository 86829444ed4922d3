/**
 * Public types of nestjs-temporal-tasks.
 *
 * Glossary
 * - **Task**: one piece of background work, triggered with a definition id and an input. It runs outside the HTTP
 *   request/response cycle and ends with a status. One task is one Temporal workflow execution; its id is the
 *   workflow id.
 * - **Definition**: what a kind of task does: a Nest provider decorated with `@Task({ id, ... })` whose `run`
 *   method is the handler. One definition is one Temporal workflow type and one activity type, both named `id`.
 * - **Runner**: finds tasks and runs them: a Temporal Worker managed by Nest. Its polling of the task queue is the
 *   *iterate*, its activity execution is the *run*.
 * - **Context**: what a running task sees: its data (id, definition, input, state, attempt, iteration) and its
 *   operations (log, heartbeat, abort signal, time left).
 * - **Controller**: how a task ends an iteration: `success`, `error`, `abort`, `continue` or `waitFor`.
 * - **Message**: data sent to a running task with `TaskService.send(taskId, name, payload)`; a task waits for one with
 *   `controller.waitFor(name)` and reads it in its next iteration as `context.received`.
 * - **Iteration**: one call of the handler. A handler that returns `controller.continue(state)` is called again
 *   with that state, after an optional durable delay, until it ends otherwise or reaches `maxIterations`.
 * - **Attempt**: one try of an iteration. A failed iteration is retried by Temporal under the definition's
 *   retry policy; each retry is a new attempt of the same iteration.
 * - **Status**: where a task stands: `pending`, `running`, `waiting`, `success`, `failed` or `aborted`.
 */
import type { Duration } from '@temporalio/common';
import type { TaskChildResult, TaskSnapshot } from '../workflows/task-workflow.types';
import type { StandardSchemaV1 } from './definition/standard-schema';
import type { TaskHandle } from './task-handle';
import type { TaskOutcome } from './task-outcome';
import type { TaskTriggerOptions } from './service/task-trigger.options';
import type { TaskChildTriggerOptions } from './service/task-child-trigger.options';

export type { Duration, TaskChildResult, TaskSnapshot };

/** Retry policy of a definition's iterations. Durations are Temporal duration strings (`'1s'`, `'5 minutes'`) or ms. */
export interface TaskRetryPolicy {
  /**
   * How many attempts an iteration gets, the first included. Must be a positive whole number: unlimited retries
   * are refused, so that no task can retry forever unnoticed.
   * @default 3
   */
  maximumAttempts?: number;
  /** Wait before the first retry. @default '1s' */
  initialInterval?: Duration;
  /** Factor the wait grows by with each retry. @default 2 */
  backoffCoefficient?: number;
  /** Longest wait between two attempts. @default '1 minute' */
  maximumInterval?: Duration;
  /** Error types (the `name` of a thrown Error) that are never retried. @default [] */
  nonRetryableErrorTypes?: string[];
}

/** Options of `@Task(...)`: one task definition. */
export interface TaskDefinitionOptions {
  /**
   * The definition id: a letter followed by letters, digits, `_` or `-`, at most 200 characters (camelCase
   * recommended, e.g. `importCsv`).
   * It is the Temporal workflow type and activity type, and the first part of every task id of this definition.
   */
  id: string;
  /** Human-readable name, shown as the workflow's summary in the Temporal Web UI. @default the id */
  title?: string;
  /**
   * Task queue of this definition's tasks. Each queue gets a Temporal Worker of its own in the Runner, with its own
   * slots and limits (`runner.queueLimits`), and a process can serve only some queues (`runner.queues`): give heavy
   * or rate-limited work a queue of its own to scale and limit it apart from the rest.
   * @default the module's `taskQueue`
   */
  queue?: string;
  /** What the task does: returned by `definitions()` and shown as the workflow's details in the Web UI. @default none */
  description?: string;
  /**
   * Retry policy of each iteration. Unset fields take the module's `defaults.retry`, then the library's defaults.
   * @default the module's `defaults.retry`, field by field, then TaskRetryPolicy's defaults (3 attempts)
   */
  retry?: TaskRetryPolicy;
  /**
   * Longest time one attempt of an iteration may run (Temporal's start-to-close timeout).
   * @default '10 minutes'; '10 seconds' for a `local` definition
   */
  timeout?: Duration;
  /**
   * Longest silence from a running attempt before Temporal considers its worker lost and retries it (a lost worker
   * costs the attempt it was running). The Runner heartbeats for the handler every second, so this only fires when
   * the process dies, hangs, or blocks its event loop this long: raise it for handlers that run long synchronous
   * CPU work. A crashed worker's task runs again about this long plus the first retry interval after the crash.
   * @default '10 seconds'
   */
  heartbeatTimeout?: Duration;
  /** Most iterations a task of this definition may run; asking for more fails the task. @default 50 */
  maxIterations?: number;
  /**
   * Longest time a task of this definition may take as a whole, counted from its trigger: iterations, retries and
   * their backoff, delays and waits for children included. Past it the running attempt is cancelled and the task fails
   * with type `TaskDeadlineExceeded`, after its `onError` hook (`result()` throws `TaskDeadlineExceededError`). A
   * trigger's own `deadline` wins over it.
   * @default none (a task may run as long as its iterations allow)
   */
  deadline?: Duration;
  /**
   * Run each iteration as a Temporal **local activity**: in the Runner that runs the task's workflow task, without a
   * round trip through the task queue, recorded in the history as one marker instead of three activity events. For
   * short iterations (a call to an API, a row to write): a one-iteration local task costs the server about half of
   * a regular one and finishes in about half the time (docs/performance.md). What changes:
   * - `timeout` defaults to 10 seconds. With a `timeout` longer than 10 seconds (`LOCAL_ITERATION_MAX_TIMEOUT`, on the
   *   definition or a trigger) iterations run as regular activities, as without `local` (the Runner warns at start-up):
   *   a local activity holds its workflow task open while it runs.
   * - An abort reaches a running iteration only when its workflow task is processed: when the iteration ends, or
   *   when the worker renews the workflow task, about 8 seconds in (80% of the workflow task timeout), rather than
   *   within a heartbeat interval. `context.heartbeat` does nothing, `heartbeatTimeout` does not apply, and progress
   *   is visible once the iteration ends.
   * - Retries follow `retry` as usual; the Runner waits out backoffs up to a minute itself, longer ones as a durable
   *   timer. A Runner that dies mid-iteration is noticed when its workflow task times out (10 seconds), and the
   *   iteration then runs again from its first attempt on another Runner.
   * Hooks and `controller.abort` still run as regular activities.
   * @default false
   */
  local?: boolean;
  /**
   * Schema of the input, checked at trigger time: zod, valibot, arktype or any Standard Schema
   * (https://standardschema.dev). An invalid input is refused with `TaskInputValidationError` naming the field,
   * and nothing is started. The schema's output (with its defaults and transforms) becomes the task's input.
   * @default undefined (any serialisable input)
   */
  schema?: StandardSchemaV1;
  /**
   * Schemas of the messages this definition's tasks receive (`TaskService.send(taskId, name, payload)`), by message
   * name: any Standard Schema, as `schema`. When set, `send` refuses a name it does not list and a payload its schema
   * refuses (`TaskInputValidationError`, naming the field); the schema's output is what the task receives.
   * @default undefined (any message name, any serialisable payload)
   */
  messages?: Record<string, StandardSchemaV1>;
  /**
   * Nest events (`@nestjs/event-emitter`) that trigger this definition, with the event payload as input (or what
   * `map` makes of it). Needs `EventEmitterModule.forRoot()` in the application.
   * @default [] (no event triggers)
   */
  events?: Array<string | TaskEventTrigger>;
  /**
   * Temporal Schedules that trigger this definition on a cron or an interval. Created, or updated to match, when the
   * application starts; listed and paused through `TaskService`.
   * @default [] (no schedules)
   */
  schedules?: TaskScheduleOptions[];
}

/** An event that triggers a definition. */
export interface TaskEventTrigger {
  /** The event name, as passed to `EventEmitter2.emit`. Wildcards follow the emitter's settings. */
  event: string;
  /** Turns the event payload into the task's input. @default the payload itself */
  map?: (payload: unknown) => unknown;
  /** An idempotency key from the payload, so the same event never triggers two tasks. @default none */
  key?: (payload: unknown) => string;
}

/** A Temporal Schedule that triggers a definition. */
export interface TaskScheduleOptions {
  /** Schedule id, unique in the namespace; the Temporal Schedule is named `<definitionId>/<id>`. */
  id: string;
  /** Cron expression(s), e.g. `'0 3 * * *'`. One of `cron` and `every` is required. @default none (then `every` is required) */
  cron?: string | string[];
  /** Interval, e.g. `'15 minutes'`. One of `cron` and `every` is required. @default none (then `cron` is required) */
  every?: Duration;
  /** Input of each triggered task. @default undefined */
  input?: unknown;
  /** Create the schedule paused. @default false */
  paused?: boolean;
  /** Time zone of `cron`. @default 'UTC' */
  timezone?: string;
}

/** A task definition after discovery: the options with every default applied, and the handler instance. */
export interface ResolvedTaskDefinition {
  id: string;
  title: string;
  queue: string;
  description?: string;
  retry: Required<TaskRetryPolicy>;
  timeout: Duration;
  heartbeatTimeout: Duration;
  maxIterations: number;
  /** The definition's `deadline`, if it has one. */
  deadline?: Duration;
  /** `local` as the definition asked for it; whether iterations run locally also depends on `timeout` (see `runsLocally`). */
  local: boolean;
  schema?: StandardSchemaV1;
  /** Schemas of the messages, by name, as declared. */
  messages?: Record<string, StandardSchemaV1>;
  events: TaskEventTrigger[];
  schedules: TaskScheduleOptions[];
  handler: TaskHandler;
  /** Name of the provider class, for messages. */
  className: string;
}

/**
 * A durable, per-iteration task logger. Lines also go to the Nest logger at once. They become durable when the
 * attempt ends (with its result, or in its failure's details); Temporal keeps only the last attempt of an iteration,
 * so the lines of an attempt that failed and was retried are in the Nest log only. Across continue-as-new the
 * newest 1 000 lines are carried.
 */
export interface TaskLogger {
  info(message: string, data?: unknown): void;
  warn(message: string, data?: unknown): void;
  error(message: string, data?: unknown): void;
}

/** What a running task sees: its data and its operations. */
export interface TaskContext<I = unknown, S = unknown> {
  /** The task id (the Temporal workflow id), `<definitionId>/<key>`. */
  readonly id: string;
  /** The definition id (the Temporal workflow and activity type). */
  readonly definitionId: string;
  /** The definition's title. */
  readonly title: string;
  /** The input the task was triggered with. */
  readonly input: I;
  /** The state passed to `controller.continue(state)` by the previous iteration; undefined in the first. */
  readonly state: S | undefined;
  /** The iteration number, starting at 1. */
  readonly iteration: number;
  /** The attempt number of this iteration, starting at 1; above 1 when Temporal retries after a failure. */
  readonly attempt: number;
  /** Id of the task that triggered this one, if any. */
  readonly parentId?: string;
  /** When the task was triggered. */
  readonly triggeredAt: Date;
  /** Durable logger of this task. */
  readonly log: TaskLogger;
  /**
   * Aborted when the task is aborted, when this attempt times out, when its workflow closes (e.g. is terminated), or
   * when its worker shuts down past the grace period. Pass it to fetch, streams and timers.
   */
  readonly signal: AbortSignal;
  /** True once `signal` is aborted. */
  isAborted(): boolean;
  /** Reports liveness with optional details. The Runner already heartbeats on its own; this adds details. */
  heartbeat(details?: unknown): void;
  /** Milliseconds left before this attempt reaches the definition's `timeout`. */
  remainingMs(): number;
  /** True when fewer than `ms` milliseconds are left before the `timeout`. @param ms default 10 000 */
  isCloseToTimeout(ms?: number): boolean;
  /**
   * Records progress: durable (sent to Temporal with the next heartbeat, within about a second), readable through
   * `TaskService.get(id).progress` and shown in the Web UI.
   */
  progress(value: number, details?: unknown): void;
  /**
   * Triggers a child task whose parent is this task. Its id is derived from this task, the iteration and the call's
   * order, so a retried attempt finds the children its earlier attempt started instead of starting them twice.
   * A child outlives its parent unless triggered with `onParentEnd: 'abort'`.
   * Return `controller.continue(state, { waitForChildren: true })` to resume once they have all ended; their
   * results are then in `context.children`.
   */
  trigger<D extends TaskDefinitionRef>(definition: D, ...args: TaskTriggerArgs<D, TaskChildTriggerOptions>): Promise<TaskHandle<TaskOutputFor<D>>>;
  /** Children of this task that have ended so far, with their outputs or errors. */
  readonly children: readonly TaskChildResult[];
  /**
   * The message the previous iteration waited for (`controller.waitFor(name)`), taken from the task's mailbox;
   * undefined when that wait timed out, and in an iteration that did not follow a `waitFor`.
   */
  readonly received?: TaskReceivedMessage;
}

/** A message a task received, as `context.received` shows it. */
export interface TaskReceivedMessage {
  /** The name it was sent with (`TaskService.send(taskId, name, payload)`). */
  name: string;
  /** The payload, as sent (after the definition's message schema, when it declares one). */
  payload: unknown;
  /** When the task received it (Temporal's time of the signal's handling in the task). */
  receivedAt: Date;
}

/** Options of `controller.waitFor`. */
export interface TaskWaitForOptions<S = unknown> {
  /**
   * Longest wait for the message: ms or a duration string. After it the next iteration runs with `context.received`
   * undefined. The wait is a durable timer, so it survives restarts of workers and of the server.
   * @default none (waits for as long as it takes)
   */
  timeout?: Duration;
  /** The next iteration's `context.state`, as `continue(state)` sets it. @default the current iteration's state, unchanged */
  state?: S;
}

/** Options of `controller.error`. */
export interface TaskErrorOptions {
  /** False ends the task as failed at once, without the retries the retry policy would allow. @default true */
  retryable?: boolean;
  /** Extra data recorded with the failure. */
  details?: unknown;
}

/** Options of `controller.continue`. */
export interface TaskContinueOptions {
  /** Durable wait before the next iteration: ms or a duration string. @default no wait */
  delay?: Duration;
  /** Start the next iteration only once every child task triggered so far has ended. @default false */
  waitForChildren?: boolean;
}

/** How a task ends an iteration. Every method returns an outcome that `run` must return. */
export interface TaskController<O = unknown, S = unknown> {
  /** The task succeeded with `output`: the workflow completes with it. */
  success(output?: O): TaskOutcome<O>;
  /** The iteration failed: retried under the retry policy, then the task fails. */
  error(error: Error | string, options?: TaskErrorOptions): TaskOutcome<O>;
  /** The task gives up on purpose: the workflow ends canceled, status `aborted`. */
  abort(reason?: string): TaskOutcome<O>;
  /** The iteration is done but the task is not: run the next iteration with `state`, after `delay`. */
  continue(state: S, options?: TaskContinueOptions): TaskOutcome<O>;
  /**
   * The iteration is done, and the task waits for a message of this name (`TaskService.send(taskId, name, payload)`)
   * before its next iteration, which reads it as `context.received` (undefined once `timeout` passed). A message that
   * arrived earlier is taken at once (the oldest of that name). While it waits the task's status is `waiting` and it
   * holds no worker slot: the wait is durable, across worker and server restarts. It counts toward `maxIterations` as
   * a `continue` does; an abort ends a waiting task at once.
   */
  waitFor(name: string, options?: TaskWaitForOptions<S>): TaskOutcome<O>;
}

/** What `run` receives. */
export interface TaskRunParams<I = unknown, O = unknown, S = unknown> {
  input: I;
  context: TaskContext<I, S>;
  controller: TaskController<O, S>;
}

/**
 * One iteration of a definition: receives the input, the Context and the Controller, and returns the outcome the
 * Controller built. Annotate a definition's `run` with it to state the task's input, output and state types once;
 * the parameters are typed from it:
 *
 * ```ts
 * readonly run: TaskRun<ImportInput, ImportOutput> = async ({ input, context, controller }) => {
 *   return controller.success({ imported: input.rows.length });
 * };
 * ```
 */
export type TaskRun<I = unknown, O = unknown, S = unknown> = (params: TaskRunParams<I, O, S>) => Promise<TaskOutcome<O>> | TaskOutcome<O>;

/** What a hook receives: the task at its end, and a logger whose lines join the task's durable logs. */
export interface TaskHookParams {
  task: TaskSnapshot;
  log: TaskLogger;
}

/**
 * What a task definition class implements. `run` must return the outcome the Controller built (`return
 * controller.success(output)`): an iteration that returns anything else, nothing included, fails the task at once
 * with `InvalidTaskOutcomeError`, so that a forgotten `return` never passes as success.
 * The hooks run once when the task ends, durably, each as an activity; a hook that throws is tried up to 3 times,
 * then its error is recorded in the task's logs. A hook never changes the task's status.
 */
export interface TaskHandler<I = unknown, O = unknown, S = unknown> {
  run: TaskRun<I, O, S>;
  /** After the task succeeded. `task.output` holds its output. */
  onDone?(params: TaskHookParams): Promise<void> | void;
  /** After the task failed (retries exhausted, or a non-retryable error). `task.error` says why. */
  onError?(params: TaskHookParams): Promise<void> | void;
  /** After the task was aborted, from inside or through `TaskService.abort`. `task.abortReason` says why. */
  onAbort?(params: TaskHookParams): Promise<void> | void;
  /** After the task asked for more iterations than `maxIterations` allows; the task then fails. */
  onMaxIterations?(params: TaskHookParams): Promise<void> | void;
}

/** Input type of a handler class, read from its `run` parameters. */
export type TaskInputOf<H> = H extends { run: (params: infer P) => unknown } ? (P extends { input: infer I } ? I : unknown) : unknown;
/** Output type of a handler class, read from the outcome its `run` returns. */
export type TaskOutputOf<H> = H extends { run: (...args: never[]) => infer R } ? (Awaited<R> extends TaskOutcome<infer O> ? O : unknown) : unknown;

/** A class decorated with `@Task`. */
export type HandlerClass<H = { run: (...args: never[]) => unknown }> = abstract new (...args: never[]) => H;
/** How `TaskService.trigger` names a definition: its class (typed) or its id. */
export type TaskDefinitionRef = string | HandlerClass;
/** The rest of `trigger`'s arguments for a definition: the input its class declares (optional when it may be undefined), then options. */
export type TaskTriggerArgs<D, Options = TaskTriggerOptions> = D extends HandlerClass<infer H>
  ? undefined extends TaskInputOf<H>
    ? [input?: TaskInputOf<H>, options?: Options]
    : [input: TaskInputOf<H>, options?: Options]
  : [input?: unknown, options?: Options];
/** The output type of a definition's tasks: from its class, `unknown` for an id. */
export type TaskOutputFor<D> = D extends HandlerClass<infer H> ? TaskOutputOf<H> : unknown;
