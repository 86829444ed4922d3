// Child processes of a cluster run that cannot outlive it. Each is started under `setpriv --pdeathsig`, so the kernel
// signals it when the process that started it dies, however that process dies (SIGKILL included); the normal path
// stops them explicitly, in order.
import { spawn, spawnSync } from 'node:child_process';
import { createWriteStream, existsSync } from 'node:fs';
import { createServer } from 'node:net';

const SETPRIV = ['/usr/bin/setpriv', '/bin/setpriv'].find((path) => existsSync(path));

/**
 * The user a server that refuses root (PostgreSQL) runs as, when this process is root: `nobody`.
 * @returns {{ uid: number, gid: number } | undefined} undefined when this process is not root
 */
export function unprivilegedUser() {
  if (process.getuid?.() !== 0) return undefined;
  const id = (flag) => Number(spawnSync('id', [flag, 'nobody'], { encoding: 'utf8' }).stdout.trim());
  const uid = id('-u');
  const gid = id('-g');
  if (!Number.isInteger(uid) || !Number.isInteger(gid))
    throw new Error('PostgreSQL refuses to run as root, and there is no user "nobody" to run it as.');
  return { uid, gid };
}

/** The command line that runs `command` under setpriv: as `user` when given, signalled with `deathSignal` if we die. */
export function guarded(command, args, { deathSignal = 'KILL', user } = {}) {
  if (!SETPRIV) {
    if (user) throw new Error('Running PostgreSQL as another user needs setpriv (Debian package util-linux).');
    return { command, args };
  }
  const identity = user ? [`--reuid=${user.uid}`, `--regid=${user.gid}`, '--clear-groups'] : [];
  return { command: SETPRIV, args: [...identity, `--pdeathsig=${deathSignal}`, '--', command, ...args] };
}

/**
 * A long-running child process whose output goes to a log file (and to `onLine`, line by line, with the time each
 * line arrived). setpriv execs the command, so `pid` is the command's own process id.
 */
export class ManagedProcess {
  /**
   * @param {string} name for messages
   * @param {string} command
   * @param {string[]} args
   * @param {{ env?: Record<string, string | undefined>, cwd?: string, logFile: string, deathSignal?: string, user?: { uid: number, gid: number }, onLine?: (line: string, at: number) => void }} options
   */
  constructor(name, command, args, options) {
    this.name = name;
    const run = guarded(command, args, options);
    this.child = spawn(run.command, run.args, { cwd: options.cwd, env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    this.pid = this.child.pid;
    this.log = createWriteStream(options.logFile, { flags: 'a' });
    this.logFile = options.logFile;
    this.tail = [];
    // 'close' rather than 'exit': it comes once the output is read to its end, so no line of a killed process is lost.
    this.exited = new Promise((resolve) => {
      this.child.once('close', (code, signal) => resolve({ code, signal }));
      this.child.once('error', (err) => resolve({ code: null, signal: null, error: err }));
    });
    for (const stream of [this.child.stdout, this.child.stderr]) {
      let partial = '';
      stream.on('data', (chunk) => {
        const at = Date.now();
        this.log.write(chunk);
        const lines = (partial + chunk.toString('utf8')).split('\n');
        partial = lines.pop() ?? '';
        for (const line of lines) {
          this.tail.push(line);
          if (this.tail.length > 40) this.tail.shift();
          options.onLine?.(line, at);
        }
      });
    }
  }

  /** True until the process has exited. */
  get running() {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Its last lines of output, for error messages. */
  lastLines(count = 15) {
    return this.tail
      .slice(-count)
      .map((line) => (line.length > 400 ? `${line.slice(0, 400)}…` : line))
      .join('\n');
  }

  /** Sends a signal without waiting. */
  signal(signal) {
    if (this.running) this.child.kill(signal);
  }

  /**
   * Sends `signal` and waits for the exit; after `timeoutMs`, SIGKILL.
   * @returns {Promise<{ code: number | null, signal: string | null, forced: boolean, ms: number }>}
   */
  async stop(signal = 'SIGTERM', timeoutMs = 20_000) {
    const started = Date.now();
    let forced = false;
    if (this.running) {
      this.child.kill(signal);
      const timer = setTimeout(() => {
        forced = true;
        this.child.kill('SIGKILL');
      }, timeoutMs);
      await this.exited;
      clearTimeout(timer);
    }
    const { code, signal: by } = await this.exited;
    await new Promise((resolve) => this.log.end(resolve));
    return { code, signal: by, forced, ms: Date.now() - started };
  }
}

/**
 * Runs a command to its end, output to a log file, within `timeoutMs`.
 * @returns {Promise<void>} rejects with the command's last output when it fails or times out
 */
export async function runToEnd(name, command, args, { env, cwd, logFile, timeoutMs, user }) {
  const child = new ManagedProcess(name, command, args, { env, cwd, logFile, user });
  const timer = setTimeout(() => child.signal('SIGKILL'), timeoutMs);
  const { code, signal, error } = await child.exited;
  clearTimeout(timer);
  await new Promise((resolve) => child.log.end(resolve));
  if (code !== 0) {
    const why = error ? error.message : signal === 'SIGKILL' ? `no end within ${timeoutMs} ms` : `exit code ${code ?? signal}`;
    throw new Error(`${name} failed (${why}). Its last output (${logFile}):\n${child.lastLines()}`);
  }
}

/** Whether a TCP port is free on `host` (0: any free port); resolves with the port, or undefined. */
function tryPort(port, host) {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(undefined));
    server.listen(port, host, () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : undefined));
    });
  });
}

/**
 * Distinct TCP ports that were free a moment ago, `count` of them, below 32768: Temporal stores its membership ports
 * in a SQL smallint column, which the kernel's ephemeral ports (32768 and up) overflow.
 */
export async function freePorts(count, host = '127.0.0.1') {
  const ports = new Set();
  for (let tries = 0; ports.size < count; tries += 1) {
    if (tries > 1000) throw new Error(`Found only ${ports.size} free TCP ports below 32768 on ${host}`);
    const port = await tryPort(10_000 + Math.floor(Math.random() * 22_000), host);
    if (port !== undefined) ports.add(port);
  }
  return [...ports];
}

/** A free TCP port, any. */
export async function freePort(host = '127.0.0.1') {
  const port = await tryPort(0, host);
  if (port === undefined) throw new Error(`No free TCP port on ${host}`);
  return port;
}
