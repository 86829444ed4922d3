#!/usr/bin/env node
// The stack of docker-compose.yml on this machine, without Docker, for `npm run test:cluster`: PostgreSQL (Debian's,
// as an unprivileged user, on a free port, data in a temporary folder), Temporal's schema set-up, the Temporal server
// binary of the compose file's version with the compose file's environment and dynamic config file, and the
// namespace set-up. Everything it starts is stopped when it stops, when it fails, on Ctrl-C, and (through
// setpriv --pdeathsig) when the process that started it dies.
//
//   node scripts/cluster/cluster.mjs                  starts the cluster and keeps it until Ctrl-C
//   node scripts/cluster/cluster.mjs -- <command...>  runs a command against it (TEMPORAL_ADDRESS set), then stops it
//
// Logs go to test-output/cluster/<run>/. Needs: Go (first run only, to build the server), Debian's PostgreSQL server
// of the compose file's major version (installed with apt-get when missing and running as root), the Temporal CLI.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync, chownSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { environmentOf, loadCompose, localService, postgresMajorVersion, REPO_ROOT, temporalServerVersion } from './compose-stack.mjs';
import { freePorts, ManagedProcess, runToEnd, unprivilegedUser } from './processes.mjs';
import { ensureTemporalBinaries } from './temporal-binaries.mjs';

const LOCALHOST = '127.0.0.1';
const DATA_DIR_PREFIX = 'temporal-cluster-';
/**
 * The server's listening ports, which its built-in config template takes from the environment: the only variables
 * the local server gets beyond the compose file's (with PATH), since ports here must be free ones.
 */
export const SERVER_PORT_VARIABLES = [
  'FRONTEND_GRPC_PORT',
  'FRONTEND_HTTP_PORT',
  'FRONTEND_MEMBERSHIP_PORT',
  'HISTORY_GRPC_PORT',
  'HISTORY_MEMBERSHIP_PORT',
  'MATCHING_GRPC_PORT',
  'MATCHING_MEMBERSHIP_PORT',
  'WORKER_GRPC_PORT',
  'WORKER_MEMBERSHIP_PORT',
];

/** The variables of this process a service's process inherits: a container inherits none of ours. */
export function baseEnv() {
  return Object.fromEntries(
    ['PATH', 'HOME', 'TMPDIR', 'LANG', 'TZ'].filter((key) => process.env[key] !== undefined).map((key) => [key, process.env[key]]),
  );
}

/**
 * A running cluster.
 * @typedef {object} Cluster
 * @property {string} address `host:port` of the Temporal frontend
 * @property {string} namespace
 * @property {string} serverVersion
 * @property {string} runDir where the logs of this run are
 * @property {object} compose the parsed compose file
 * @property {Record<string, { host: string, ports: Record<string, number> }>} hosts where each service listens here
 * @property {string} temporalCli the `temporal` CLI
 * @property {() => number | undefined} serverPid
 * @property {() => Promise<{ ms: number, forced: boolean }>} stopServer SIGTERM to the server, and wait for its exit
 * @property {() => Promise<{ ms: number }>} startServer start it again, on the same data, and wait until it is healthy
 * @property {() => Promise<void>} stop stops everything and removes the data
 */

/**
 * Starts the cluster. Rejects (having stopped what it started) when any step fails, with that step's last output.
 * @param {{ log?: (line: string) => void, handleSignals?: boolean }} [options] `handleSignals`: stop the cluster on
 *   SIGINT and SIGTERM, then exit (for a process that owns the cluster)
 * @returns {Promise<Cluster>}
 */
export async function startCluster({ log = (line) => console.log(line), handleSignals = false } = {}) {
  const compose = loadCompose();
  const serverVersion = temporalServerVersion(compose);
  const binaries = ensureTemporalBinaries(serverVersion, log);
  const temporalCli = await findTemporalCli();
  const postgresBin = ensurePostgres(postgresMajorVersion(compose), log);

  removeStaleDataDirs();
  const runDir = join(REPO_ROOT, 'test-output', 'cluster', new Date().toISOString().replace(/[:.]/g, '-'));
  mkdirSync(runDir, { recursive: true });
  const dataDir = mkdtempSync(join(tmpdir(), DATA_DIR_PREFIX));
  writeFileSync(join(dataDir, 'owner.pid'), String(process.pid));
  // The names the images give the tools, as the set-up scripts call them.
  const binDir = join(dataDir, 'bin');
  mkdirSync(binDir);
  symlinkSync(binaries.server, join(binDir, 'temporal-server'));
  symlinkSync(binaries.sql, join(binDir, 'temporal-sql-tool'));
  symlinkSync(temporalCli, join(binDir, 'temporal'));
  const toolEnv = { PATH: `${binDir}:${process.env.PATH ?? '/usr/bin:/bin'}` };

  const [postgresPort, ...serverPorts] = await freePorts(1 + SERVER_PORT_VARIABLES.length);
  const serverPortEnv = Object.fromEntries(SERVER_PORT_VARIABLES.map((key, index) => [key, String(serverPorts[index])]));
  const frontendPort = Number(serverPortEnv.FRONTEND_GRPC_PORT);
  const hosts = {
    postgresql: { host: LOCALHOST, ports: { 5432: postgresPort } },
    temporal: { host: LOCALHOST, ports: { 7233: frontendPort } },
  };
  const address = `${LOCALHOST}:${frontendPort}`;
  const namespace = environmentOf(compose, 'temporal-namespace').DEFAULT_NAMESPACE ?? 'default';

  let postgres;
  let server;
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await server?.stop('SIGTERM', 20_000);
    // Fast shutdown: ends the server's connections at once instead of waiting for them.
    await postgres?.stop('SIGINT', 15_000);
    rmSync(dataDir, { recursive: true, force: true });
  };
  const onExit = () => {
    // Last resort, synchronous: the process is exiting without having called stop().
    server?.signal('SIGKILL');
    postgres?.signal('SIGQUIT');
    rmSync(dataDir, { recursive: true, force: true });
  };
  process.once('exit', onExit);
  const onSignal = (signal) => {
    log(`\n${signal}: stopping the cluster...`);
    void stop().finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
  };
  if (handleSignals) {
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
  }

  const serverService = localService(compose, 'temporal', { hosts, extraEnv: { ...toolEnv, ...serverPortEnv } });
  const startServer = async () => {
    const started = Date.now();
    server = new ManagedProcess('temporal server', serverService.command[0], serverService.command.slice(1), {
      env: { ...baseEnv(), ...serverService.env },
      cwd: dataDir,
      logFile: join(runDir, 'temporal-server.log'),
    });
    await waitUntil(`the Temporal server at ${address} to be healthy`, 90_000, server, () => isHealthy(temporalCli, address));
    return { ms: Date.now() - started };
  };

  try {
    log(`Starting PostgreSQL ${postgresMajorVersion(compose)} on ${LOCALHOST}:${postgresPort} (data in ${dataDir})...`);
    postgres = await startPostgres(compose, { bin: postgresBin, dataDir, port: postgresPort, runDir });

    log('Setting up the temporal and temporal_visibility schemas (the temporal-schema service)...');
    const schema = localService(compose, 'temporal-schema', { hosts, extraEnv: { ...toolEnv, TEMPORAL_SCHEMA_DIR: binaries.schemaDir } });
    await runToEnd('temporal-schema', schema.command[0], schema.command.slice(1), {
      env: { ...baseEnv(), ...schema.env },
      cwd: REPO_ROOT,
      logFile: join(runDir, 'temporal-schema.log'),
      timeoutMs: 180_000,
    });

    log(`Starting Temporal server ${serverVersion} on ${address}...`);
    await startServer();

    log('Creating the namespace and the search attributes (the temporal-namespace service)...');
    const setup = localService(compose, 'temporal-namespace', { hosts, extraEnv: toolEnv });
    await runToEnd('temporal-namespace', setup.command[0], setup.command.slice(1), {
      env: { ...baseEnv(), ...setup.env },
      cwd: REPO_ROOT,
      logFile: join(runDir, 'temporal-namespace.log'),
      timeoutMs: 180_000,
    });
  } catch (err) {
    await stop();
    process.removeListener('exit', onExit);
    throw err;
  }
  log(`Temporal cluster ready at ${address}, namespace "${namespace}" (logs in ${runDir})`);

  return {
    address,
    namespace,
    serverVersion,
    runDir,
    compose,
    hosts,
    temporalCli,
    serverPid: () => server?.pid,
    stopServer: async () => {
      const { ms, forced } = await server.stop('SIGTERM', 30_000);
      return { ms, forced };
    },
    startServer,
    stop: async () => {
      await stop();
      process.removeListener('exit', onExit);
      if (handleSignals) {
        process.removeListener('SIGINT', onSignal);
        process.removeListener('SIGTERM', onSignal);
      }
    },
  };
}

/** Debian's PostgreSQL server binaries of a major version; installed with apt-get when missing and running as root. */
function ensurePostgres(major, log) {
  const bin = `/usr/lib/postgresql/${major}/bin`;
  if (existsSync(join(bin, 'postgres'))) return bin;
  const install = `apt-get install postgresql-${major}`;
  if (process.getuid?.() !== 0 || spawnSync('apt-get', ['--version']).status !== 0) {
    throw new Error(`The PostgreSQL ${major} server is not installed (no ${bin}/postgres). Install it (Debian: sudo ${install}).`);
  }
  log(`PostgreSQL ${major} is not installed: ${install}...`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  for (const args of [
    ['update', '-qq'],
    ['install', '-y', '-qq', '--no-install-recommends', `postgresql-${major}`],
  ]) {
    const apt = spawnSync('apt-get', args, { stdio: 'inherit', env });
    if (apt.status !== 0)
      throw new Error(`apt-get ${args.join(' ')} failed with exit code ${apt.status}; install PostgreSQL ${major} by hand.`);
  }
  // The package creates and starts a cluster of its own on port 5432; this run needs none of it.
  spawnSync('pg_ctlcluster', [major, 'main', 'stop'], { stdio: 'ignore' });
  if (!existsSync(join(bin, 'postgres'))) throw new Error(`${install} ran, but ${bin}/postgres is still missing.`);
  return bin;
}

/**
 * initdb with the compose file's user and password (password authentication over TCP, as the postgres image sets it
 * up), then the server on loopback; as `nobody` when this process is root, since PostgreSQL refuses root.
 */
async function startPostgres(compose, { bin, dataDir, port, runDir }) {
  const env = environmentOf(compose, 'postgresql');
  const user = unprivilegedUser();
  const pgData = join(dataDir, 'postgresql');
  const socketDir = join(dataDir, 'postgresql-socket');
  const pwFile = join(dataDir, 'postgresql-password');
  for (const dir of [pgData, socketDir]) mkdirSync(dir, { mode: 0o700 });
  writeFileSync(pwFile, `${env.POSTGRES_PASSWORD}\n`, { mode: 0o600 });
  if (user) {
    // mkdtemp made the data folder private to root: let the unprivileged user through to its own folders.
    spawnSync('chmod', ['0711', dataDir]);
    for (const path of [pgData, socketDir, pwFile]) chownSync(path, user.uid, user.gid);
  }
  const initdbArgs = [
    '-D',
    pgData,
    '-U',
    env.POSTGRES_USER,
    `--pwfile=${pwFile}`,
    '--auth-local=trust',
    '--auth-host=scram-sha-256',
    '-E',
    'UTF8',
    '--no-sync',
  ];
  await runToEnd('initdb', join(bin, 'initdb'), initdbArgs, {
    logFile: join(runDir, 'postgresql-initdb.log'),
    timeoutMs: 60_000,
    ...(user ? { user } : {}),
  });
  rmSync(pwFile);
  const postgres = new ManagedProcess(
    'postgresql',
    join(bin, 'postgres'),
    ['-D', pgData, '-p', String(port), '-c', `listen_addresses=${LOCALHOST}`, '-k', socketDir],
    {
      logFile: join(runDir, 'postgresql.log'),
      deathSignal: 'INT',
      ...(user ? { user } : {}),
    },
  );
  // The compose file's healthcheck: pg_isready.
  await waitUntil(
    `PostgreSQL on port ${port} to accept connections`,
    60_000,
    postgres,
    () => spawnSync(join(bin, 'pg_isready'), ['-h', LOCALHOST, '-p', String(port), '-U', env.POSTGRES_USER]).status === 0,
  );
  return postgres;
}

async function waitUntil(what, timeoutMs, process_, check) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (!process_.running)
      throw new Error(`${process_.name} exited while waiting for ${what}. Its last output (${process_.logFile}):\n${process_.lastLines()}`);
    if (await check()) return;
    if (Date.now() > deadline)
      throw new Error(
        `Timed out after ${timeoutMs} ms waiting for ${what}. Last output of ${process_.name} (${process_.logFile}):\n${process_.lastLines()}`,
      );
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

function isHealthy(temporalCli, address) {
  return new Promise((resolve) => {
    const child = spawn(temporalCli, ['operator', 'cluster', 'health', '--address', address], { stdio: 'ignore' });
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve(code === 0);
    });
    child.once('error', () => resolve(false));
  });
}

/** The Temporal CLI, found the way the library's tests find it (nestjs-temporal-tasks/testing, built into dist/). */
async function findTemporalCli() {
  let testing;
  try {
    testing = await import('nestjs-temporal-tasks/testing');
  } catch (err) {
    throw new Error(
      `Build the library first (npm run build): the cluster finds the Temporal CLI through nestjs-temporal-tasks/testing. ${err instanceof Error ? err.message : err}`,
    );
  }
  return testing.findTemporalCli();
}

/** Data folders of earlier runs whose process died without removing them (a SIGKILL leaves no chance to). */
function removeStaleDataDirs() {
  for (const name of readdirSync(tmpdir()).filter((entry) => entry.startsWith(DATA_DIR_PREFIX))) {
    const dir = join(tmpdir(), name);
    let owner;
    try {
      owner = Number(readFileSync(join(dir, 'owner.pid'), 'utf8'));
      process.kill(owner, 0);
    } catch (err) {
      if (owner === undefined || err?.code === 'ESRCH') rmSync(dir, { recursive: true, force: true });
    }
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const separator = process.argv.indexOf('--');
  const command = separator === -1 ? [] : process.argv.slice(separator + 1);
  let cluster;
  try {
    cluster = await startCluster({ handleSignals: true });
  } catch (err) {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  }
  if (command.length === 0) {
    console.log(`\n  TEMPORAL_ADDRESS=${cluster.address}   (namespace ${cluster.namespace}; Ctrl-C stops the cluster)\n`);
  } else {
    const child = spawn(command[0], command.slice(1), {
      stdio: 'inherit',
      env: { ...process.env, TEMPORAL_ADDRESS: cluster.address, TEMPORAL_NAMESPACE: cluster.namespace },
    });
    // The command is in our process group: Ctrl-C reaches it too, and our own handler stops the cluster after it.
    const code = await new Promise((resolve) => child.once('exit', (exitCode, signal) => resolve(exitCode ?? (signal ? 1 : 0))));
    await cluster.stop();
    process.exit(code);
  }
}
