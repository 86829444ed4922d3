/**
 * Child process of the controls suite (bench/controls.ts): one role per process, so that each side's CPU time and
 * requests are its own. The parent sends it one request at a time. argv: the JSON of a `ControlsChildSetup`.
 */
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { parent, runChild } from './child-ipc';
import { createLibraryTriggerer } from './library/library-triggerer';
import { createLibrarySender, createWaitingRunner, type RoundTrips, type SlotReading } from './library/library-wait-apps';
import { createWatcher, createWatchWorker, type WatchGroup, type WatchWindow } from './library/library-watch-apps';
import { benchInput } from './payload';
import { createRawSender, type RawMessageKind } from './raw/raw-sender';
import { createRawTriggerer } from './raw/raw-triggerer';
import type { TriggerManyOutcome } from './triggerer';

export type ControlsChildSetup = { address: string; taskQueue: string } & (
  | { role: 'trigger'; side: 'library' | 'raw'; payloadBytes: number }
  | { role: 'watch-worker'; bundlePath: string }
  | { role: 'watcher' }
  | { role: 'waiting-runner'; bundlePath: string; activitySlots: number; payloadBytes: number }
  | { role: 'sender'; side: 'library' | 'raw'; bundlePath: string; payloadBytes: number }
);

export type ControlsRequest =
  | { type: 'triggerMany'; items: number; concurrency?: number }
  | { type: 'start'; tasks: number }
  | { type: 'watch'; groups: WatchGroup[]; seconds: number; intervalMs?: number }
  | { type: 'latency'; runs: number }
  | { type: 'park'; tasks: number }
  | { type: 'untilWaiting'; tasks: number; timeoutMs: number }
  | { type: 'slots'; readings: number; everyMs: number }
  | { type: 'abortWaiting'; timeoutMs: number }
  | { type: 'roundTrips'; runs: number; kind?: RawMessageKind }
  | { type: 'exit' };

export type ControlsReply =
  | { type: 'ready' }
  /** From the call until every start was answered, and this process's CPU time over it. */
  | ({ type: 'triggerMany'; ms: number; cpuMs: number } & TriggerManyOutcome)
  | { type: 'start'; taskIds: string[] }
  | ({ type: 'watch' } & WatchWindow)
  /** Trigger-to-result times of the quick task, one at a time, in ms. */
  | { type: 'latency'; ms: number[] }
  | { type: 'park'; taskIds: string[] }
  | { type: 'untilWaiting'; ms: number; waiting: number }
  | ({ type: 'slots' } & SlotReading)
  | { type: 'abortWaiting'; ms: number; matched: number }
  | ({ type: 'roundTrips' } & RoundTrips);

async function main(): Promise<void> {
  const setup = JSON.parse(process.argv[2]!) as ControlsChildSetup;
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const { address, taskQueue } = setup;
  const roles = {
    trigger: async () => (setup.role === 'trigger' ? (setup.side === 'library' ? createLibraryTriggerer({ address, taskQueue }) : createRawTriggerer({ address, taskQueue })) : undefined),
    worker: async () => (setup.role === 'watch-worker' ? createWatchWorker({ address, taskQueue, bundleCode: readFileSync(setup.bundlePath, 'utf8') }) : undefined),
    watcher: async () => (setup.role === 'watcher' ? createWatcher({ address, taskQueue }) : undefined),
    waiting: async () =>
      setup.role === 'waiting-runner' ? createWaitingRunner({ address, taskQueue, bundleCode: readFileSync(setup.bundlePath, 'utf8'), activitySlots: setup.activitySlots }) : undefined,
    sender: async () => {
      if (setup.role !== 'sender') return undefined;
      const bundleCode = readFileSync(setup.bundlePath, 'utf8');
      return setup.side === 'library' ? createLibrarySender({ address, taskQueue, bundleCode }) : createRawSender({ address, taskQueue, bundleCode });
    },
  };
  const [triggerer, worker, watcher] = [await roles.trigger(), await roles.worker(), await roles.watcher()];
  const [waiting, sender] = [await roles.waiting(), await roles.sender()];
  const input = benchInput(setup.role === 'trigger' || setup.role === 'waiting-runner' || setup.role === 'sender' ? setup.payloadBytes : 16);
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
    } else if (request.type === 'latency' && waiting) {
      send({ type: 'latency', ms: await waiting.latency(request.runs, input) });
    } else if (request.type === 'park' && waiting) {
      send({ type: 'park', taskIds: await waiting.park(request.tasks) });
    } else if (request.type === 'untilWaiting' && waiting) {
      send({ type: 'untilWaiting', ...(await waiting.untilWaiting(request.tasks, request.timeoutMs)) });
    } else if (request.type === 'slots' && waiting) {
      send({ type: 'slots', ...(await waiting.slots(request.readings, request.everyMs)) });
    } else if (request.type === 'abortWaiting' && waiting) {
      send({ type: 'abortWaiting', ...(await waiting.abortWaiting(request.timeoutMs)) });
    } else if (request.type === 'roundTrips' && sender) {
      send({ type: 'roundTrips', ...(await sender.roundTrips(request.runs, input, request.kind ?? 'signal')) });
    } else if (request.type === 'exit') {
      await (triggerer ?? worker ?? watcher ?? waiting ?? sender)?.close();
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
