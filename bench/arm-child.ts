/**
 * Child process of one arm's process: a worker and a client of one side, set up as the arm says, in a process of
 * its own so that its CPU time and memory are its own and nothing carries over from another arm. The parent sends it
 * one request at a time (bench/arm-process.ts). argv: the JSON of an `ArmChildSetup`.
 */
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { parent, runChild } from './child-ipc';
import type { ArmProcess } from './arms';
import { createLibraryTarget } from './library/library-target';
import { runTasks } from './measure/run-tasks';
import { benchInput } from './payload';
import { createRawTarget } from './raw/raw-target';
import type { BenchTarget } from './target';

export interface ArmChildSetup {
  process: ArmProcess;
  address: string;
  taskQueue: string;
  /** The prebuilt workflow bundle of the arm's side. */
  bundlePath: string;
  payloadBytes: number;
}

export type ArmRequest = { type: 'run'; tasks: number } | { type: 'one' } | { type: 'memory' } | { type: 'exit' };

/** Memory of the process: RSS and V8's used heap, in MB. */
export interface MemoryReading {
  rssMb: number;
  heapUsedMb: number;
}

export type ArmReply =
  | { type: 'ready' }
  /** `tasks` triggered at once and all completed: from the first trigger to the last result, and this process's CPU time. */
  | { type: 'run'; ms: number; cpuMs: number; eagerStarts: number; memory: MemoryReading }
  /** One task, trigger to result. */
  | { type: 'one'; ms: number; taskId: string; eager: boolean }
  /** Memory now, and after a full garbage collection and a second of quiet. */
  | { type: 'memory'; now: MemoryReading; afterGc: MemoryReading };

const MB = 1024 * 1024;

async function main(): Promise<void> {
  const setup = JSON.parse(process.argv[2]!) as ArmChildSetup;
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const bundleCode = readFileSync(setup.bundlePath, 'utf8');
  const options = { address: setup.address, taskQueue: setup.taskQueue, bundleCode };
  const target: BenchTarget = setup.process.side === 'library' ? await createLibraryTarget(setup.process, options) : await createRawTarget(setup.process, options);
  const input = benchInput(setup.payloadBytes);
  send({ type: 'ready' });
  for (;;) {
    const request = await nextRequest();
    if (request.type === 'run') {
      const cpuBefore = process.cpuUsage();
      const started = performance.now();
      const triggered = await runTasks(target, request.tasks, input);
      const ms = performance.now() - started;
      const cpu = process.cpuUsage(cpuBefore);
      send({ type: 'run', ms, cpuMs: (cpu.user + cpu.system) / 1000, eagerStarts: triggered.filter((task) => task.eager).length, memory: memoryNow() });
    } else if (request.type === 'one') {
      const started = performance.now();
      const task = await target.trigger(input);
      await task.result();
      send({ type: 'one', ms: performance.now() - started, taskId: task.id, eager: task.eager });
    } else if (request.type === 'memory') {
      const now = memoryNow();
      global.gc?.();
      await new Promise((resolve) => setTimeout(resolve, 1000));
      send({ type: 'memory', now, afterGc: memoryNow() });
    } else {
      await target.close();
      return;
    }
  }
}

function memoryNow(): MemoryReading {
  const { rss, heapUsed } = process.memoryUsage();
  return { rssMb: rss / MB, heapUsedMb: heapUsed / MB };
}

function send(reply: ArmReply): void {
  parent.send(reply);
}

function nextRequest(): Promise<ArmRequest> {
  return parent.next<ArmRequest>();
}

runChild(main);
