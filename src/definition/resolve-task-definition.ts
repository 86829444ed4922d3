import { msToNumber } from '@temporalio/common/lib/time';
import { InvalidTaskDefinitionError } from '../errors/invalid-task-definition.error';
import { TASK_DEFAULTS } from '../tasks.constants';
import { LOCAL_ITERATION_MAX_TIMEOUT } from '../../workflows/task-workflow.types';
import type { TaskDefaults } from '../options/tasks-module.options';
import type { Duration, ResolvedTaskDefinition, TaskDefinitionOptions, TaskHandler } from '../task.interfaces';
import type { StandardSchemaV1 } from './standard-schema';

const DEFINITION_ID = /^[A-Za-z][A-Za-z0-9_-]{0,199}$/;

/**
 * Applies defaults (the definition's own, then the module's, then the library's) and checks every option, so a
 * mistake surfaces at start-up with the definition's name rather than as a stuck workflow later.
 */
export function resolveTaskDefinition(
  options: TaskDefinitionOptions,
  handler: TaskHandler,
  className: string,
  defaults: TaskDefaults = {},
  defaultQueue = 'tasks',
): ResolvedTaskDefinition {
  const { id } = options;
  if (typeof id !== 'string' || !DEFINITION_ID.test(id)) {
    throw new InvalidTaskDefinitionError(
      className,
      `id ${JSON.stringify(id)} must start with a letter and hold only letters, digits, "_" or "-" (at most 200), e.g. "importCsv".`,
    );
  }
  if (typeof handler.run !== 'function') {
    throw new InvalidTaskDefinitionError(id, `${className} has no run() method. Implement TaskHandler: run({ input, context, controller }).`);
  }
  const invalid = (problem: string): never => {
    throw new InvalidTaskDefinitionError(id, problem);
  };
  const duration = (name: string, value: Duration): Duration => {
    let ms: number;
    try {
      ms = msToNumber(value);
    } catch {
      return invalid(`${name} ${JSON.stringify(value)} is not a duration. Use milliseconds or a string such as '30s' or '5 minutes'.`);
    }
    if (!(ms > 0)) invalid(`${name} must be longer than zero, got ${JSON.stringify(value)}.`);
    return value;
  };

  const retry = { ...TASK_DEFAULTS.retry, ...defaults.retry, ...options.retry };
  if (!Number.isInteger(retry.maximumAttempts) || retry.maximumAttempts < 1) {
    invalid(`retry.maximumAttempts must be a whole number of at least 1 (unlimited retries are refused), got ${String(retry.maximumAttempts)}.`);
  }
  if (!(retry.backoffCoefficient >= 1)) invalid(`retry.backoffCoefficient must be at least 1, got ${String(retry.backoffCoefficient)}.`);
  const maxIterations = options.maxIterations ?? defaults.maxIterations ?? TASK_DEFAULTS.maxIterations;
  if (!Number.isInteger(maxIterations) || maxIterations < 1) {
    invalid(`maxIterations must be a whole number of at least 1, got ${String(maxIterations)}.`);
  }
  const initialInterval = duration('retry.initialInterval', retry.initialInterval);
  const maximumInterval = duration('retry.maximumInterval', retry.maximumInterval);
  if (msToNumber(maximumInterval) < msToNumber(initialInterval)) {
    invalid(`retry.maximumInterval (${String(maximumInterval)}) is shorter than retry.initialInterval (${String(initialInterval)}).`);
  }

  const deadline = options.deadline === undefined ? undefined : duration('deadline', options.deadline);
  const local = options.local ?? false;
  if (typeof local !== 'boolean') invalid(`local must be true or false, got ${JSON.stringify(local)}.`);
  const queue = options.queue ?? defaultQueue;
  if (typeof queue !== 'string' || queue.trim() !== queue || queue === '' || /\s/.test(queue)) invalid(`queue must be a non-empty task queue name without spaces, got ${JSON.stringify(queue)}.`);
  return {
    id,
    title: options.title ?? id,
    queue,
    description: options.description,
    retry: {
      maximumAttempts: retry.maximumAttempts,
      initialInterval,
      backoffCoefficient: retry.backoffCoefficient,
      maximumInterval,
      nonRetryableErrorTypes: [...retry.nonRetryableErrorTypes],
    },
    // A local definition's own default: the module's `defaults.timeout` is made for regular iterations.
    timeout: duration('timeout', options.timeout ?? (local ? TASK_DEFAULTS.localTimeout : (defaults.timeout ?? TASK_DEFAULTS.timeout))),
    heartbeatTimeout: duration('heartbeatTimeout', options.heartbeatTimeout ?? defaults.heartbeatTimeout ?? TASK_DEFAULTS.heartbeatTimeout),
    maxIterations,
    ...(deadline === undefined ? {} : { deadline }),
    local,
    schema: options.schema,
    ...(options.messages === undefined ? {} : { messages: checkMessageSchemas(options.messages, invalid) }),
    events: (options.events ?? []).map((trigger) => (typeof trigger === 'string' ? { event: trigger } : trigger)),
    schedules: options.schedules ?? [],
    handler,
    className,
  };
}

/** The `messages` option: an object of Standard Schemas by message name. */
function checkMessageSchemas(messages: unknown, invalid: (problem: string) => never): Record<string, StandardSchemaV1> {
  if (typeof messages !== 'object' || messages === null || Array.isArray(messages)) return invalid('messages must be an object of Standard Schemas by message name, e.g. { approval: z.object({ approved: z.boolean() }) }.');
  for (const [name, schema] of Object.entries(messages)) {
    if (typeof (schema as Partial<StandardSchemaV1> | undefined)?.['~standard']?.validate !== 'function') invalid(`messages.${name} is not a Standard Schema (zod, valibot, arktype, ...).`);
  }
  return messages as Record<string, StandardSchemaV1>;
}

/**
 * The definition with a trigger's overrides of retry and timeout applied, checked by the same rules as the
 * definition itself (so a bad override is refused before anything starts).
 */
export function withTriggerOverrides(definition: ResolvedTaskDefinition, overrides: Pick<TaskDefinitionOptions, 'retry' | 'timeout'>): ResolvedTaskDefinition {
  if (overrides.retry === undefined && overrides.timeout === undefined) return definition;
  const { retry, timeout, handler, className, queue } = definition;
  return resolveTaskDefinition({ ...definition, retry: { ...retry, ...overrides.retry }, timeout: overrides.timeout ?? timeout }, handler, className, {}, queue);
}

/**
 * Whether a definition's iterations run as local activities: it asks for it (`local: true`) and its timeout is short
 * enough (`LOCAL_ITERATION_MAX_TIMEOUT`); otherwise they run as regular activities.
 */
export function runsLocally(definition: Pick<ResolvedTaskDefinition, 'local' | 'timeout'>): boolean {
  return definition.local && msToNumber(definition.timeout) <= msToNumber(LOCAL_ITERATION_MAX_TIMEOUT);
}
