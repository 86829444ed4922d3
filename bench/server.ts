import { Connection } from '@temporalio/client';
import { execFileSync } from 'node:child_process';
import { TemporalDevServer, findTemporalCli } from '../src/testing';

/** Dynamic config of the dev server the bench starts: eager activity dispatch is off on a dev server by default. */
export const DEV_SERVER_DYNAMIC_CONFIG = { 'system.enableActivityEagerExecution': true } as const;

export interface BenchServer {
  address: string;
  /** False when TEMPORAL_ADDRESS named a server: its dynamic config is then whatever that server has. */
  startedByBench: boolean;
  dynamicConfig: Record<string, string | number | boolean>;
  serverVersion: string;
  /** `temporal --version`, when the bench started the dev server. */
  cliVersion?: string;
  stop(): Promise<void>;
}

/** The dev server of this run, or the server at `address`, with the versions the results record. */
export async function startBenchServer(address: string | undefined): Promise<BenchServer> {
  const devServer = address ? undefined : await TemporalDevServer.start({ dynamicConfig: DEV_SERVER_DYNAMIC_CONFIG });
  const serverAddress = address ?? devServer!.address;
  try {
    return {
      address: serverAddress,
      startedByBench: devServer !== undefined,
      dynamicConfig: devServer ? { ...DEV_SERVER_DYNAMIC_CONFIG } : {},
      serverVersion: await serverVersionAt(serverAddress),
      cliVersion: devServer ? cliVersion() : undefined,
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
