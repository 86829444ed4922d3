import { TasksError } from './tasks.error';

/**
 * Thrown by `bundleTaskWorkflows` (and so by the Runner's start when it bundles the workflows itself) when
 * Temporal's bundler fails, most often because a workflow interceptor module or a converter path cannot be resolved
 * or imports what the workflow sandbox forbids. The bundler's error is the `cause`.
 */
export class TaskWorkflowBundleError extends TasksError {
  readonly code = 'TASK_WORKFLOW_BUNDLE_FAILED';

  constructor(
    /** The modules bundled besides the task workflow: interceptor modules, then converter paths. */
    readonly modules: readonly string[],
    cause: unknown,
  ) {
    super(
      `Bundling the task workflows failed: ${cause instanceof Error ? cause.message : String(cause)}. Check that each of ${modules.length > 0 ? modules.join(', ') : 'the modules'} resolves (workflowInterceptorModules and dataConverter's payloadConverterPath / failureConverterPath are resolved by webpack, as paths or package names) and imports nothing from Node or Nest (workflow code runs in Temporal's sandbox).`,
      { cause },
    );
  }
}
