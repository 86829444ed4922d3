import { Body, Controller, Injectable, Post, type MiddlewareConsumer, type NestMiddleware, Module, type NestModule } from '@nestjs/common';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { context, trace } from '@opentelemetry/api';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { InvalidTasksModuleOptionsError, TASK_SPAN_ATTRIBUTES, TaskService, bundleTaskWorkflows } from '../../src';
import { CountToTask } from '../fixtures/iteration-tasks';
import { WORKFLOW_SPAN_ATTRIBUTES } from '../../src/telemetry/task-tracing';
import { createTaskTestApp, eventually, type TaskTestApp } from '../support/task-test-app';

// The application's OpenTelemetry set-up, as in its tracing bootstrap file: a global tracer provider (SDK 1.x) with an
// in-memory exporter, AsyncLocalStorage context and W3C propagation.
const exporter = new InMemorySpanExporter();
const provider = new BasicTracerProvider();
provider.addSpanProcessor(new SimpleSpanProcessor(exporter));
provider.register({ contextManager: new AsyncLocalStorageContextManager().enable() });
const tracer = trace.getTracer('http');

/**
 * Stands in for the application's HTTP instrumentation (@opentelemetry/instrumentation-http makes the same server
 * span): each request runs inside a span of its own, ended when the response is sent.
 */
@Injectable()
class HttpSpanMiddleware implements NestMiddleware {
  use(request: IncomingMessage, response: ServerResponse, next: () => void): void {
    // Express hands middleware the path below its mount point; the original URL is the request's.
    const span = tracer.startSpan(`${request.method} ${(request as IncomingMessage & { originalUrl?: string }).originalUrl ?? request.url}`);
    response.on('finish', () => span.end());
    context.with(trace.setSpan(context.active(), span), next);
  }
}

@Controller('counts')
class CountsController {
  constructor(private readonly tasks: TaskService) {}

  @Post()
  async count(@Body() body: { to: number }): Promise<{ taskId: string; output: unknown }> {
    const task = await this.tasks.trigger(CountToTask, { to: body.to });
    return { taskId: task.id, output: await task.result() };
  }
}

@Module({ controllers: [CountsController], providers: [HttpSpanMiddleware] })
class HttpModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(HttpSpanMiddleware).forRoutes('*path');
  }
}

const byName = (spans: ReadableSpan[], prefix: string) => spans.filter((span) => span.name.startsWith(prefix));

describe('tracing with telemetry: { tracing: true }', () => {
  let traced: TaskTestApp;
  let tracedBundle: string;

  beforeAll(async () => {
    // A prebuilt bundle with the OpenTelemetry workflow interceptors, as a build step would make it.
    tracedBundle = (await bundleTaskWorkflows({ telemetry: { tracing: true } })).code;
    traced = await createTaskTestApp([CountToTask], { telemetry: { tracing: true }, runner: { workflowBundle: { code: tracedBundle } }, imports: [HttpModule] });
    await traced.app.listen(0, '127.0.0.1');
  }, 120_000);

  afterAll(async () => {
    await traced?.app.close();
  });

  it('makes one trace from the HTTP request that triggers a task, through its workflow and every iteration, each span naming the task', async () => {
    exporter.reset();
    const response = await fetch(`${await traced.app.getUrl()}/counts`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ to: 2 }) });
    const { taskId, output } = (await response.json()) as { taskId: string; output: unknown };
    expect(output).toEqual({ counted: 2 });

    // Workflow spans reach the processor through the worker's sink once their workflow task completes.
    const spans = await eventually(() => {
      const finished = exporter.getFinishedSpans();
      return byName(finished, 'RunWorkflow:').length === 1 && byName(finished, 'RunActivity:').length === 2 && byName(finished, 'POST').length === 1 ? finished : undefined;
    }, 20_000, 'the spans of the request, the workflow and both iterations');

    const [http] = byName(spans, 'POST /counts');
    expect(http).toBeDefined();
    const traceId = http!.spanContext().traceId;
    const temporalSpans = spans.filter((span) => span !== http && span.instrumentationLibrary.name !== 'http');
    expect(temporalSpans.map((span) => span.name).sort()).toEqual(
      expect.arrayContaining(['StartWorkflow:countTo', 'RunWorkflow:countTo', 'StartActivity:countTo', 'StartActivity:countTo', 'RunActivity:countTo', 'RunActivity:countTo']),
    );
    // One trace, rooted in the request.
    for (const span of spans) expect(span.spanContext().traceId).toBe(traceId);
    const start = byName(spans, 'StartWorkflow:countTo')[0]!;
    expect(start.parentSpanId).toBe(http!.spanContext().spanId);
    const run = byName(spans, 'RunWorkflow:countTo')[0]!;
    expect(run.parentSpanId).toBe(start.spanContext().spanId);
    const scheduled = byName(spans, 'StartActivity:countTo');
    for (const activity of byName(spans, 'RunActivity:countTo')) {
      expect(scheduled.map((span) => span.spanContext().spanId)).toContain(activity.parentSpanId);
    }
    // Every span of the task names it and its definition.
    for (const span of temporalSpans) {
      expect(span.attributes).toMatchObject({ [TASK_SPAN_ATTRIBUTES.taskId]: taskId, [TASK_SPAN_ATTRIBUTES.definitionId]: 'countTo' });
    }
    // Every span carries ids only (the list: test/unit/task-tracing.test.ts): not the memo, nor the rest of the info.
    for (const span of temporalSpans) {
      expect(Object.keys(span.attributes).filter((key) => !WORKFLOW_SPAN_ATTRIBUTES.has(key))).toEqual([]);
    }
    expect(run.attributes.memo).toBeUndefined();
    expect(run.attributes).toMatchObject({ workflowId: taskId, workflowType: 'countTo', taskQueue: traced.taskQueue, namespace: 'default', attempt: 1 });
  }, 60_000);

  it('is off by default: the same trigger in an app without the option makes no Temporal spans', async () => {
    const plain = await createTaskTestApp([CountToTask]);
    try {
      exporter.reset();
      await tracer.startActiveSpan('request', async (span) => {
        await plain.app.get(TaskService).triggerAndWait(CountToTask, { to: 2 });
        span.end();
      });
      expect(exporter.getFinishedSpans().map((span) => span.name)).toEqual(['request']);
    } finally {
      await plain.app.close();
    }
  });

  it('refuses to start with a prebuilt bundle that lacks the workflow interceptors, saying how to rebuild it', async () => {
    const started = createTaskTestApp([CountToTask], { telemetry: { tracing: true } });
    await expect(started).rejects.toBeInstanceOf(InvalidTasksModuleOptionsError);
    await expect(started).rejects.toThrow(/was built without the OpenTelemetry workflow interceptors[\s\S]*bundleTaskWorkflows\(\{ telemetry: \{ tracing: true \} \}\)/);
  });

  it("keeps the application's own worker interceptors (runner.workerOptions) next to the library's", async () => {
    const seen: string[] = [];
    const withOwn = await createTaskTestApp([CountToTask], {
      telemetry: { tracing: true },
      runner: {
        workflowBundle: { code: tracedBundle },
        workerOptions: { interceptors: { activity: [(ctx) => ({ inbound: { execute: (input, next) => (seen.push(ctx.info.activityType), next(input)) } })] } },
      },
    });
    try {
      exporter.reset();
      const task = await withOwn.tasks.trigger(CountToTask, { to: 1 });
      await task.result();
      expect(seen).toEqual(['countTo']);
      const spans = await eventually(() => {
        const run = byName(exporter.getFinishedSpans(), 'RunActivity:countTo');
        return run.length === 1 ? run : undefined;
      }, 20_000, 'the activity span');
      expect(spans[0]!.attributes[TASK_SPAN_ATTRIBUTES.taskId]).toBe(task.id);
    } finally {
      await withOwn.app.close();
    }
  });
});
