import type { TLSConfig } from '@temporalio/client';
import type { DataConverter } from '@temporalio/common';
import type { LogLevel, WorkerOptions } from '@temporalio/worker';
import type { TasksTelemetryOptions } from '../telemetry/tasks-telemetry.options';
import type { Duration, TaskDefinitionOptions } from '../task.interfaces';

/** How to reach the Temporal server. */
export interface TasksConnectionOptions {
  /** `host:port` of the Temporal frontend. @default 'localhost:7233' */
  address?: string;
  /** TLS settings (`@temporalio/client`'s `TLSConfig`); `true` for TLS with the system's CAs. @default no TLS (`true` when `apiKey` is set) */
  tls?: TLSConfig | boolean;
  /** API key, for Temporal Cloud. @default undefined */
  apiKey?: string;
  /**
   * How long start-up waits for the server (and checks that the namespace exists) before it fails with
   * `TemporalUnavailableError` (or `TemporalNamespaceNotFoundError`). Milliseconds or a duration string.
   * @default '10 seconds'
   */
  connectTimeout?: Duration;
  /**
   * Start without checking the server: the first call connects. For client-only processes that must come up while
   * Temporal is still down; their calls fail with `TemporalUnavailableError` until it is up. A process with a Runner
   * always connects at start-up.
   * @default false
   */
  lazy?: boolean;
}

/** Limits checked before anything reaches Temporal, so that a call fails with a clear error instead of a raw one. */
export interface TaskLimits {
  /**
   * Largest encoded payload, in bytes: a task's input and memo at trigger time (nothing is started), and an
   * iteration's output, state and logs (the task fails at once, without retries). Temporal refuses blobs over its
   * `limit.blobSize.error` (2 MB by default); set this to your cluster's value.
   * @default 2 097 152 (2 MiB)
   */
  payloadBytes?: number;
  /**
   * Longest task id (`<definitionId>/<key>`). Temporal clusters on PostgreSQL or MySQL refuse workflow ids over 255
   * characters (`limit.maxIDLength`); the dev server takes longer ones, so the strictest common value is the default.
   * @default 255
   */
  taskIdLength?: number;
  /**
   * Most `TaskHandle.result()` (and `triggerAndWait`) waits this process holds open at once; more wait their turn.
   * Each open wait is a long poll, and a namespace allows about 1 200 of those at once (shared by every process); a
   * wait the server refuses is tried again for up to a minute.
   * @default 500
   */
  resultWaits?: number;
  /**
   * Most `result()` waits that may queue for a turn while `resultWaits` are open. One more fails at once with
   * `TaskResultWaitsExhaustedError` instead of queueing without bound (each queued wait holds its caller's memory and,
   * in a web request, its connection). `0`: no queue, a wait beyond `resultWaits` fails at once.
   * @default 10 000
   */
  resultWaitQueue?: number;
  /**
   * Most bytes of log lines (as JSON) one attempt of an iteration or a hook keeps for its task's durable logs. Past it,
   * the oldest lines of the attempt are dropped and its last line says how many (`N earlier log lines dropped (over
   * the log budget ...)`, `data: { droppedLines: N }`); every line still reaches the Nest logger. The logs travel in
   * the attempt's result or failure, with the output or state, under `payloadBytes`: at most half of it.
   * @default 262 144 (256 KiB), or an eighth of `payloadBytes` when that is smaller
   */
  logBytes?: number;
}

/**
 * How `TaskService.watch` reads a watched task. A watch reads the task with `describe()` (and its history when it has
 * grown), which writes nothing to the task's history; every watcher of one task in this process shares one read.
 */
export interface TaskWatchPolling {
  /** Milliseconds between two reads of a watched task while it changes, unless a call asks for a longer one. @default 1 000 */
  intervalMs?: number;
  /** Shortest `intervalMs` a call of `watch` may ask for: it bounds how often this process reads one task. @default 250 */
  minIntervalMs?: number;
  /**
   * Longest wait between two reads: while nothing changes, the wait doubles from `intervalMs` up to this; a change
   * brings it back to `intervalMs`. At least `intervalMs`.
   * @default 10 000
   */
  maxIntervalMs?: number;
}

/** Where the Runner gets its workflow code. */
export type TaskWorkflowBundleOption = { code: string } | { codePath: string };

/** Options of the Runner, the Nest-managed Temporal Worker that runs tasks. */
export interface TaskRunnerOptions {
  /**
   * A prebuilt workflow bundle (see `bundleTaskWorkflows`), so that start-up skips webpack.
   * @default the library's workflows are bundled at start-up, once per process (a few seconds)
   */
  workflowBundle?: TaskWorkflowBundleOption;
  /**
   * How long running tasks may go on finishing when the app closes, before they are cancelled (and retried later
   * by another worker, under their retry policy).
   * @default '10 seconds'
   */
  shutdownGraceTime?: Duration;
  /**
   * Start tasks triggered in this process eagerly: the trigger hands the first workflow task straight to this
   * Runner over its own connection instead of through the task queue, which saves the server a dispatch and the task
   * its wait (a few ms on a server that dispatches at once, about 40 ms on a one-shard server with the stock transfer
   * queue read rate: docs/performance.md). A start is eager only while the Runner has a free workflow task slot, so
   * no more starts go through its connection at once than it has slots; the rest of a burst goes through the
   * module's connection and the queue. Delayed tasks and retries are never started eagerly, nor are tasks triggered
   * by client-only processes. While the Runner polls, `result()` waits go through its connection too.
   * @default true
   */
  eagerStart?: boolean;
  /**
   * How often the Runner heartbeats for a running handler; bounds how fast an abort reaches it. A definition whose
   * `heartbeatTimeout` is shorter than three intervals is beaten for every third of its timeout instead.
   * @default '1 second'
   */
  heartbeatInterval?: Duration;
  /**
   * Most task iterations (and hooks) this process runs at once, per task queue it serves: each queue's Worker has
   * slots of its own. `queueLimits` sets a queue's own number.
   * @default 100
   */
  maxConcurrentActivityTaskExecutions?: number;
  /** Most workflow tasks this process runs at once, per task queue it serves. @default 40 */
  maxConcurrentWorkflowTaskExecutions?: number;
  /**
   * The task queues this process serves: its role. A process serving `['media']` runs only the definitions whose
   * `queue` is `media`, so heavy work scales apart from the rest; it still triggers and manages every definition.
   * A queue no definition uses is refused at start-up.
   * @default every queue of this application's definitions
   */
  queues?: string[];
  /**
   * Limits per task queue, by queue name (`TaskQueueLimits`). A queue with a rate limit gets no eager activity
   * dispatch and refuses `local: true` definitions.
   * @default none: the Runner-wide settings above apply to each queue
   */
  queueLimits?: Record<string, TaskQueueLimits>;
  /**
   * Lowest level of the Temporal SDK's own messages (worker state, failed attempts) to pass to the Nest logger
   * (context `Temporal`). `false` leaves the SDK's runtime alone, e.g. when the application installs its own with
   * `Runtime.install` (which must happen before the first worker starts; an application's runtime always wins). With
   * `telemetry.metrics`, the runtime is installed for the metrics all the same, with the SDK's default logger.
   * @default 'WARN'
   */
  sdkLogLevel?: LogLevel | false;
  /**
   * Further Temporal `WorkerOptions`, for settings this module does not name. Applied last, so they override the
   * module's own (the ones above included); `interceptors` and `sinks` are merged with the library's (tracing,
   * metrics), and `interceptors.workflowModules` are bundled in.
   * @default {}
   */
  workerOptions?: Partial<Omit<WorkerOptions, 'connection' | 'namespace' | 'taskQueue' | 'activities' | 'workflowBundle' | 'workflowsPath'>>;
}

/** Limits of one task queue's iterations. */
export interface TaskQueueLimits {
  /** Most iterations of this queue this process runs at once (its Worker's activity slots). @default runner.maxConcurrentActivityTaskExecutions */
  maxConcurrentIterations?: number;
  /** Most iterations of this queue this process starts per second. @default no limit */
  maxIterationsPerSecond?: number;
  /**
   * Most iterations of this queue started per second across every worker of the namespace, enforced by the Temporal
   * server (the last value any worker of the queue sets wins).
   * @default no limit
   */
  maxQueueIterationsPerSecond?: number;
}

/** Defaults for every definition of the app; each definition may override them. */
export type TaskDefaults = Pick<TaskDefinitionOptions, 'retry' | 'timeout' | 'heartbeatTimeout' | 'maxIterations'>;

/** Options of `TasksModule.forRoot(...)`. */
export interface TasksModuleOptions {
  /** How to reach Temporal (`TasksConnectionOptions`). @default { address: 'localhost:7233' } */
  connection?: TasksConnectionOptions;
  /** Temporal namespace of the tasks. @default 'default' */
  namespace?: string;
  /**
   * The module's task queue: definitions without a `queue` of their own run on it, and the Runner serves it.
   * `TaskService.list` lists the tasks of this queue and of every definition's queue.
   * @default 'tasks'
   */
  taskQueue?: string;
  /**
   * The Runner: runs the tasks of this app's definitions in this process. `false` makes the process client-only
   * (it triggers and manages tasks; worker processes run them).
   * @default {} (a Runner with default options)
   */
  runner?: TaskRunnerOptions | false;
  /** Defaults for every definition of the app: `retry`, `timeout`, `heartbeatTimeout`, `maxIterations`. @default the library's, `TASK_DEFAULTS` */
  defaults?: TaskDefaults;
  /** Limits checked before anything reaches Temporal: payload size, task id length, open result waits. @default see `TaskLimits` */
  limits?: TaskLimits;
  /** How `TaskService.watch` polls a watched task (`TaskWatchPolling`). @default { intervalMs: 1 000, minIntervalMs: 250, maxIntervalMs: 10 000 } */
  watch?: TaskWatchPolling;
  /**
   * The namespace's task queues have fairness on (Temporal Server 1.31+ with dynamic config
   * `matching.enableFairness: true`, or Temporal Cloud's fairness toggle), so `trigger`'s `fairnessKey` takes effect.
   * Without it, a `fairnessKey` is refused rather than silently ignored.
   * @default false
   */
  fairness?: boolean;
  /**
   * Temporal's data converter, used by every Temporal client and worker the library creates (the client that
   * triggers and reads tasks, the Runner's worker, the client activities get from `Context.current().client`), and
   * by its own reading of histories and its payload size checks. Its `payloadCodecs` run on every payload (input,
   * output, logs, memo, progress, failure details), e.g. `[new AesGcmPayloadCodec({ keys })]` to encrypt them; its
   * `payloadConverterPath` and `failureConverterPath` go into the Runner's workflow bundle (a prebuilt bundle must be
   * built with `bundleTaskWorkflows({ dataConverter })`). With `payloadCodecs` and no `failureConverterPath`, the
   * module sets `failureConverterPath: ENCODED_FAILURE_CONVERTER_PATH`, so that error messages and stack traces are
   * encoded (encrypted) too.
   * @default Temporal's default data converter (JSON, no codec); with codecs, failures encoded
   */
  dataConverter?: DataConverter;
  /** Tracing and metrics (`{ tracing?, metrics? }`), each off until switched on. @default {} (all off) */
  telemetry?: TasksTelemetryOptions;
}
