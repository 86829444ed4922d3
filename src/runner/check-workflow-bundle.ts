import { readFile } from 'node:fs/promises';
import { InvalidTasksModuleOptionsError } from '../errors/invalid-tasks-module-options.error';
import type { TaskWorkflowBundleOption } from '../options/tasks-module.options';
import type { ResolvedTelemetryOptions } from '../telemetry/resolve-telemetry-options';
import { TRACING_BUNDLE_MARKER } from './task-workflow-bundle';

/**
 * Refuses a prebuilt workflow bundle that lacks what the options need inside the workflow sandbox: with tracing on,
 * a bundle without the OpenTelemetry workflow interceptors would run every task untraced from its start on, and the
 * worker would only log a warning (the SDK ignores interceptor modules given with a prebuilt bundle).
 */
export async function checkWorkflowBundle(bundle: TaskWorkflowBundleOption, telemetry: ResolvedTelemetryOptions): Promise<void> {
  if (telemetry.tracing === false) return;
  let code: string;
  try {
    code = 'code' in bundle ? bundle.code : await readFile(bundle.codePath, 'utf8');
  } catch {
    // An unreadable file is the worker's to report, with its own message.
    return;
  }
  if (!code.includes(TRACING_BUNDLE_MARKER)) {
    throw new InvalidTasksModuleOptionsError([
      `runner.workflowBundle${'codePath' in bundle ? ` (${bundle.codePath})` : ''} was built without the OpenTelemetry workflow interceptors, and telemetry.tracing is on: rebuild it with bundleTaskWorkflows({ telemetry: { tracing: true } }), or leave runner.workflowBundle unset so the Runner bundles at start-up.`,
    ]);
  }
}
