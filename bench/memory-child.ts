/**
 * Child process of the memory measurement: a worker and nothing else (the parent triggers the tasks), so the RSS
 * it reports is the worker's. The library side is a Nest app with the Runner; the raw side a raw SDK worker.
 * argv: <side> <address> <taskQueue> <bundle file> <activity slots>
 */
// First, so that the floor is read before any other module loads.
import { FLOOR_RSS_BYTES } from './process-floor';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { readFileSync } from 'node:fs';
import { createLibraryApp } from './library/library-app';
import { median } from './measure/stats';
import { startRawWorker } from './raw/raw-target';

export type MemoryToChild = { type: 'load-start' } | { type: 'load-end' } | { type: 'exit' };
export type MemoryFromChild =
  | { type: 'idle'; floorRssMb: number; rssMb: number; heapUsedMb: number }
  | { type: 'load'; samples: number; peakRssMb: number; medianRssMb: number; peakHeapUsedMb: number; cpuMs: number };

const MB = 1024 * 1024;
const SAMPLE_EVERY_MS = 100;
/** Idle means after start-up has settled: timers fired, lazy initialisation done, a GC run. */
const SETTLE_MS = 2000;

async function main(): Promise<void> {
  const [side, address, taskQueue, bundlePath, slots] = process.argv.slice(2) as ['library' | 'raw', string, string, string, string];
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const bundleCode = readFileSync(bundlePath, 'utf8');
  const tuning = { maxConcurrentActivityTaskExecutions: Number(slots) };
  let close: () => Promise<void>;
  if (side === 'raw') {
    const raw = await startRawWorker({ address, taskQueue, bundleCode, tuning });
    close = () => raw.close();
  } else {
    const app = await createLibraryApp({ address, taskQueue, runner: { bundleCode, tuning } });
    close = () => app.close();
  }

  await sleep(SETTLE_MS);
  global.gc?.();
  const idle: number[] = [];
  for (let i = 0; i < 10; i++) {
    idle.push(process.memoryUsage().rss);
    await sleep(SAMPLE_EVERY_MS);
  }
  send({ type: 'idle', floorRssMb: FLOOR_RSS_BYTES / MB, rssMb: median(idle) / MB, heapUsedMb: process.memoryUsage().heapUsed / MB });

  let sampler: NodeJS.Timeout | undefined;
  const rss: number[] = [];
  let peakHeapUsed = 0;
  let cpuAtStart = process.cpuUsage();
  const sample = (): void => {
    const usage = process.memoryUsage();
    rss.push(usage.rss);
    peakHeapUsed = Math.max(peakHeapUsed, usage.heapUsed);
  };
  for (;;) {
    const message = await nextMessage();
    if (message.type === 'load-start') {
      cpuAtStart = process.cpuUsage();
      sample();
      sampler = setInterval(sample, SAMPLE_EVERY_MS);
    } else if (message.type === 'load-end') {
      clearInterval(sampler);
      sample();
      const cpu = process.cpuUsage(cpuAtStart);
      send({
        type: 'load',
        samples: rss.length,
        peakRssMb: Math.max(...rss) / MB,
        medianRssMb: median(rss) / MB,
        peakHeapUsedMb: peakHeapUsed / MB,
        cpuMs: (cpu.user + cpu.system) / 1000,
      });
    } else {
      await close();
      return;
    }
  }
}

function send(message: MemoryFromChild): void {
  process.send!(message);
}

function nextMessage(): Promise<MemoryToChild> {
  return new Promise((resolve) => process.once('message', (message) => resolve(message as MemoryToChild)));
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
