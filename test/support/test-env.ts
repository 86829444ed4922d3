/** Environment variable through which the global set-up hands the prebuilt workflow bundle to the tests. */
export const TEST_BUNDLE_ENV = 'TASKS_TEST_WORKFLOW_BUNDLE';

/** The Temporal server of this test run. Never skips: without a server, integration tests must fail. */
export function temporalAddress(): string {
  const address = process.env.TEMPORAL_ADDRESS;
  if (!address) throw new Error('TEMPORAL_ADDRESS is not set: the global set-up (test/support/global-setup.ts) should have started a Temporal dev server.');
  return address;
}
