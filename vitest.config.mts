import { configDefaults, defineConfig } from 'vitest/config';

/**
 * Two projects, one run:
 * - `unit`: pure logic, no Temporal server (`npm run test:unit` runs this project only);
 * - `integration`: everything else (integration, replay, consumer, example, Web UI tests) against one real Temporal
 *   dev server that test/support/global-setup.ts starts, or the one at TEMPORAL_ADDRESS. Vitest runs a project's
 *   global set-up only when the run has files of that project, so a run of unit files starts no server.
 * Test files run one at a time: they share that server and a 2-core machine, and the integration tests measure
 * nothing but correctness. test/support/durations-reporter.ts prints each file's duration against its budget.
 * Files named `*.long.test.ts` run only with TASKS_LONG_TESTS=1 (`npm run test:long`). The cluster suite
 * (test/cluster) has its own config, vitest.cluster.config.mts, and script, `npm run test:cluster`.
 */
const longTests = process.env.TASKS_LONG_TESTS === '1';

export default defineConfig({
  test: {
    globals: true,
    setupFiles: ['test/support/setup-runtime.ts'],
    fileParallelism: false,
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Ours first, so vitest's closing summary ("Tests N passed") stays the run's last lines.
    reporters: ['./test/support/durations-reporter.ts', 'default'],
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['test/unit/**/*.test.ts'] },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          // `npm run record-histories` records the histories the replay test replays (test/replay/record-histories.ts).
          include: process.env.RECORD_TASK_HISTORIES ? ['test/replay/record-histories.ts'] : ['test/**/*.test.ts'],
          exclude: [...configDefaults.exclude, 'test/unit/**', 'test/cluster/**', ...(longTests ? [] : ['**/*.long.test.ts'])],
          globalSetup: ['test/support/global-setup.ts'],
        },
      },
    ],
  },
});
