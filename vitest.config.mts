import { configDefaults, defineConfig } from 'vitest/config';

/**
 * Unit tests and integration tests against one real Temporal dev server (test/support/global-setup.ts starts it,
 * or uses TEMPORAL_ADDRESS). Test files run one at a time: they share that server and a 2-core machine, and the
 * integration tests measure nothing but correctness. The cluster suite (test/cluster) has its own config,
 * vitest.cluster.config.mts, and script, `npm run test:cluster`.
 */
export default defineConfig({
  test: {
    // `npm run record-histories` records the histories the replay test replays (test/replay/record-histories.ts).
    include: process.env.RECORD_TASK_HISTORIES ? ['test/replay/record-histories.ts'] : ['test/**/*.test.ts'],
    exclude: [...configDefaults.exclude, 'test/cluster/**'],
    globals: true,
    globalSetup: ['test/support/global-setup.ts'],
    setupFiles: ['test/support/setup-runtime.ts'],
    fileParallelism: false,
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
