import { Logger } from '@nestjs/common';
import type { WorkflowClientInterceptor } from '@temporalio/client';
import { Runtime, type ActivityInterceptorsFactory, type InjectedSinks, type WorkerOptions } from '@temporalio/worker';
import type { ResolvedTasksOptions } from '../options/resolved-tasks-options';
import { installSdkRuntime } from './install-sdk-runtime';
import { taskIterationMetrics, TaskTriggerMetricsInterceptor } from './task-metrics';
import { tracingClientInterceptors, tracingWorkerOptions } from './task-tracing';

/**
 * Installs the SDK runtime with the Runner's logger and the metrics exporter, as configured (see
 * `installSdkRuntime`). Called when the application has bootstrapped, as late as possible, so that a runtime the
 * application installs itself during start-up comes first and wins.
 */
export function installTasksSdkRuntime(options: ResolvedTasksOptions): boolean {
  const sdkLogLevel = options.runner === false ? false : options.runner.sdkLogLevel;
  return installSdkRuntime(new Logger('Temporal'), { sdkLogLevel, metrics: options.telemetry.metrics });
}

/** The interceptors of every Temporal client the library creates: tracing and the trigger counter, when switched on. */
export function tasksClientInterceptors(options: ResolvedTasksOptions): WorkflowClientInterceptor[] {
  const interceptors: WorkflowClientInterceptor[] = [];
  if (options.telemetry.tracing !== false) interceptors.push(...tracingClientInterceptors());
  if (options.telemetry.metrics !== undefined) {
    interceptors.push(
      new TaskTriggerMetricsInterceptor(() => {
        // A trigger before bootstrap (from another provider's onModuleInit) must not leave the runtime to the SDK's defaults.
        installTasksSdkRuntime(options);
        return Runtime.instance().metricMeter;
      }, options.namespace),
    );
  }
  return interceptors;
}

/** What the Runner's worker adds for telemetry: activity interceptors, client interceptors and sinks. */
export function tasksWorkerTelemetry(options: ResolvedTasksOptions): {
  interceptors: { activity: ActivityInterceptorsFactory[]; client: { workflow: WorkflowClientInterceptor[] } };
  sinks: InjectedSinks<Record<string, never>>;
} {
  const tracing = options.telemetry.tracing === false ? undefined : tracingWorkerOptions(options.telemetry.tracing);
  return {
    // Tracing first: its span is then the active one when the metrics interceptor runs the attempt.
    interceptors: {
      activity: [...(tracing?.activity ?? []), taskIterationMetrics],
      client: { workflow: tasksClientInterceptors(options) },
    },
    sinks: tracing?.sinks ?? ({} as InjectedSinks<Record<string, never>>),
  };
}

/**
 * The worker's interceptors and sinks: the library's, then those of `runner.workerOptions`. Merged rather than
 * replaced, so that an application's own interceptors do not silently switch tracing or metrics off.
 */
export function mergeWorkerTelemetry(
  ours: ReturnType<typeof tasksWorkerTelemetry>,
  theirs: Pick<WorkerOptions, 'interceptors' | 'sinks'> | undefined,
): Pick<WorkerOptions, 'interceptors' | 'sinks'> {
  const interceptors = theirs?.interceptors ?? {};
  return {
    interceptors: {
      ...interceptors,
      activity: [...ours.interceptors.activity, ...(interceptors.activity ?? [])],
      client: {
        ...interceptors.client,
        // A legacy factory object (not a list) cannot be merged into: it is taken as given.
        workflow: Array.isArray(interceptors.client?.workflow ?? [])
          ? [...ours.interceptors.client.workflow, ...((interceptors.client?.workflow as WorkflowClientInterceptor[] | undefined) ?? [])]
          : interceptors.client?.workflow,
      },
    },
    sinks: { ...ours.sinks, ...theirs?.sinks },
  };
}
