import type { MetricsExporterConfig } from '@temporalio/worker';
import type { TaskTracingOptions, TasksTelemetryOptions } from './tasks-telemetry.options';

/** `telemetry` with its defaults applied. */
export interface ResolvedTelemetryOptions {
  /** False when off; the tracing options (possibly empty) when on. */
  tracing: false | TaskTracingOptions;
  metrics: MetricsExporterConfig | undefined;
}

/** Checks `telemetry`, adding a line to `problems` for each mistake. */
export function resolveTelemetryOptions(problems: string[], telemetry: TasksTelemetryOptions | undefined): ResolvedTelemetryOptions {
  if (telemetry === undefined) return { tracing: false, metrics: undefined };
  if (typeof telemetry !== 'object' || telemetry === null) {
    problems.push('telemetry must be an object: { tracing?, metrics? }.');
    return { tracing: false, metrics: undefined };
  }
  const { tracing = false, metrics } = telemetry;
  let resolvedTracing: ResolvedTelemetryOptions['tracing'] = false;
  if (tracing === true) resolvedTracing = {};
  else if (typeof tracing === 'object' && tracing !== null) {
    resolvedTracing = tracing;
    const processor = tracing.spanProcessor as Partial<Record<string, unknown>> | undefined;
    if (processor !== undefined && (typeof processor?.onEnd !== 'function' || typeof processor?.onStart !== 'function')) {
      problems.push(
        'telemetry.tracing.spanProcessor must be an OpenTelemetry SpanProcessor (with onStart and onEnd), e.g. new BatchSpanProcessor(exporter).',
      );
    }
  } else if (tracing !== false) {
    problems.push(`telemetry.tracing must be true, false or { spanProcessor?, resource? }, got ${JSON.stringify(tracing)}.`);
  }
  if (metrics !== undefined) {
    const config = metrics as unknown as Record<string, unknown> | null;
    const prometheus = config?.prometheus as { bindAddress?: unknown } | undefined;
    const otel = config?.otel as { url?: unknown } | undefined;
    if (typeof config !== 'object' || config === null || (!prometheus && !otel && !config.buffer)) {
      problems.push(
        "telemetry.metrics must be Temporal's MetricsExporterConfig: { prometheus: { bindAddress: '0.0.0.0:9464' } } or { otel: { url: 'grpc://collector:4317' } }.",
      );
    } else if (
      prometheus &&
      (typeof prometheus.bindAddress !== 'string' || !/^(\[[0-9a-fA-F:.]+\]|[^\s:/[\]]+):\d{1,5}$/.test(prometheus.bindAddress))
    ) {
      problems.push(
        `telemetry.metrics.prometheus.bindAddress must be 'host:port' (e.g. '0.0.0.0:9464'), got ${JSON.stringify(prometheus.bindAddress)}.`,
      );
    } else if (otel && (typeof otel.url !== 'string' || !/^(grpcs?|https?):\/\//.test(otel.url))) {
      problems.push(`telemetry.metrics.otel.url must start with grpc://, grpcs://, http:// or https://, got ${JSON.stringify(otel.url)}.`);
    }
  }
  return { tracing: resolvedTracing, metrics };
}
