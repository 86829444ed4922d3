import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * `npm run test:unit` (vitest's `unit` project, vitest.config.mts) starts no Temporal dev server: a vitest run of a
 * unit file, with TEMPORAL_CLI_PATH pointing at a stand-in CLI that records being called, never calls it.
 */
describe('the unit project', () => {
  const ROOT = join(__dirname, '..', '..');
  let dir: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'unit-project-'));
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('runs its files without the global set-up: no Temporal server is started', () => {
    const calls = join(dir, 'calls');
    const cliPath = join(dir, 'temporal');
    writeFileSync(cliPath, `#!/bin/sh\nprintf '%s\\n' "$*" >> '${calls}'\nexit 1\n`);
    chmodSync(cliPath, 0o755);
    // Without vitest's own variables, so the run below is a run of its own, not a part of this one.
    const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^(VITEST|TEMPORAL_ADDRESS$|TASKS_TEST_)/.test(name)));
    const run = spawnSync(
      process.execPath,
      [join(ROOT, 'node_modules', 'vitest', 'vitest.mjs'), 'run', '--project', 'unit', 'test/unit/task-status.test.ts'],
      {
        cwd: ROOT,
        encoding: 'utf8',
        env: { ...env, TEMPORAL_CLI_PATH: cliPath, NO_COLOR: '1' },
      },
    );
    expect(run.stdout + run.stderr).toMatch(/Test Files {2}1 passed \(1\)/);
    expect(run.status).toBe(0);
    expect(existsSync(calls)).toBe(false);
  }, 120_000);
});
