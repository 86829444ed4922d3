import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { bundleTaskWorkflows } from '../../src/runner/task-workflow-bundle';
import { TemporalDevServer } from '../../src/testing/temporal-dev-server';
import { TEST_BUNDLE_ENV } from './test-env';

/**
 * One real Temporal dev server for the whole run (or the one at TEMPORAL_ADDRESS), and one workflow bundle, built
 * once and handed to every test's Runner so no test pays for webpack. Returns the tear-down, which stops the server.
 */
export default async function globalSetup(): Promise<() => Promise<void>> {
  const outDir = join(__dirname, '..', '..', 'test-output');
  mkdirSync(outDir, { recursive: true });
  const bundle = await bundleTaskWorkflows();
  const bundlePath = join(outDir, 'workflow-bundle.js');
  writeFileSync(bundlePath, bundle.code);
  process.env[TEST_BUNDLE_ENV] = bundlePath;

  if (process.env.TEMPORAL_ADDRESS) return async () => undefined;
  // Fairness on, as a cluster that uses fairness keys has it (Temporal Server 1.31+: matching.enableFairness).
  const server = await TemporalDevServer.start({ dynamicConfig: { 'matching.enableFairness': true } });
  process.env.TEMPORAL_ADDRESS = server.address;
  return async () => {
    await server.stop();
    delete process.env.TEMPORAL_ADDRESS;
  };
}
