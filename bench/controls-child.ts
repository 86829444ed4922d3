/**
 * Child process of the controls suite (bench/controls.ts): one role per process, so that each side's CPU time and
 * requests are its own. The parent sends it one request at a time. argv: the JSON of a `ControlsChildSetup`.
 */
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { parent, runChild } from './child-ipc';
import { createLibraryTriggerer } from './library/library-triggerer';
import { createWatcher, createWatchWorker, type WatchGroup, type WatchWindow } from './library/library-watch-apps';
import { benchInput } from './payload';
import { createRawTriggerer } from './raw/raw-triggerer';
import type { TriggerManyOutcome } from './triggerer';

export type ControlsChildSetup = { address: string; taskQueue: string } & (
  | { role: 'trigger'; side: 'library' | 'raw'; payloadBytes: number }
  | { role: 'watch-worker'; bundlePath: string }
  | { role: 'watcher' }
);

export type ControlsRequest =
  | { type: 'triggerMany'; items: number; concurrency?: number }
  | { type: 'start'; tasks: number }
  | { type: 'watch'; groups: WatchGroup[]; seconds: number; intervalMs?: number }
  | { type: 'exit' };

export type ControlsReply =
  | { type: 'ready' }
  /** From the call until every start was answered, and this process's CPU time over it. */
  | ({ type: 'triggerMany'; ms: number; cpuMs: number } & TriggerManyOutcome)
  | { type: 'start'; taskIds: string[] }
  | ({ type: 'watch' } & WatchWindow);

async function main(): Promise<void> {
  const setup = JSON.parse(process.argv[2]!) as ControlsChildSetup;
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const { address, taskQueue } = setup;
  const roles = {
    trigger: async () => (setup.role === 'trigger' ? (setup.side === 'library' ? createLibraryTriggerer({ address, taskQueue }) : createRawTriggerer({ address, taskQueue })) : undefined),
    worker: async () => (setup.role === 'watch-worker' ? createWatchWorker({ address, taskQueue, bundleCode: readFileSync(setup.bundlePath, 'utf8') }) : undefined),
    watcher: async () => (setup.role === 'watcher' ? createWatcher({ address, taskQueue }) : undefined),
  };
  const [triggerer, worker, watcher] = [await roles.trigger(), await roles.worker(), await roles.watcher()];
  const input = benchInput(setup.role === 'trigger' ? setup.payloadBytes : 16);
  send({ type: 'ready' });
  for (;;) {
    const request = await nextRequest();
    if (request.type === 'triggerMany' && triggerer) {
      const cpuBefore = process.cpuUsage();
      const started = performance.now();
      const outcome = await triggerer.triggerMany(input, request.items, request.concurrency);
      const ms = performance.now() - started;
      const cpu = process.cpuUsage(cpuBefore);
      send({ type: 'triggerMany', ms, cpuMs: (cpu.user + cpu.system) / 1000, ...outcome });
    } else if (request.type === 'start' && worker) {
      send({ type: 'start', taskIds: await worker.start(request.tasks) });
    } else if (request.type === 'watch' && watcher) {
      send({ type: 'watch', ...(await watcher.watch(request.groups, request.seconds, request.intervalMs)) });
    } else if (request.type === 'exit') {
      await (triggerer ?? worker ?? watcher)?.close();
      return;
    } else {
      throw new Error(`A ${setup.role} process cannot answer a "${request.type}" request.`);
    }
  }
}

function send(reply: ControlsReply): void {
  parent.send(reply);
}

function nextRequest(): Promise<ControlsRequest> {
  return parent.next<ControlsRequest>();
}

runChild(main);
