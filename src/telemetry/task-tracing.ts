import type { WorkflowClientInterceptor, WorkflowStartInput, WorkflowStartOutput } from '@temporalio/client';
import type { Next } from '@temporalio/common';
import type { ActivityExecuteInput, ActivityInboundCallsInterceptor, ActivityInterceptorsFactory, InjectedSinks } from '@temporalio/worker';
import { InvalidTasksModuleOptionsError } from '../errors/invalid-tasks-module-options.error';
import { loadOptional, resolveOptional } from './load-optional';
import type { TaskSpanProcessor, TaskTracingOptions } from './tasks-telemetry.options';

// Types only: both packages are optional, and loaded (by loadOptional) only when tracing is on.
import type * as OtelApiModule from '@opentelemetry/api';
import type * as OtelInterceptorsModule from '@temporalio/interceptors-opentelemetry';

type OtelApi = typeof OtelApiModule;
type OtelInterceptors = typeof OtelInterceptorsModule;

const FEATURE = 'telemetry.tracing';
const INTERCEPTORS_PACKAGE = '@temporalio/interceptors-opentelemetry';

/** Span attributes every span of a task carries, so a trace backend can find all spans of a task or a definition. */
export const TASK_SPAN_ATTRIBUTES = { taskId: 'task.id', definitionId: 'task.definition_id' } as const;

/** The module of OpenTelemetry workflow interceptors the workflow bundle must contain when tracing is on. */
export function tracingWorkflowInterceptorModule(): string {
  return resolveOptional(`${INTERCEPTORS_PACKAGE}/lib/workflow-interceptors`, INTERCEPTORS_PACKAGE, FEATURE);
}

/**
 * Client interceptors: the SDK's OpenTelemetry interceptor opens a span for each workflow start (and signal, query,
 * cancel) inside the caller's active trace and passes its context to the workflow in a header; then the task's
 * attributes are added to that span.
 */
export function tracingClientInterceptors(): WorkflowClientInterceptor[] {
  const interceptors = loadOptional<OtelInterceptors>(INTERCEPTORS_PACKAGE, FEATURE);
  const api = loadOptional<OtelApi>('@opentelemetry/api', FEATURE);
  return [new interceptors.OpenTelemetryWorkflowClientInterceptor(), new TaskSpanClientInterceptor(api)];
}

/**
 * What the Runner's worker needs for tracing: activity interceptors (a span for each activity attempt, a child of the
 * workflow's span that scheduled it, with the task's attributes), and the sink through which the workflow sandbox
 * hands out its spans (`RunWorkflow`, `StartActivity`, ...) to the span processor.
 */
export function tracingWorkerOptions(options: TaskTracingOptions): {
  activity: ActivityInterceptorsFactory[];
  sinks: InjectedSinks<Record<string, never>>;
} {
  const interceptors = loadOptional<OtelInterceptors>(INTERCEPTORS_PACKAGE, FEATURE);
  const api = loadOptional<OtelApi>('@opentelemetry/api', FEATURE);
  const { spanProcessor, resource } = workflowSpanDestination(options, api);
  const exporter = interceptors.makeWorkflowExporter(new TaskWorkflowSpanProcessor(spanProcessor) as never, resource as never);
  return {
    activity: [
      (ctx) => ({
        inbound: new interceptors.OpenTelemetryActivityInboundInterceptor(ctx),
        outbound: new interceptors.OpenTelemetryActivityOutboundInterceptor(ctx),
      }),
      (ctx) => ({ inbound: new TaskSpanActivityInterceptor(api, ctx.info.workflowExecution?.workflowId, ctx.info.workflowType) }),
    ],
    sinks: { exporter } as unknown as InjectedSinks<Record<string, never>>,
  };
}

/**
 * Where workflow spans go: the configured processor, or else the global tracer provider's own, which OpenTelemetry JS
 * SDK 1.x providers show (`activeSpanProcessor`, `resource`); 2.x providers keep theirs private, so there the option
 * is needed.
 */
function workflowSpanDestination(options: TaskTracingOptions, api: OtelApi): { spanProcessor: TaskSpanProcessor; resource: object } {
  const proxy = api.trace.getTracerProvider() as { getDelegate?: () => unknown };
  const provider = (proxy.getDelegate?.() ?? proxy) as { activeSpanProcessor?: TaskSpanProcessor; resource?: object };
  const spanProcessor =
    options.spanProcessor ?? (typeof provider.activeSpanProcessor?.onEnd === 'function' ? provider.activeSpanProcessor : undefined);
  if (!spanProcessor) {
    throw new InvalidTasksModuleOptionsError([
      'telemetry.tracing: workflow spans need a span processor, and the registered OpenTelemetry tracer provider shows none (none is registered, or it is an OpenTelemetry JS SDK 2.x provider, which keeps its processors private). Register your tracer provider before the application starts, or pass telemetry: { tracing: { spanProcessor } } (the processor your exporter uses).',
    ]);
  }
  const resource = options.resource ?? provider.resource ?? defaultResource();
  return { spanProcessor, resource };
}

function defaultResource(): object {
  const resources = loadOptional<{ Resource?: { default(): object }; defaultResource?: () => object }>(
    '@opentelemetry/resources',
    FEATURE,
    INTERCEPTORS_PACKAGE,
  );
  return resources.defaultResource?.() ?? resources.Resource?.default() ?? {};
}

/**
 * The only attributes a workflow span keeps: identifiers of the task and of its workflow, the SDK interceptors' own
 * ids, and the library's task attributes. The SDK's sink adds the whole workflow info to each span, and with it
 * whatever a task's data can reach (the memo, search attributes, a schedule's `lastResult`, `lastFailure`), decoded
 * when a codec encrypts it in Temporal: an allow-list keeps what the SDK adds later out as well.
 */
export const WORKFLOW_SPAN_ATTRIBUTES: ReadonlySet<string> = new Set([
  // From the workflow info.
  'workflowId',
  'runId',
  'workflowType',
  'taskQueue',
  'namespace',
  'attempt',
  // From @temporalio/interceptors-opentelemetry.
  'temporalWorkflowId',
  'run_id',
  'temporalActivityId',
  'temporalUpdateId',
  // The library's.
  TASK_SPAN_ATTRIBUTES.taskId,
  TASK_SPAN_ATTRIBUTES.definitionId,
]);

/**
 * Hands workflow spans to the application's processor, first keeping only the allowed attributes
 * (`WORKFLOW_SPAN_ATTRIBUTES`) and adding the task's.
 */
class TaskWorkflowSpanProcessor {
  constructor(private readonly target: TaskSpanProcessor) {}

  onStart(): void {
    // Workflow spans arrive ended, through the sink: only onEnd is called.
  }

  onEnd(span: { attributes: Record<string, unknown> }): void {
    const attributes = span.attributes;
    for (const key of Object.keys(attributes)) {
      if (!WORKFLOW_SPAN_ATTRIBUTES.has(key) || !isAttributeValue(attributes[key])) delete attributes[key];
    }
    if (typeof attributes.workflowId === 'string') attributes[TASK_SPAN_ATTRIBUTES.taskId] = attributes.workflowId;
    if (typeof attributes.workflowType === 'string') attributes[TASK_SPAN_ATTRIBUTES.definitionId] = attributes.workflowType;
    (this.target.onEnd as (span: unknown) => void)(span);
  }

  forceFlush(): Promise<void> {
    return this.target.forceFlush();
  }

  shutdown(): Promise<void> {
    // The processor is the application's: it shuts it down with its tracer provider.
    return Promise.resolve();
  }
}

function isAttributeValue(value: unknown): boolean {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}

/** Adds the task's attributes to the span the SDK's interceptor opened around a workflow start. */
class TaskSpanClientInterceptor implements WorkflowClientInterceptor {
  constructor(private readonly api: OtelApi) {}

  startWithDetails(input: WorkflowStartInput, next: Next<WorkflowClientInterceptor, 'startWithDetails'>): Promise<WorkflowStartOutput> {
    this.api.trace
      .getActiveSpan()
      ?.setAttributes({ [TASK_SPAN_ATTRIBUTES.taskId]: input.options.workflowId, [TASK_SPAN_ATTRIBUTES.definitionId]: input.workflowType });
    return next(input);
  }
}

/** Adds the task's attributes to the span the SDK's interceptor opened around an activity attempt. */
class TaskSpanActivityInterceptor implements ActivityInboundCallsInterceptor {
  constructor(
    private readonly api: OtelApi,
    private readonly taskId: string | undefined,
    private readonly definitionId: string | undefined,
  ) {}

  execute(input: ActivityExecuteInput, next: Next<ActivityInboundCallsInterceptor, 'execute'>): Promise<unknown> {
    if (this.taskId && this.definitionId) {
      this.api.trace
        .getActiveSpan()
        ?.setAttributes({ [TASK_SPAN_ATTRIBUTES.taskId]: this.taskId, [TASK_SPAN_ATTRIBUTES.definitionId]: this.definitionId });
    }
    return next(input);
  }
}
