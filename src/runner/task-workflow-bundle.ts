import { resolve } from 'node:path';
import { bundleWorkflowCode, type WorkflowBundleWithSourceMap } from '@temporalio/worker';

/** Path of the library's generic task workflow (the module whose default export serves every definition). */
export const TASK_WORKFLOWS_PATH = resolve(__dirname, '..', '..', 'workflows');

let cached: Promise<WorkflowBundleWithSourceMap> | undefined;

/**
 * Bundles the task workflow with Temporal's bundler. Call it at build time and write `code` to a file to give the
 * Runner `workflowBundle: { codePath }`, so workers start without running webpack. The Runner calls it (once per
 * process) when no bundle is configured.
 */
export function bundleTaskWorkflows(): Promise<WorkflowBundleWithSourceMap> {
  cached ??= bundleWorkflowCode({ workflowsPath: TASK_WORKFLOWS_PATH, logger: quietBundlerLogger }).catch((err: unknown) => {
    cached = undefined;
    throw err;
  });
  return cached;
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
