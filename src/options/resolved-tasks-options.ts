import type { TLSConfig } from '@temporalio/client';
import type { DataConverter } from '@temporalio/common';
import { msToNumber } from '@temporalio/common/lib/time';
import { checkDataConverter } from '../codec/check-data-converter';
import { withEncodedFailures } from '../codec/with-encoded-failures';
import { resolveTaskDefinition } from '../definition/resolve-task-definition';
import { InvalidTaskDefinitionError } from '../errors/invalid-task-definition.error';
import { InvalidTasksModuleOptionsError } from '../errors/invalid-tasks-module-options.error';
import type { TaskOutcome } from '../task-outcome';
import type { Duration } from '../task.interfaces';
import { resolveTelemetryOptions, type ResolvedTelemetryOptions } from '../telemetry/resolve-telemetry-options';
import type { TaskDefaults, TaskRunnerOptions, TasksModuleOptions } from './tasks-module.options';

/** The module's defaults, where `forRoot` does not set an option. */
export const MODULE_DEFAULTS = {
  address: 'localhost:7233',
  namespace: 'default',
  taskQueue: 'tasks',
  connectTimeout: '10 seconds',
  limits: { payloadBytes: 2 * 1024 * 1024, taskIdLength: 255, resultWaits: 500, resultWaitQueue: 10_000 },
  /** `limits.logBytes`, unless an eighth of `limits.payloadBytes` is smaller. */
  logBytes: 256 * 1024,
  runner: {
    shutdownGraceTime: '10 seconds',
    heartbeatInterval: '1 second',
    maxConcurrentActivityTaskExecutions: 100,
    maxConcurrentWorkflowTaskExecutions: 40,
    sdkLogLevel: 'WARN',
  },
} as const;

const SDK_LOG_LEVELS = ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR'];

/** The Runner's options with every default applied. */
export type ResolvedRunnerOptions = TaskRunnerOptions &
  Required<Pick<TaskRunnerOptions, 'shutdownGraceTime' | 'heartbeatInterval' | 'maxConcurrentActivityTaskExecutions' | 'maxConcurrentWorkflowTaskExecutions' | 'sdkLogLevel'>> & {
    heartbeatIntervalMs: number;
    eagerStart: boolean;
  };

/**
 * `TasksModule.forRoot` options, checked and with every default applied: what the library's providers read. Built
 * once per application; every problem is reported at once, at start-up, before anything connects.
 */
export class ResolvedTasksOptions {
  readonly address: string;
  readonly tls: TLSConfig | boolean | undefined;
  readonly apiKey: string | undefined;
  readonly connectTimeoutMs: number;
  readonly lazy: boolean;
  readonly namespace: string;
  readonly taskQueue: string;
  readonly runner: ResolvedRunnerOptions | false;
  readonly defaults: TaskDefaults;
  readonly limits: Readonly<{ payloadBytes: number; taskIdLength: number; resultWaits: number; resultWaitQueue: number; logBytes: number }>;
  readonly fairness: boolean;
  readonly dataConverter: DataConverter | undefined;
  readonly telemetry: ResolvedTelemetryOptions;

  private constructor(options: TasksModuleOptions, problems: string[]) {
    const connection = options.connection ?? {};
    this.address = check(problems, 'connection.address', connection.address ?? MODULE_DEFAULTS.address, isAddress, "a 'host:port' string, e.g. 'localhost:7233'");
    this.tls = connection.tls;
    this.apiKey = connection.apiKey;
    if (this.apiKey !== undefined && (typeof this.apiKey !== 'string' || this.apiKey === '')) problems.push('connection.apiKey must be a non-empty string when set.');
    this.connectTimeoutMs = durationMs(problems, 'connection.connectTimeout', connection.connectTimeout ?? MODULE_DEFAULTS.connectTimeout, false);
    this.lazy = connection.lazy === true;
    this.namespace = check(problems, 'namespace', options.namespace ?? MODULE_DEFAULTS.namespace, isName, 'a non-empty string without spaces');
    this.taskQueue = check(problems, 'taskQueue', options.taskQueue ?? MODULE_DEFAULTS.taskQueue, isName, 'a non-empty string without spaces');
    this.runner = options.runner === false ? false : resolveRunner(problems, options.runner ?? {});
    this.defaults = options.defaults ?? {};
    checkDefaults(problems, this.defaults);
    const given = { ...MODULE_DEFAULTS.limits, ...options.limits };
    const limits = { ...given, logBytes: given.logBytes ?? Math.min(MODULE_DEFAULTS.logBytes, Math.floor(given.payloadBytes / 8)) };
    for (const [name, value] of Object.entries(limits)) {
      // A logBytes derived from payloadBytes is no option of the user's: a bad payloadBytes is reported once, as itself.
      if (name === 'logBytes' && given.logBytes === undefined) continue;
      // An empty wait queue is a choice (fail at once when every wait is taken); no other limit may be zero.
      const least = name === 'resultWaitQueue' ? 0 : 1;
      if (!Number.isInteger(value) || value < least) problems.push(`limits.${name} must be a whole number of at least ${least}, got ${JSON.stringify(value)}.`);
    }
    if (given.logBytes !== undefined && Number.isInteger(limits.payloadBytes) && limits.logBytes > limits.payloadBytes / 2) {
      problems.push(`limits.logBytes (${limits.logBytes}) must be at most half of limits.payloadBytes (${limits.payloadBytes}): an attempt's logs travel with its output or state under that limit.`);
    }
    this.limits = limits;
    this.fairness = options.fairness === true;
    checkDataConverter(problems, options.dataConverter);
    // With a codec, failure messages are encoded too unless the user chose a failure converter of their own.
    this.dataConverter = withEncodedFailures(options.dataConverter);
    this.telemetry = resolveTelemetryOptions(problems, options.telemetry);
  }

  /** Checks `options` and applies the defaults; throws `InvalidTasksModuleOptionsError` listing every problem. */
  static resolve(options: TasksModuleOptions | undefined): ResolvedTasksOptions {
    const problems: string[] = [];
    if (options !== undefined && (typeof options !== 'object' || options === null)) throw new InvalidTasksModuleOptionsError(['the options must be an object.']);
    const resolved = new ResolvedTasksOptions(options ?? {}, problems);
    if (problems.length > 0) throw new InvalidTasksModuleOptionsError(problems);
    return resolved;
  }
}

function resolveRunner(problems: string[], runner: TaskRunnerOptions): ResolvedRunnerOptions {
  if (typeof runner !== 'object' || runner === null) {
    problems.push('runner must be an object of Runner options, or false for a client-only process.');
    runner = {};
  }
  const defaults = MODULE_DEFAULTS.runner;
  const resolved: ResolvedRunnerOptions = {
    ...runner,
    shutdownGraceTime: runner.shutdownGraceTime ?? defaults.shutdownGraceTime,
    heartbeatInterval: runner.heartbeatInterval ?? defaults.heartbeatInterval,
    heartbeatIntervalMs: durationMs(problems, 'runner.heartbeatInterval', runner.heartbeatInterval ?? defaults.heartbeatInterval, false),
    maxConcurrentActivityTaskExecutions: runner.maxConcurrentActivityTaskExecutions ?? defaults.maxConcurrentActivityTaskExecutions,
    maxConcurrentWorkflowTaskExecutions: runner.maxConcurrentWorkflowTaskExecutions ?? defaults.maxConcurrentWorkflowTaskExecutions,
    sdkLogLevel: runner.sdkLogLevel ?? defaults.sdkLogLevel,
    eagerStart: runner.eagerStart !== false,
  };
  durationMs(problems, 'runner.shutdownGraceTime', resolved.shutdownGraceTime, true);
  for (const name of ['maxConcurrentActivityTaskExecutions', 'maxConcurrentWorkflowTaskExecutions'] as const) {
    const value = resolved[name];
    if (!Number.isInteger(value) || value < 1) problems.push(`runner.${name} must be a whole number of at least 1, got ${JSON.stringify(value)}.`);
  }
  if (resolved.sdkLogLevel !== false && !SDK_LOG_LEVELS.includes(resolved.sdkLogLevel)) {
    problems.push(`runner.sdkLogLevel must be one of ${SDK_LOG_LEVELS.join(', ')} or false, got ${JSON.stringify(resolved.sdkLogLevel)}.`);
  }
  if (runner.queues !== undefined && (!Array.isArray(runner.queues) || runner.queues.length === 0 || !runner.queues.every(isName))) {
    problems.push(`runner.queues must be a non-empty list of task queue names, got ${JSON.stringify(runner.queues)}.`);
  }
  for (const [queue, limits] of Object.entries(runner.queueLimits ?? {})) {
    for (const [name, value] of Object.entries(limits ?? {})) {
      const whole = name === 'maxConcurrentIterations';
      if (typeof value !== 'number' || !(value > 0) || (whole && !Number.isInteger(value))) {
        problems.push(`runner.queueLimits.${queue}.${name} must be ${whole ? 'a whole number of at least 1' : 'a number above zero'}, got ${JSON.stringify(value)}.`);
      }
    }
  }
  const bundle = runner.workflowBundle as Record<string, unknown> | undefined;
  if (bundle !== undefined && !(typeof bundle?.code === 'string' || typeof bundle?.codePath === 'string')) {
    problems.push("runner.workflowBundle must be { codePath: '<file>' } or { code: '<bundle source>' } (see bundleTaskWorkflows).");
  }
  return resolved;
}

/** The module's task defaults, checked by the same rules as a definition (a definition that sets nothing takes them). */
function checkDefaults(problems: string[], defaults: TaskDefaults): void {
  const probe = { run: (): TaskOutcome => undefined as never };
  try {
    resolveTaskDefinition({ id: 'defaults' }, probe, 'TasksModule', defaults);
  } catch (err) {
    if (!(err instanceof InvalidTaskDefinitionError)) throw err;
    problems.push(`defaults: ${err.problem}`);
  }
}

function check<T>(problems: string[], name: string, value: T, valid: (value: unknown) => boolean, expected: string): T {
  if (!valid(value)) problems.push(`${name} must be ${expected}, got ${JSON.stringify(value) ?? String(value)}.`);
  return value;
}

function durationMs(problems: string[], name: string, value: Duration, zeroAllowed: boolean): number {
  let ms: number;
  try {
    ms = msToNumber(value);
  } catch {
    problems.push(`${name} ${JSON.stringify(value)} is not a duration. Use milliseconds or a string such as '30s' or '5 minutes'.`);
    return 0;
  }
  if (!Number.isFinite(ms) || ms < 0 || (!zeroAllowed && ms === 0)) problems.push(`${name} must be ${zeroAllowed ? 'zero or more' : 'longer than zero'}, got ${JSON.stringify(value)}.`);
  return ms;
}

function isAddress(value: unknown): boolean {
  return typeof value === 'string' && /^(\[[0-9a-fA-F:.]+\]|[^\s:/[\]]+):\d{1,5}$/.test(value);
}

function isName(value: unknown): boolean {
  return typeof value === 'string' && value.trim() === value && value.length > 0 && !/\s/.test(value);
}
