import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { bundleTaskWorkflows } from 'nestjs-temporal-tasks';
import { operabilityOptions } from './operability.js';

/**
 * Builds the task workflow bundle ahead of time (the Dockerfile runs it at image build), so that workers load it
 * through TASKS_WORKFLOW_BUNDLE instead of running webpack at every start.
 *
 *   npx ts-node --transpile-only examples/basic/bundle-workflows.ts [out-file]
 */
async function main(): Promise<void> {
  const outFile = resolve(process.argv[2] ?? 'workflow-bundle.js');
  // With the same options as the Runner, so the bundle has what they need in the workflow sandbox (tracing, converters).
  const { code } = await bundleTaskWorkflows(operabilityOptions());
  writeFileSync(outFile, code);
  console.log(`Wrote the task workflow bundle to ${outFile}`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
