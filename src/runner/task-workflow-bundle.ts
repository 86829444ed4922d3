import { resolve } from 'node:path';
import type { DataConverter } from '@temporalio/common';
import { bundleWorkflowCode, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { TaskWorkflowBundleError } from '../errors/task-workflow-bundle.error';
import { withEncodedFailures } from '../codec/with-encoded-failures';
import { tracingWorkflowInterceptorModule } from '../telemetry/task-tracing';
import type { TasksTelemetryOptions } from '../telemetry/tasks-telemetry.options';

/** Path of the library's generic task workflow (the module whose default export serves every definition). */
export const TASK_WORKFLOWS_PATH = resolve(__dirname, '..', '..', 'workflows');

/** The library's own workflow interceptors (metrics), always in the bundle. */
const TASK_WORKFLOW_INTERCEPTORS_PATH = resolve(TASK_WORKFLOWS_PATH, 'task-metrics.interceptors');

/**
 * What goes into a workflow bundle besides the task workflow: the parts of the module options that run inside the
 * workflow sandbox. Pass the same values as to `TasksModule.forRoot`.
 */
export interface TaskWorkflowBundleOptions {
  /**
   * The module's `dataConverter`: its `payloadConverterPath` and `failureConverterPath` are bundled, since the
   * workflow sandbox converts payloads and failures itself (payload codecs run outside it and need no bundling).
   * With `payloadCodecs` and no `failureConverterPath`, the failure converter that encodes failures
   * (`ENCODED_FAILURE_CONVERTER_PATH`) is bundled, as the module uses it then: pass the module's whole `dataConverter`.
   * @default Temporal's default converters
   */
  dataConverter?: Pick<DataConverter, 'payloadConverterPath' | 'failureConverterPath' | 'payloadCodecs'>;
  /**
   * The module's `telemetry`: with `tracing` on, the OpenTelemetry workflow interceptors are bundled (the Runner
   * refuses to start with tracing on and a prebuilt bundle without them).
   * @default {} (no tracing interceptors)
   */
  telemetry?: Pick<TasksTelemetryOptions, 'tracing'>;
  /**
   * Further workflow interceptor modules (paths or package names webpack can resolve), e.g. your own.
   * @default []
   */
  workflowInterceptorModules?: readonly string[];
}

/** Text found in a bundle that contains the OpenTelemetry workflow interceptors (webpack keeps module paths). */
export const TRACING_BUNDLE_MARKER = 'interceptors-opentelemetry/lib/workflow-interceptors';

const cache = new Map<string, Promise<WorkflowBundleWithSourceMap>>();

/**
 * Bundles the task workflow with Temporal's bundler. Call it at build time and write `code` to a file to give the
 * Runner `workflowBundle: { codePath }`, so workers start without running webpack; pass it the same `dataConverter`
 * and `telemetry` as the module. The Runner calls it (once per process and options) when no bundle is configured.
 * @throws TaskWorkflowBundleError when the bundler fails (e.g. a module that cannot be resolved), the bundler's error
 * as its `cause`
 */
export function bundleTaskWorkflows(options: TaskWorkflowBundleOptions = {}): Promise<WorkflowBundleWithSourceMap> {
  const workflowInterceptorModules = [
    TASK_WORKFLOW_INTERCEPTORS_PATH,
    ...(options.telemetry?.tracing ? [tracingWorkflowInterceptorModule()] : []),
    ...(options.workflowInterceptorModules ?? []),
  ];
  const { payloadConverterPath, failureConverterPath } = withEncodedFailures(options.dataConverter) ?? {};
  const key = JSON.stringify({ workflowInterceptorModules, payloadConverterPath, failureConverterPath });
  let bundle = cache.get(key);
  if (!bundle) {
    bundle = bundleWorkflowCode({
      workflowsPath: TASK_WORKFLOWS_PATH,
      workflowInterceptorModules,
      payloadConverterPath,
      failureConverterPath,
      logger: quietBundlerLogger,
    }).catch((err: unknown) => {
      cache.delete(key);
      const given = [...(options.workflowInterceptorModules ?? []), payloadConverterPath, failureConverterPath];
      throw new TaskWorkflowBundleError(
        given.filter((module): module is string => typeof module === 'string'),
        err,
      );
    });
    cache.set(key, bundle);
  }
  return bundle;
}

const ignore = (): void => undefined;
/** The bundler reports each step at info level; only its warnings and errors are worth a user's attention. */
const quietBundlerLogger = {
  trace: ignore,
  debug: ignore,
  info: ignore,
  warn: (message: string, meta?: Record<string, unknown>) => console.warn(`[task workflows bundler] ${message}`, meta ?? ''),
  error: (message: string, meta?: Record<string, unknown>) => console.error(`[task workflows bundler] ${message}`, meta ?? ''),
  log: ignore,
};
