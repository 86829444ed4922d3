import { defineConfig } from 'vitest/config';

/**
 * The cluster suite (`npm run test:cluster`): the stack of docker-compose.yml on this machine, started by the suite
 * itself (scripts/cluster/cluster.mjs), with several worker processes of the example app. One file, its scenarios in
 * order, each bounded by its own timeout; the whole run fits in 25 minutes on 2 cores, a first Go build included.
 */
export default defineConfig({
  test: {
    include: ['test/cluster/**/*.test.ts'],
    globals: true,
    fileParallelism: false,
    pool: 'forks',
    testTimeout: 600_000,
    // Starting the cluster; stopping it, its processes, and writing docs/reliability.md.
    hookTimeout: 300_000,
    // The suite uses the built package, as an app would: Node loads dist/ itself (the package resolves to this
    // repository through the workspace link, which Vite would otherwise transform as source and break its
    // CommonJS entry), so the test and the example's definitions share its one instance.
    server: { deps: { external: [/\/dist\//] } },
  },
});
