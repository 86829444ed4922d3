import { Client, Connection } from '@temporalio/client';
import { spawn, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { testTaskQueue } from '../support/task-test-app';
import { temporalAddress } from '../support/test-env';

/**
 * The package as users get it: `npm pack` of this repository, installed into fresh Nest apps in a temporary folder,
 * each with its own package.json. The matrix is the one README's Compatibility section states:
 * - a Nest 11 CommonJS app, at the lowest versions the peer ranges allow;
 * - a Nest 12 ESM app (as `nest new` makes it), at the highest;
 * each type-checked (strict) by TypeScript 5.9 and 7 under each module resolution such an app would use, and each
 * run on Node 20 and Node 24 against the test server: a task, an abort and a failure.
 * The apps' installs are real `npm install`s of the tarball, each run (through npm's own cache, ~/.npm). The tools the
 * matrix runs them with (the TypeScript versions, Node 24) are installed once per version into TOOLS_CACHE and reused
 * by later runs; delete that folder to install them afresh.
 */
const ROOT = join(__dirname, '..', '..');
const APPS = join(__dirname, 'apps');
const TYPESCRIPTS = { '5.9': '5.9.3', '7': '7.0.2' } as const;
const NODE_24 = '24';
/** Where the matrix's tools stay installed between runs, one folder per package and version. */
const TOOLS_CACHE = join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'nestjs-temporal-tasks-consumer', 'tools');

interface App {
  name: 'nest11-cjs' | 'nest12-esm';
  /** tsconfig files to type-check with, by the module resolution they use. */
  configs: Record<string, string>;
}
const MATRIX: App[] = [
  // node10: the legacy `"module": "commonjs"` without moduleResolution of apps made before Nest 11 (ignores `exports`).
  { name: 'nest11-cjs', configs: { nodenext: 'tsconfig.json', node16: 'tsconfig.node16.json', node10: 'tsconfig.node10.json' } },
  { name: 'nest12-esm', configs: { nodenext: 'tsconfig.json', node16: 'tsconfig.node16.json', bundler: 'tsconfig.bundler.json' } },
];

const work = mkdtempSync(join(tmpdir(), 'nestjs-temporal-tasks-consumer-'));
let tarball = '';
let packed: string[] = [];

function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): SpawnSyncReturns<string> {
  return spawnSync(command, args, { cwd, encoding: 'utf8', env: { ...process.env, ...env }, maxBuffer: 64 * 1024 * 1024 });
}

/** `run`, without blocking: for the apps' installs, which wait on the network more than on the CPU. */
function runAsync(command: string, args: string[], cwd: string): Promise<Pick<SpawnSyncReturns<string>, 'status' | 'stdout' | 'stderr'>> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env: process.env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

function expectSuccess(result: Pick<SpawnSyncReturns<string>, 'status' | 'stdout' | 'stderr'>, what: string): void {
  if (result.status !== 0) throw new Error(`${what} exited with ${String(result.status)}:\n${result.stdout}\n${result.stderr}`);
}

/** What a command printed, without colours. */
function plain(result: SpawnSyncReturns<string>): string {
  return `${result.stdout}${result.stderr}`.replace(/\u001b\[[0-9;]*m/g, '');
}

/**
 * A directory with one npm package installed, for the tools the matrix uses (TypeScript versions, Node 24), kept in
 * TOOLS_CACHE under the package and version: installed the first time, reused afterwards. The install goes to a
 * folder of its own and is moved into place once complete, so an interrupted install or a run in parallel never
 * leaves a half-installed tool behind.
 */
function installTool(spec: string): string {
  const dir = join(TOOLS_CACHE, spec.replace(/\//g, '+'));
  if (existsSync(join(dir, 'package.json'))) return dir;
  mkdirSync(TOOLS_CACHE, { recursive: true });
  const staging = mkdtempSync(join(TOOLS_CACHE, '.installing-'));
  try {
    writeFileSync(join(staging, 'package.json'), '{ "private": true }');
    expectSuccess(run('npm', ['install', '--no-audit', '--no-fund', '--no-save', spec], staging), `npm install ${spec}`);
    renameSync(staging, dir);
  } catch (err) {
    // Another run may have put the same tool in place first: use it.
    if (!existsSync(join(dir, 'package.json'))) throw err;
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
  return dir;
}

describe('the packed package, installed into fresh Nest apps', () => {
  const typescripts: Record<string, string> = {};
  let node24 = '';

  beforeAll(async () => {
    const pack = run('npm', ['pack', '--pack-destination', work], ROOT);
    expectSuccess(pack, 'npm pack');
    tarball = join(work, pack.stdout.trim().split('\n').pop()!);
    packed = run('tar', ['tzf', tarball], work).stdout.split('\n').filter(Boolean).map((path) => path.replace(/^package\//, ''));

    for (const [version, spec] of Object.entries(TYPESCRIPTS)) {
      typescripts[version] = join(installTool(`typescript@${spec}`), 'node_modules', 'typescript', 'bin', 'tsc');
    }
    const nodePackage = `node-${process.platform}-${process.arch}`;
    node24 = join(installTool(`${nodePackage}@${NODE_24}`), 'node_modules', nodePackage, 'bin', 'node');

    // The apps install side by side: each its own folder and lock, npm's cache shared.
    await Promise.all(
      MATRIX.map(async ({ name }) => {
        const dir = join(work, name);
        cpSync(join(APPS, name), dir, { recursive: true });
        for (const file of readdirSync(join(APPS, 'shared'))) cpSync(join(APPS, 'shared', file), join(dir, 'src', file));
        // The app's own tests of its tasks, run by its test runner (see "runs its own spec folder" below).
        for (const file of readdirSync(join(APPS, 'shared-spec'))) cpSync(join(APPS, 'shared-spec', file), join(dir, 'spec', file));
        const manifest = readFileSync(join(dir, 'package.json'), 'utf8').replace('${TARBALL}', tarball);
        writeFileSync(join(dir, 'package.json'), manifest);
        // A plain `npm install`: the peer ranges must accept these versions, with no --legacy-peer-deps.
        expectSuccess(await runAsync('npm', ['install', '--no-audit', '--no-fund'], dir), `npm install in ${name}`);
      }),
    );
  }, 600_000);

  afterAll(() => {
    rmSync(work, { recursive: true, force: true });
  });

  it('ships the compiled library, both module formats, types, README, LICENSE and docs, and no sources', () => {
    for (const file of [
      'package.json',
      'README.md',
      'LICENSE',
      'dist/src/index.js',
      'dist/src/index.d.ts',
      'dist/esm/index.mjs',
      'dist/esm/index.d.mts',
      'dist/esm/testing.mjs',
      'dist/src/testing/index.js',
      'testing/package.json',
      'dist/workflows/index.js',
      'dist/activities/task-activities.factory.js',
      'docs/reference.md',
    ]) {
      expect(packed).toContain(file);
    }
    expect(packed.filter((path) => /^(src|test|bench|examples|scripts)\//.test(path) || /\.ts$/.test(path.replace(/\.d\.m?ts$/, '')))).toEqual([]);
  });

  it("its README's links work from the registry page: docs of this version on unpkg, nothing relative", () => {
    const readme = run('tar', ['xzOf', tarball, 'package/README.md'], work).stdout;
    const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
    const links = [...readme.matchAll(/\]\(([^)\s]+)\)/g)].map((match) => match[1]!);
    expect(links.length).toBeGreaterThan(0);
    expect(links.filter((link) => !/^(https?:|#)/.test(link))).toEqual([]);
    for (const link of links.filter((target) => target.startsWith('https://unpkg.com/'))) {
      const path = new URL(link).pathname.replace(`/nestjs-temporal-tasks@${version}/`, '');
      expect(packed).toContain(path);
    }
    // The repository's README keeps its relative links.
    expect(readFileSync(join(ROOT, 'README.md'), 'utf8')).toContain('](docs/reference.md)');
  });

  describe.each(MATRIX)('$name', ({ name, configs }) => {
    const dir = (): string => join(work, name);
    // One build (TypeScript 5.9, the app's tsconfig.json) serves both Node versions' boots.
    let built = false;
    const buildOnce = (app: string): void => {
      if (!built) expectSuccess(run(process.execPath, [typescripts['5.9']!, '-p', 'tsconfig.json'], dir()), `tsc build (${app})`);
      built = true;
    };

    it.each(Object.keys(TYPESCRIPTS).flatMap((ts) => Object.entries(configs).map(([resolution, config]) => ({ ts, resolution, config }))))(
      'type-checks with TypeScript $ts, moduleResolution $resolution, strict',
      ({ ts, config }) => {
        expectSuccess(run(process.execPath, [typescripts[ts]!, '-p', config, '--noEmit'], dir()), `tsc ${ts} -p ${config}`);
      },
      120_000,
    );

    it('runs its own spec folder as its users do: unit and module tests with no server, an integration test with one', () => {
      // jest (ts-jest, under the legacy "module": "commonjs" setting) in the Nest 11 app, vitest (SWC) in the Nest 12 app.
      const runner = name === 'nest11-cjs' ? ['node_modules/jest/bin/jest.js', '--ci'] : ['node_modules/vitest/vitest.mjs', 'run'];
      // Nothing listens on port 1: a test that reached for a server would fail.
      const offline = run(process.execPath, [...runner, 'spec/greet.unit', 'spec/reminders.module'], dir(), { TEMPORAL_ADDRESS: '127.0.0.1:1' });
      expectSuccess(offline, `${runner[0]!} (unit and module specs)`);
      expect(plain(offline)).toMatch(/Tests:?\s+4 passed/);
      const online = run(process.execPath, [...runner, 'spec/greet.integration'], dir(), { TEMPORAL_ADDRESS: temporalAddress() });
      expectSuccess(online, `${runner[0]!} (integration spec)`);
      expect(plain(online)).toMatch(/Tests:?\s+1 passed/);
    }, 300_000);

    it.each([
      ['Node 20', () => process.execPath],
      ['Node 24', () => node24],
    ])('boots on %s against the test server, and runs a task, an abort and a failure', async (_, node) => {
      buildOnce(name);
      const taskQueue = testTaskQueue();
      const result = run(node(), ['dist/main.js'], dir(), { TEMPORAL_ADDRESS: temporalAddress(), TASK_QUEUE: taskQueue });
      expectSuccess(result, `node dist/main.js (${name})`);
      // No runtime warnings: no require(esm) or deprecation notices from Node, nothing from the library. The only
      // warnings are the Temporal SDK's report of the failing task's attempt.
      expect(result.stderr).not.toMatch(/Warning/i);
      const warnings = result.stdout.split('\n').filter((text) => text.includes('WARN'));
      expect(warnings.filter((text) => !(text.includes('[Temporal]') && text.includes('refuse/')))).toEqual([]);
      const line = result.stdout.split('\n').find((text) => text.startsWith('REPORT '));
      const report = JSON.parse(line!.slice('REPORT '.length)) as Record<string, { id: string } & Record<string, unknown>> & { sameInstance?: boolean; moduleFormat: string };
      expect(report).toMatchObject({
        moduleFormat: name === 'nest11-cjs' ? 'commonjs' : 'esm',
        greeted: { output: { greeting: 'hello consumer' } },
        aborted: { error: 'TaskAbortedError', code: 'TASK_ABORTED', reason: 'stopped by the consumer app' },
        failed: { error: 'TaskFailedError', code: 'TASK_FAILED', failureMessage: 'not today' },
      });
      if (name === 'nest12-esm') expect(report.sameInstance).toBe(true);

      // Temporal's own record of the three tasks.
      const connection = await Connection.connect({ address: temporalAddress() });
      try {
        const client = new Client({ connection });
        const statuses = await Promise.all(
          [report.greeted!.id, report.aborted!.id, report.failed!.id].map(async (id) => (await client.workflow.getHandle(id).describe()).status.name),
        );
        expect(statuses).toEqual(['COMPLETED', 'CANCELLED', 'FAILED']);
      } finally {
        await connection.close();
      }
    }, 180_000);
  });
});
