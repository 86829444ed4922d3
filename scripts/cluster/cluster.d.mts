// Types of cluster.mjs, for the TypeScript tests that import it.
import type { ComposeFile, LocalHosts } from './compose-stack.mjs';

/** A running cluster: the stack of docker-compose.yml on this machine. */
export interface Cluster {
  /** `host:port` of the Temporal frontend. */
  address: string;
  namespace: string;
  serverVersion: string;
  /** Where the logs of this run are. */
  runDir: string;
  compose: ComposeFile;
  /** Where each service listens here. */
  hosts: LocalHosts;
  /** The `temporal` CLI. */
  temporalCli: string;
  serverPid(): number | undefined;
  /** SIGTERM to the server, and wait for its exit (SIGKILL after 30 s). */
  stopServer(): Promise<{ ms: number; forced: boolean }>;
  /** Starts the server again, on the same data and ports, and waits until it is healthy. */
  startServer(): Promise<{ ms: number }>;
  /** Stops everything and removes the data. */
  stop(): Promise<void>;
}

export function startCluster(options?: { log?: (line: string) => void; handleSignals?: boolean }): Promise<Cluster>;
export function baseEnv(): Record<string, string>;
export const SERVER_PORT_VARIABLES: string[];
