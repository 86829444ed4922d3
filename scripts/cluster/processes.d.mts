// Types of processes.mjs, for the TypeScript tests that import it.

export interface UnprivilegedUser {
  uid: number;
  gid: number;
}

export interface ManagedProcessOptions {
  env?: Record<string, string | undefined>;
  cwd?: string;
  logFile: string;
  deathSignal?: string;
  user?: UnprivilegedUser;
  onLine?: (line: string, at: number) => void;
}

export class ManagedProcess {
  constructor(name: string, command: string, args: string[], options: ManagedProcessOptions);
  readonly name: string;
  readonly pid: number | undefined;
  readonly logFile: string;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; error?: Error }>;
  get running(): boolean;
  lastLines(count?: number): string;
  signal(signal: NodeJS.Signals): void;
  stop(
    signal?: NodeJS.Signals,
    timeoutMs?: number,
  ): Promise<{ code: number | null; signal: NodeJS.Signals | null; forced: boolean; ms: number }>;
}

export function unprivilegedUser(): UnprivilegedUser | undefined;
export function guarded(
  command: string,
  args: string[],
  options?: { deathSignal?: string; user?: UnprivilegedUser },
): { command: string; args: string[] };
export function runToEnd(
  name: string,
  command: string,
  args: string[],
  options: { env?: Record<string, string | undefined>; cwd?: string; logFile: string; timeoutMs: number; user?: UnprivilegedUser },
): Promise<void>;
export function freePorts(count: number, host?: string): Promise<number[]>;
export function freePort(host?: string): Promise<number>;
