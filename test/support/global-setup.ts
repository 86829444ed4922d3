import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { bundleTaskWorkflows } from '../../src/runner/task-workflow-bundle';
import { TemporalDevServer } from '../../src/testing/temporal-dev-server';
import { TEST_BUNDLE_ENV } from './test-env';

/**
 * One real Temporal dev server for the whole run (or the one at TEMPORAL_ADDRESS), and one workflow bundle, built
 * once and handed to every test's Runner so no test pays for webpack.
 */
export default async function globalSetup(): Promise<void> {
  const outDir = join(__dirname, '..', '..', 'test-output');
  mkdirSync(outDir, { recursive: true });
  const bundle = await bundleTaskWorkflows();
  const bundlePath = join(outDir, 'workflow-bundle.js');
  writeFileSync(bundlePath, bundle.code);
  process.env[TEST_BUNDLE_ENV] = bundlePath;

  if (process.env.TEMPORAL_ADDRESS) return;
  const server = await TemporalDevServer.start();
  (globalThis as { __temporalDevServer?: TemporalDevServer }).__temporalDevServer = server;
  process.env.TEMPORAL_ADDRESS = server.address;
  process.env.TASKS_TEST_STARTED_SERVER = '1';
}
