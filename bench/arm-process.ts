import { join } from 'node:path';
import type { ArmChildSetup, ArmReply, ArmRequest, MemoryReading } from './arm-child';
import type { Arm } from './arms';
import { runTaskQueue, serverOf, type BenchContext } from './bench-context';
import { BenchChild } from './child-process';

/** One throughput run of an arm: `tasks` triggered at once, from the first trigger to the last result. */
export interface ThroughputRun {
  tasks: number;
  ms: number;
  tasksPerSecond: number;
  /** CPU time per task of the arm's processes (client and worker: JavaScript and the SDK's Rust threads). */
  appCpuMsPerTask: number;
  /** CPU time per task of the dev server's process over the run; undefined when the bench did not start the server. */
  serverCpuMsPerTask?: number;
  /** Starts the server handed straight to the worker. */
  eagerStarts: number;
  /** The server's work per task over the run (`BenchServer.workCounts`); undefined when not read. */
  serverRequestsPerTask?: Record<string, number>;
  /** Memory of the arm's processes right after the run (summed over them). */
  memoryAfter: MemoryReading;
}

/** One task run on its own: trigger to result. */
export interface OneRun {
  ms: number;
  taskId: string;
  eager: boolean;
}

type Child = BenchChild<ArmRequest, ArmReply>;

/**
 * An arm up and polling: its processes started (each a fresh `arm-child`), warmed up, and ready for requests. Every
 * request goes to each of its processes at once, the tasks shared between them.
 */
export class RunningArm {
  private constructor(
    readonly arm: Arm,
    private readonly context: BenchContext,
    private readonly children: Child[],
  ) {}

  static async start(context: BenchContext, arm: Arm): Promise<RunningArm> {
    const server = serverOf(context, arm);
    const taskQueue = runTaskQueue(arm.id);
    const children: Child[] = [];
    try {
      for (const process of arm.processes) {
        const setup: ArmChildSetup = {
          process,
          address: server.address,
          taskQueue,
          bundlePath: context.bundlePaths[process.side],
          payloadBytes: context.config.payloadBytes,
        };
        const child = BenchChild.start<ArmRequest, ArmReply>(join(__dirname, 'arm-child.js'), [JSON.stringify(setup)]);
        children.push(child);
        await expect(child, 'ready');
      }
      const running = new RunningArm(arm, context, children);
      await running.warmUp();
      return running;
    } catch (err) {
      for (const child of children) child.kill();
      throw err;
    }
  }

  /** Before anything is timed: tasks at once, then a few one at a time, so the JIT and the server's caches are warm. */
  private async warmUp(): Promise<void> {
    const { warmup } = this.context.config;
    if (warmup === 0) return;
    await this.run(warmup);
    if (this.children.length === 1) for (let i = 0; i < Math.min(20, warmup); i++) await this.one();
  }

  /** Triggers `tasks` tasks at once, shared between the arm's processes, and waits for them all. */
  async run(tasks: number): Promise<ThroughputRun> {
    const server = serverOf(this.context, this.arm);
    const shares = this.children.map((_, index) => Math.floor(tasks / this.children.length) + (index < tasks % this.children.length ? 1 : 0));
    // The server's metrics count as of their last report (once a second): let the work before the run be reported
    // before reading, and the run's own after it.
    const requestsBefore = await settled(server.workCounts);
    const serverBefore = server.cpuMs();
    const replies = await Promise.all(this.children.map((child, index) => request(child, { type: 'run', tasks: shares[index]! }, 'run')));
    const serverAfter = server.cpuMs();
    const requestsAfter = await settled(server.workCounts);
    // The processes start together; the run ends when the last one has all its results.
    const ms = Math.max(...replies.map((reply) => reply.ms));
    return {
      tasks,
      ms,
      tasksPerSecond: (tasks * 1000) / ms,
      appCpuMsPerTask: replies.reduce((sum, reply) => sum + reply.cpuMs, 0) / tasks,
      serverCpuMsPerTask: serverBefore === undefined || serverAfter === undefined ? undefined : (serverAfter - serverBefore) / tasks,
      eagerStarts: replies.reduce((sum, reply) => sum + reply.eagerStarts, 0),
      serverRequestsPerTask: requestsBefore && requestsAfter ? perTask(requestsBefore, requestsAfter, tasks) : undefined,
      memoryAfter: {
        rssMb: replies.reduce((sum, reply) => sum + reply.memory.rssMb, 0),
        heapUsedMb: replies.reduce((sum, reply) => sum + reply.memory.heapUsedMb, 0),
      },
    };
  }

  /** One task, trigger to result, in the arm's (first) process. */
  async one(): Promise<OneRun> {
    const { ms, taskId, eager } = await request(this.children[0]!, { type: 'one' }, 'one');
    return { ms, taskId, eager };
  }

  /** Memory of the arm's (first) process now, and after a full GC. */
  async memory(): Promise<{ now: MemoryReading; afterGc: MemoryReading }> {
    const { now, afterGc } = await request(this.children[0]!, { type: 'memory' }, 'memory');
    return { now, afterGc };
  }

  async close(): Promise<void> {
    for (const child of this.children) child.send({ type: 'exit' });
    for (const child of this.children) await child.stop();
  }
}

/** Starts the arms one after the other, runs `use` on them, and always closes those that started. */
export async function withArms<T>(context: BenchContext, arms: readonly Arm[], use: (running: RunningArm[]) => Promise<T>): Promise<T> {
  const started: RunningArm[] = [];
  try {
    for (const arm of arms) started.push(await RunningArm.start(context, arm));
    return await use(started);
  } finally {
    for (const running of started) await running.close();
  }
}

async function request<T extends ArmReply['type']>(child: Child, message: ArmRequest, type: T): Promise<Extract<ArmReply, { type: T }>> {
  child.send(message);
  return expect(child, type);
}

async function expect<T extends ArmReply['type']>(child: Child, type: T): Promise<Extract<ArmReply, { type: T }>> {
  const reply = await child.next();
  if (reply.type !== type) throw new Error(`arm process answered "${reply.type}", expected "${type}"`);
  return reply as Extract<ArmReply, { type: T }>;
}

/** The counts that grew from `before` to `after`, per task. */
function perTask(before: Record<string, number>, after: Record<string, number>, tasks: number): Record<string, number> {
  return Object.fromEntries(
    Object.entries(after)
      .map(([key, count]) => [key, (count - (before[key] ?? 0)) / tasks] as const)
      .filter(([, count]) => count > 0),
  );
}

/** `read()` after the server's metrics have reported what came before (they report once a second). */
async function settled<T>(read: () => Promise<T>): Promise<T> {
  await new Promise((resolve) => setTimeout(resolve, METRICS_REPORT_MS));
  return read();
}

const METRICS_REPORT_MS = 1_500;
