import type { LoggerService } from '@nestjs/common';
import type { TaskChildResult, TaskLogEntry, TaskProgress } from '../../workflows/task-workflow.types';
import type { TaskDefaults } from '../options/tasks-module.options';
import type { TaskErrorInfo } from '../service/task-info';
import type { TaskTriggerOptions } from '../service/task-trigger.options';
import type { TaskDefinitionRef } from '../task.interfaces';

/** Options of `runTask`. Every option is optional: by default a task runs from its first iteration and attempt. */
export interface RunTaskOptions<S = unknown> {
  /** The task id the handler sees (`context.id`). @default '<definitionId>/test' */
  id?: string;
  /** State of the first iteration run, as if a previous iteration had continued with it. @default undefined */
  state?: S;
  /** Number of the first iteration run (counts toward `maxIterations`). @default 1 */
  iteration?: number;
  /** Attempt of the first iteration run (counts toward the retry policy's `maximumAttempts`). @default 1 */
  attempt?: number;
  /** `context.parentId`. @default undefined (no parent) */
  parentId?: string;
  /** Virtual time of the trigger (`context.triggeredAt`); the virtual clock starts there. @default the current time */
  now?: Date;
  /**
   * Aborts the task as `TaskService.abort(id, reason)` would: while the given iteration runs (its handler sees
   * `context.signal` abort; a handler that never awaits finishes first, as on Temporal), or once the virtual clock
   * is `afterMs` past the start (waits are cut short there).
   * @default never
   */
  abort?: { iteration?: number; afterMs?: number; reason?: string };
  /**
   * What the handler's `context.remainingMs()` answers (and so `isCloseToTimeout()`): a number of ms, or a function
   * of the iteration and attempt.
   * @default the definition's `timeout` minus the virtual time the attempt has run (which does not move inside a handler)
   */
  remainingMs?: number | ((at: { iteration: number; attempt: number }) => number);
  /**
   * How each child the task triggers ends, as its parent sees it (`context.children`, `continue(..., { waitForChildren })`,
   * the child handle's `result()`). Children are recorded, not run.
   * @default every child succeeds with an undefined output
   */
  childResult?: (child: RunTaskChild) => Omit<TaskChildResult, 'id'>;
  /** Module defaults the definition resolves with, as `TasksModule.forRoot({ defaults })`. @default none */
  defaults?: TaskDefaults;
  /** Receives the task's log lines as they are written. @default none (lines are kept in the result only) */
  logger?: LoggerService;
  /**
   * Messages in the task's mailbox from the start, as if `TaskService.send` had delivered them before the task waited:
   * each is taken by the first `controller.waitFor` of its name, oldest first; a repeated `messageId` is dropped.
   * @default none
   */
  messages?: Array<RunTaskMessage & { name: string }>;
  /**
   * Answers a `controller.waitFor` that finds no message of its name in the mailbox: the message to deliver at once,
   * or undefined to let the wait's timeout pass on the virtual clock (recorded in `delays` as a `wait`). A wait with
   * no timeout that gets no message is never answered: the task then ends `aborted`, as it would only end on Temporal.
   * @default none (every such wait times out)
   */
  onWait?: (wait: RunTaskWait) => RunTaskMessage | undefined;
}

/** A message `runTask` delivers to the task, as `TaskService.send(taskId, name, payload, { messageId })` would. */
export interface RunTaskMessage {
  /** The message name; for `onWait`'s answer @default the name waited for */
  name?: string;
  payload?: unknown;
  messageId?: string;
}

/** A `controller.waitFor` that found no message waiting: what `onWait` is asked. */
export interface RunTaskWait {
  /** The message name it waits for. */
  name: string;
  /** The iteration that called `waitFor`. */
  iteration: number;
  /** Its timeout in ms, when it has one. */
  timeoutMs?: number;
}

/** A child task the task triggered through `context.trigger`. */
export interface RunTaskChild {
  /** The child's task id, derived as the Runner derives it (or the `id` option given). */
  id: string;
  /** The definition as passed to `context.trigger`: a class or an id. */
  definition: TaskDefinitionRef;
  /** The definition id (the class's `@Task` id). */
  definitionId: string;
  input: unknown;
  /** The options passed to `context.trigger`, with the `id` and `parentId` the library adds. */
  options: TaskTriggerOptions;
  /** Iteration that triggered it. */
  iteration: number;
}

/** A wait the task asked for, skipped by `runTask` (the virtual clock moves past it). */
export interface RunTaskDelay {
  /** `continue`'s `delay`, a retry's backoff under the definition's retry policy, or a `waitFor`'s timeout that passed. */
  kind: 'delay' | 'backoff' | 'wait';
  ms: number;
  /** Iteration after which (delay) or in which (backoff) it was asked for. */
  iteration: number;
}

/** How a task ran under `runTask`. */
export interface RunTaskResult<O = unknown, S = unknown> {
  /** How it ended, with the names `TaskService` uses. */
  status: 'success' | 'failed' | 'aborted';
  /** The output, when it succeeded. */
  output?: O;
  /** Why it failed, as `TaskService.get(id).error` says it. */
  error?: TaskErrorInfo;
  /** Why it was aborted, when a reason was given. */
  abortReason?: string;
  /** The iteration it ended in. */
  iterations: number;
  /** The attempt of the iteration it ended in. */
  attempts: number;
  /** The state of the last `continue`. */
  state: S | undefined;
  /** The durable log lines, as `TaskService.logs` returns them (a retried attempt's lines are dropped, as on Temporal). */
  logs: TaskLogEntry[];
  /** The latest progress reported. */
  progress?: TaskProgress;
  /** The child tasks it triggered, in order. */
  children: RunTaskChild[];
  /** The waits it asked for, in order. */
  delays: RunTaskDelay[];
  /** Virtual time spent, in ms: the sum of the waits (up to an abort). */
  elapsedMs: number;
}
