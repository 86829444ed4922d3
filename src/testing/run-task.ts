import type { LoggerService } from '@nestjs/common';
import { declaredTaskOptions } from '../decorators/task.decorator';
import { resolveTaskDefinition } from '../definition/resolve-task-definition';
import { validateTaskInput } from '../definition/validate-task-input';
import { NotATaskError } from '../errors/not-a-task.error';
import { MODULE_DEFAULTS } from '../options/resolved-tasks-options';
import type { TaskHandler, TaskInputOf, TaskOutputOf } from '../task.interfaces';
import type { TaskChildResult } from '../../workflows/task-workflow.types';
import { runInMemory } from './in-memory-task-run';
import { RecordedTaskHandle } from './recorded-task-handle';
import { openMailbox, receiveMessage } from '../../workflows/task-mailbox';
import type { RunTaskChild, RunTaskDelay, RunTaskMessage, RunTaskOptions, RunTaskResult } from './run-task.options';

/** A logger that drops everything: a test reads the lines from the result. */
const SILENT: LoggerService = { log: () => undefined, error: () => undefined, warn: () => undefined };

/** The state type of a handler, from its Context. */
type TaskStateOf<H> = H extends { run: (params: { context: { state: infer S } }) => unknown } ? Exclude<S, undefined> : unknown;

/**
 * Runs one task of a `@Task` instance in this process, without a server, through the library's own semantics (the
 * same Controller, Context, outcome checks and workflow decisions as on Temporal): the input is checked against the
 * definition's schema, iterations run with their state, `continue` delays and retry backoffs are skipped on a virtual
 * clock (and recorded), failures are retried under the definition's retry policy, `maxIterations` and the hooks apply.
 * Child tasks are recorded, not run. Resolves with how the task ended; rejects only for misuse (`NotATaskError`,
 * `TaskInputValidationError`, `InvalidTaskDefinitionError`), never because the task failed.
 *
 * ```ts
 * const result = await runTask(new ImportCsvTask(fakeStorage), { url: 'https://example.com/a.csv' });
 * expect(result.status).toBe('success');
 * ```
 */
export async function runTask<H extends { run: (...args: never[]) => unknown }>(
  task: H,
  input: TaskInputOf<H>,
  options: RunTaskOptions<TaskStateOf<H>> = {},
): Promise<RunTaskResult<TaskOutputOf<H>, TaskStateOf<H>>> {
  const className = typeof task === 'object' && task !== null ? (task.constructor as { name?: string }).name || 'an object' : typeof task;
  const declared = typeof task === 'object' && task !== null ? declaredTaskOptions(task.constructor) : undefined;
  if (!declared)
    throw new NotATaskError(
      typeof task === 'function' ? `the class ${(task as { name: string }).name} itself (pass an instance)` : className,
    );
  const definition = resolveTaskDefinition(declared, task as unknown as TaskHandler, className, options.defaults);
  const validInput = await validateTaskInput(definition, input);

  const startMs = (options.now ?? new Date()).getTime();
  let clock = startMs;
  const delays: RunTaskDelay[] = [];
  const children: RunTaskChild[] = [];
  // What the engine sees of the children: each ends as the test says, as soon as it is triggered.
  const childResults: TaskChildResult[] = [];
  const abort = new AbortController();
  const abortAtMs = options.abort?.afterMs === undefined ? undefined : startMs + options.abort.afterMs;
  const abortNow = (): void => abort.abort(options.abort?.reason);
  let iteration = options.iteration ?? 1;
  const { remainingMs } = options;
  const mailbox = openMailbox();
  const deliver = (message: RunTaskMessage, name: string): void => {
    receiveMessage(mailbox, { name: message.name ?? name, payload: message.payload, receivedAt: new Date(clock).toISOString(), ...(message.messageId === undefined ? {} : { id: message.messageId }) });
  };
  for (const message of options.messages ?? []) deliver(message, message.name);

  const end = await runInMemory(
    {
      id: options.id ?? `${definition.id}/test`,
      definition,
      input: validInput,
      triggeredAt: new Date(startMs),
      ...(options.parentId ? { parentId: options.parentId } : {}),
      state: options.state,
      iteration,
      attempt: options.attempt ?? 1,
      signal: abort.signal,
      childResults,
      mailbox,
    },
    {
      logger: options.logger ?? SILENT,
      logBudgetBytes: MODULE_DEFAULTS.logBytes,
      now: () => clock,
      wait: (ms, why, signal) => {
        delays.push({ kind: why, ms, iteration });
        if (abortAtMs !== undefined && clock + ms >= abortAtMs) {
          clock = Math.max(clock, abortAtMs);
          abortNow();
        } else {
          clock += ms;
        }
        return signal.aborted ? Promise.reject(new Error('aborted')) : Promise.resolve();
      },
      until: (done, signal) =>
        signal.aborted
          ? Promise.reject(new Error('aborted'))
          : done()
            ? Promise.resolve()
            : Promise.reject(new Error('children never end')),
      waitForMessage: (wait, arrived, signal) => {
        const answer = options.onWait?.(wait);
        if (answer) deliver(answer, wait.name);
        if (signal.aborted) return Promise.reject(new Error('aborted'));
        if (arrived()) return Promise.resolve();
        if (wait.timeoutMs === undefined) return Promise.reject(new Error(`nothing answers the wait for "${wait.name}"`));
        delays.push({ kind: 'wait', ms: wait.timeoutMs, iteration: wait.iteration });
        clock += wait.timeoutMs;
        return Promise.resolve();
      },
      trigger: (definitionRef, childInput, triggerOptions) => {
        const id = triggerOptions.id ?? `${definitionRef.toString()}.${children.length + 1}`;
        const definitionId =
          typeof definitionRef === 'string' ? definitionRef : (declaredTaskOptions(definitionRef)?.id ?? definitionRef.name);
        const child: RunTaskChild = { id, definition: definitionRef, definitionId, input: childInput, options: triggerOptions, iteration };
        children.push(child);
        const ended = { id, ...(options.childResult?.(child) ?? { status: 'success' as const }) };
        childResults.push(ended);
        return Promise.resolve(new RecordedTaskHandle(id, definitionId, ended));
      },
      ...(remainingMs === undefined ? {} : { remainingMs: typeof remainingMs === 'number' ? () => remainingMs : remainingMs }),
      changed: (live) => {
        iteration = live.iteration;
        if (options.abort?.iteration === live.iteration && live.attempts > 0 && !abort.signal.aborted) setImmediate(abortNow);
        if (abortAtMs !== undefined && clock >= abortAtMs) abortNow();
      },
    },
  );
  return {
    ...end,
    output: end.output as TaskOutputOf<H>,
    state: end.state as TaskStateOf<H> | undefined,
    children,
    delays,
    elapsedMs: clock - startMs,
  };
}
