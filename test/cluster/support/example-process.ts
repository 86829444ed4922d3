import { hostname } from 'node:os';
import { join } from 'node:path';
import { baseEnv, type Cluster } from '../../../scripts/cluster/cluster.mjs';
import { localService } from '../../../scripts/cluster/compose-stack.mjs';
import { freePorts, ManagedProcess } from '../../../scripts/cluster/processes.mjs';

/** One line a task wrote with `context.log`, as the Runner logs it: `[<taskId> #<iteration>.<attempt>] <message>`. */
export interface TaskLogLine {
  taskId: string;
  iteration: number;
  attempt: number;
  message: string;
  /** When this process read the line: the line's arrival, within milliseconds of its writing. */
  at: number;
  /** The worker process that wrote it. */
  worker: ExampleProcess;
}

const ANSI = /\u001b\[[0-9;]*m/g;
const TASK_LINE = /\[([A-Za-z][\w-]*\/[^\s\]]+) #(\d+)\.(\d+)\] (.*)$/;

/**
 * A process of the example app (examples/basic), started exactly as docker-compose.yml starts its service (`app` or
 * `worker`): the service's command, in the directory its image runs it from, with its environment mapped to this
 * machine. The only variables added are the task queue (each scenario has its own) and, for `app`, nothing else: its
 * PORT is the compose file's, mapped to a free local port.
 */
export class ExampleProcess {
  /** Lines tasks wrote, in arrival order. */
  readonly taskLines: TaskLogLine[] = [];
  private readonly waiters = new Set<() => void>();
  private readyPattern?: RegExp;
  private ready = false;

  private constructor(
    readonly role: 'app' | 'worker',
    readonly label: string,
    readonly process: ManagedProcess,
    /** For `app`: its HTTP base URL. */
    readonly url: string | undefined,
  ) {}

  /** The pid; with it, the identity Temporal records for the process's work (the SDK's default: `pid@host`). */
  get pid(): number {
    return this.process.pid ?? -1;
  }

  get identity(): string {
    return `${this.pid}@${hostname()}`;
  }

  get running(): boolean {
    return this.process.running;
  }

  /**
   * Starts the service and waits until it serves: a worker once its Runner polls, the web process once Nest listens.
   * `temporalAddress` points it at another Temporal server than the cluster's (the dev server of a comparison).
   */
  static async start(
    cluster: Cluster,
    role: 'app' | 'worker',
    { taskQueue, label, temporalAddress }: { taskQueue: string; label: string; temporalAddress?: string },
  ): Promise<ExampleProcess> {
    const [port] = await freePorts(1);
    const temporal = temporalAddress
      ? { host: temporalAddress.split(':')[0]!, ports: { 7233: Number(temporalAddress.split(':')[1]) } }
      : cluster.hosts.temporal!;
    const hosts = { ...cluster.hosts, temporal, app: { host: '127.0.0.1', ports: { 3000: port! } } };
    const { command, cwd, env } = localService(cluster.compose, role, { hosts, extraEnv: { TASKS_TASK_QUEUE: taskQueue } });
    // Output arrives from the next turn of the event loop on, once `started` exists.
    const holder: { started?: ExampleProcess } = {};
    const managed = new ManagedProcess(label, command[0]!, command.slice(1), {
      cwd,
      env: { ...baseEnv(), ...env },
      logFile: join(cluster.runDir, `${label}.log`),
      onLine: (line, at) => holder.started?.onLine(line, at),
    });
    const started = new ExampleProcess(role, label, managed, role === 'app' ? `http://127.0.0.1:${env.PORT}` : undefined);
    holder.started = started;
    started.readyPattern = role === 'worker' ? /Runner polling task queue/ : /Nest application successfully started/;
    await started.waitFor(() => (started.ready ? true : undefined), 60_000, `${label} to start`);
    return started;
  }

  /** Kills the process at once, as a crash or an OOM kill would: no drain, no shutdown hook. */
  async kill(): Promise<number> {
    const at = Date.now();
    this.process.signal('SIGKILL');
    await this.process.exited;
    return at;
  }

  /** Stops it as `docker stop` would: SIGTERM, then SIGKILL after the compose file's stop_grace_period (30 s). */
  async stop(): Promise<void> {
    await this.process.stop('SIGTERM', 30_000);
  }

  /** Resolves with `check()`'s value once it is not undefined; rechecked on each line of output and every 200 ms. */
  async waitFor<T>(check: () => T | undefined, timeoutMs: number, what: string): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = check();
      if (value !== undefined) return value;
      if (!this.process.running)
        throw new Error(
          `${this.label} exited while waiting for ${what}. Its last output (${this.process.logFile}):\n${this.process.lastLines()}`,
        );
      if (Date.now() > deadline)
        throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}. Last output of ${this.label}:\n${this.process.lastLines()}`);
      await new Promise<void>((resolve) => {
        const wake = (): void => {
          this.waiters.delete(wake);
          clearTimeout(timer);
          resolve();
        };
        const timer = setTimeout(wake, 200);
        this.waiters.add(wake);
      });
    }
  }

  private onLine(raw: string, at: number): void {
    const line = raw.replace(ANSI, '');
    if (this.readyPattern?.test(line)) this.ready = true;
    const match = TASK_LINE.exec(line);
    if (match) {
      this.taskLines.push({
        taskId: match[1]!,
        iteration: Number(match[2]),
        attempt: Number(match[3]),
        message: match[4]!.trim(),
        at,
        worker: this,
      });
    }
    for (const wake of [...this.waiters]) wake();
  }
}
