import type { MetricsExporterConfig } from '@temporalio/worker';

/**
 * What `telemetry.tracing` needs of an OpenTelemetry `SpanProcessor` (from `@opentelemetry/sdk-trace-base`): typed
 * here so that applications without OpenTelemetry need none of its packages.
 */
export interface TaskSpanProcessor {
  onStart(...args: never[]): void;
  onEnd(...args: never[]): void;
  forceFlush(): Promise<void>;
  shutdown(): Promise<void>;
}

/** Where workflow-side spans go (see `TasksTelemetryOptions.tracing`). */
export interface TaskTracingOptions {
  /**
   * The span processor that receives the spans of the task workflow (they are made inside Temporal's workflow
   * sandbox and handed out through a sink, so the global tracer provider never sees them), e.g. the
   * `BatchSpanProcessor` of your exporter.
   * @default the span processor of the registered global tracer provider, when it shows one (OpenTelemetry JS SDK
   * 1.x's `BasicTracerProvider`/`NodeTracerProvider`); otherwise the Runner refuses to start and asks for this option
   */
  spanProcessor?: TaskSpanProcessor;
  /**
   * The OpenTelemetry `Resource` of the workflow spans.
   * @default the registered global tracer provider's resource, or OpenTelemetry's default resource
   */
  resource?: object;
}

/** Options of `TasksModule.forRoot({ telemetry })`: tracing and metrics, each off until switched on. */
export interface TasksTelemetryOptions {
  /**
   * OpenTelemetry tracing through `@temporalio/interceptors-opentelemetry` (an optional peer dependency: install it
   * with `@opentelemetry/api`). A trigger's span, the task's workflow and every iteration's activity join the trace
   * that was active when `trigger` was called (an HTTP request's, with your HTTP instrumentation), and each span
   * carries `task.id` and `task.definition_id`. Client and activity spans go to the global tracer provider; workflow
   * spans to `spanProcessor`. The workflow bundle must contain the tracing interceptors: the Runner's own bundle does
   * when this is on; a prebuilt one must be built with `bundleTaskWorkflows({ telemetry: { tracing: true } })`.
   * @default false
   */
  tracing?: boolean | TaskTracingOptions;
  /**
   * Metrics, exported by the Temporal SDK's runtime: the SDK's own (polls, slots, workflow and activity latencies,
   * requests) and the library's (`tasks_triggered`, `tasks_succeeded`, `tasks_failed`, `tasks_aborted` by
   * `task_definition`, and the histogram `task_iteration_duration`). Temporal's `MetricsExporterConfig`, e.g.
   * `{ prometheus: { bindAddress: '0.0.0.0:9464' } }` (scrape `/metrics`) or `{ otel: { url: 'grpc://collector:4317' } }`.
   * The SDK allows one runtime per process: the library installs it together with its logger (`runner.sdkLogLevel`)
   * when the application has not installed one already; if it has, that runtime stands, this option is ignored with
   * a warning, and the library's metrics go to that runtime's exporter.
   * @default undefined (no metrics are exported)
   */
  metrics?: MetricsExporterConfig;
}
