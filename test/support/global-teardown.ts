import type { TemporalDevServer } from '../../src/testing/temporal-dev-server';

export default async function globalTeardown(): Promise<void> {
  const holder = globalThis as { __temporalDevServer?: TemporalDevServer };
  await holder.__temporalDevServer?.stop();
  if (process.env.TASKS_TEST_STARTED_SERVER) delete process.env.TEMPORAL_ADDRESS;
}
