import { join } from 'node:path';
import { BenchChild } from '../child-process';
import { createLibraryTarget } from '../library/library-target';
import type { MemoryFromChild, MemoryToChild } from '../memory-child';
import { benchInput } from '../payload';
import { createRawClient } from '../raw/raw-target';
import type { CpuMeter } from './cpu';
import { measureThroughput } from './throughput';

export interface MemoryResult {
  side: 'library' | 'raw';
  /** The child before loading Nest, Temporal or the library: Node itself. */
  floorRssMb: number;
  idleRssMb: number;
  idleHeapUsedMb: number;
  load: {
    tasks: number;
    sleepMs: number;
    /** maxConcurrentActivityTaskExecutions of the worker: as many as there are tasks, so they all run at once. */
    activitySlots: number;
    /** From the first trigger to the last result. */
    ms: number;
    samples: number;
    peakRssMb: number;
    medianRssMb: number;
    peakHeapUsedMb: number;
    /** CPU time per task of the worker process, and of the dev server, while the tasks ran. */
    cpuMsPerTask: { worker: number; server?: number };
  };
}

export interface MemoryOptions {
  address: string;
  taskQueue: string;
  bundlePath: string;
  tasks: number;
  sleepMs: number;
  payloadBytes: number;
  cpu: CpuMeter;
}

/**
 * The worker runs in a child process of its own and samples its RSS; this process triggers `tasks` sleeping tasks
 * at once through a client of the same side (a client-only Nest app, or a raw client) and waits for them all.
 */
export async function measureMemory(side: 'library' | 'raw', options: MemoryOptions): Promise<MemoryResult> {
  const { address, taskQueue, bundlePath, tasks, sleepMs, payloadBytes, cpu } = options;
  const child = BenchChild.start<MemoryToChild, MemoryFromChild>(join(__dirname, '..', 'memory-child.js'), [
    side,
    address,
    taskQueue,
    bundlePath,
    String(tasks),
  ]);
  try {
    const idle = await nextOfType(child, 'idle');
    const client =
      side === 'library' ? await createLibraryTarget({ address, taskQueue, runner: false }) : await createRawClient(taskQueue, { address });
    try {
      child.send({ type: 'load-start' });
      const run = await measureThroughput(client, tasks, benchInput(payloadBytes, sleepMs), cpu);
      child.send({ type: 'load-end' });
      const load = await nextOfType(child, 'load');
      child.send({ type: 'exit' });
      await child.stop();
      return {
        side,
        floorRssMb: idle.floorRssMb,
        idleRssMb: idle.rssMb,
        idleHeapUsedMb: idle.heapUsedMb,
        load: {
          tasks,
          sleepMs,
          activitySlots: tasks,
          ms: run.ms,
          samples: load.samples,
          peakRssMb: load.peakRssMb,
          medianRssMb: load.medianRssMb,
          peakHeapUsedMb: load.peakHeapUsedMb,
          cpuMsPerTask: { worker: load.cpuMs / tasks, server: run.cpuMsPerTask.server },
        },
      };
    } finally {
      await client.close();
    }
  } catch (err) {
    child.kill();
    throw err;
  }
}

async function nextOfType<T extends MemoryFromChild['type']>(
  child: BenchChild<MemoryToChild, MemoryFromChild>,
  type: T,
): Promise<Extract<MemoryFromChild, { type: T }>> {
  const message = await child.next();
  if (message.type !== type) throw new Error(`memory child sent "${message.type}", expected "${type}"`);
  return message as Extract<MemoryFromChild, { type: T }>;
}
