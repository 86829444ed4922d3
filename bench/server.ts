import { Connection } from '@temporalio/client';
import { execFileSync } from 'node:child_process';
import { DEV_SERVER_DYNAMIC_CONFIG, TemporalDevServer, findTemporalCli } from '../src/testing';
import { ServerCpuMeter } from './measure/cpu';

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
  stop(): Promise<void>;
}

/**
 * A dev server as the library starts one (`TemporalDevServer`, with `DEV_SERVER_DYNAMIC_CONFIG`) and `dynamicConfig`
 * on top, or the server at `address`; with the versions the results record.
 */
export async function startBenchServer(address: string | undefined, dynamicConfig: Record<string, string | number | boolean> = {}): Promise<BenchServer> {
  const devServer = address ? undefined : await TemporalDevServer.start({ dynamicConfig });
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
