import { bundleWorkflowCode } from '@temporalio/worker';

/** The raw workflow module, bundled like the library's: once, ahead of the runs. */
export const RAW_WORKFLOWS_PATH = require.resolve('./workflows');

export async function bundleRawWorkflows(): Promise<string> {
  const { code } = await bundleWorkflowCode({ workflowsPath: RAW_WORKFLOWS_PATH, logger: quietLogger });
  return code;
}

const ignore = (): void => undefined;
const quietLogger = {
  trace: ignore,
  debug: ignore,
  info: ignore,
  log: ignore,
  warn: (message: string) => console.warn(`[raw workflows bundler] ${message}`),
  error: (message: string) => console.error(`[raw workflows bundler] ${message}`),
};
