import { Connection } from '@temporalio/client';
import { execFileSync } from 'node:child_process';
import { DEV_SERVER_DYNAMIC_CONFIG, TemporalDevServer, findTemporalCli } from '../src/testing';
import { ServerCpuMeter } from './measure/cpu';
import { freePort } from '../test/support/free-port';

/** The server's own default of the key the library's dev server raises: see DEV_SERVER_DYNAMIC_CONFIG. */
export const STOCK_TRANSFER_READS = { 'history.transferProcessorMaxPollRPS': 20 } as const;

export interface BenchServer {
  address: string;
  /** False when TEMPORAL_ADDRESS named a server: its dynamic config is then whatever that server has. */
  startedByBench: boolean;
  dynamicConfig: Record<string, string | number | boolean>;
  serverVersion: string;
  /** `temporal --version`, when the bench started the dev server. */
  cliVersion?: string;
  /** CPU time the server's process has used so far, in ms; undefined when the bench did not start it (or is not on Linux). */
  cpuMs(): number | undefined;
  /**
   * The server's work for the `default` namespace so far, counted: its persistence requests by `service/operation`
   * (its metrics' `persistence_requests`), and the transfer and visibility tasks its history service ran
   * (`history task/<type>`). CPU time moves with the machine's load; these do not. Undefined when the bench did not
   * start the server.
   */
  workCounts(): Promise<Record<string, number> | undefined>;
  stop(): Promise<void>;
}

/**
 * A dev server as the library starts one (`TemporalDevServer`, with `DEV_SERVER_DYNAMIC_CONFIG`) and `dynamicConfig`
 * on top, or the server at `address`; with the versions the results record.
 */
export async function startBenchServer(address: string | undefined, dynamicConfig: Record<string, string | number | boolean> = {}): Promise<BenchServer> {
  const devServer = address ? undefined : await TemporalDevServer.start({ dynamicConfig, metricsPort: await freePort() });
  const serverAddress = address ?? devServer!.address;
  try {
    const cpu = devServer ? ServerCpuMeter.forDevServer(serverAddress.slice(serverAddress.lastIndexOf(':') + 1)) : undefined;
    return {
      address: serverAddress,
      startedByBench: devServer !== undefined,
      dynamicConfig: devServer ? { ...DEV_SERVER_DYNAMIC_CONFIG, ...dynamicConfig } : {},
      serverVersion: await serverVersionAt(serverAddress),
      cliVersion: devServer ? cliVersion() : undefined,
      cpuMs: () => cpu?.read(),
      workCounts: async () => (devServer?.metricsUrl ? readWorkCounts(devServer.metricsUrl) : undefined),
      stop: async () => devServer?.stop(),
    };
  } catch (err) {
    await devServer?.stop();
    throw err;
  }
}

async function serverVersionAt(address: string): Promise<string> {
  const connection = await Connection.connect({ address });
  try {
    const info = await connection.workflowService.getSystemInfo({});
    return info.serverVersion || 'unknown';
  } finally {
    await connection.close();
  }
}

function cliVersion(): string | undefined {
  try {
    return execFileSync(findTemporalCli(), ['--version'], { encoding: 'utf8', timeout: 10_000 }).trim();
  } catch {
    return undefined;
  }
}

const COUNTER_LINE = /^(persistence_requests|operation)\{([^}]*)\} ([0-9.e+]+)$/;
/** Key prefix of the history service's background tasks among the counts. */
export const HISTORY_TASK = 'history task/';

async function readWorkCounts(metricsUrl: string): Promise<Record<string, number>> {
  const text = await (await fetch(metricsUrl)).text();
  const counts: Record<string, number> = {};
  for (const line of text.split('\n')) {
    const match = COUNTER_LINE.exec(line);
    if (!match) continue;
    const labels = Object.fromEntries([...match[2]!.matchAll(/(\w+)="([^"]*)"/g)].map(([, key, value]) => [key!, value!]));
    if (labels.namespace !== 'default') continue;
    // `operation` counts every operation of the server; those with a task type are its background tasks. Of those, the
    // transfer and visibility tasks follow each task's events; timer tasks fire when they are due, mostly after a run.
    if (match[1] === 'operation' && !/^(Transfer|Visibility)/.test(labels.task_type ?? '')) continue;
    const key = match[1] === 'operation' ? `${HISTORY_TASK}${labels.task_type}` : `${labels.service_name}/${labels.operation}`;
    counts[key] = (counts[key] ?? 0) + Number(match[3]);
  }
  return counts;
}
