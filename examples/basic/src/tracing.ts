import { context, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { BasicTracerProvider, ConsoleSpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * With TASKS_TRACING=console, an OpenTelemetry tracer provider that prints every span to the console, registered
 * before the app is created. In a real set-up this is your OpenTelemetry SDK with an OTLP exporter; the library's
 * `telemetry: { tracing: true }` (operability.ts) sends the workflow's spans to the same processor.
 */
export function setUpTracing(): boolean {
  if (process.env.TASKS_TRACING !== 'console') return false;
  const provider = new BasicTracerProvider();
  provider.addSpanProcessor(new SimpleSpanProcessor(new ConsoleSpanExporter()));
  provider.register({ contextManager: new AsyncLocalStorageContextManager().enable() });
  return true;
}

const tracer = trace.getTracer('example-http');

/**
 * Runs each HTTP request in a span of its own, so that a task it triggers joins the request's trace. Stands in for
 * @opentelemetry/instrumentation-http, which an ESM app must load through Node's --import hooks.
 */
export function requestSpans(request: IncomingMessage & { originalUrl?: string }, response: ServerResponse, next: () => void): void {
  const span = tracer.startSpan(`${request.method ?? 'GET'} ${request.originalUrl ?? request.url ?? '/'}`);
  response.on('finish', () => span.end());
  context.with(trace.setSpan(context.active(), span), next);
}
