import { REPO_ROOT } from './paths';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, release, totalmem, type } from 'node:os';
import { join } from 'node:path';
import { round } from './measure/stats';

export interface MachineInfo {
  cpuModel: string;
  cores: number;
  availableParallelism: number;
  totalMemoryGb: number;
  os: string;
  /** 1, 5 and 15 minute load averages when the bench began and ended: other work on the machine skews figures. */
  loadAverage: { start: number[]; end?: number[] };
}

export interface Versions {
  node: string;
  library: string;
  temporalSdk: { worker: string; client: string; workflow: string };
  nestCore: string;
  typescript: string;
  server: string;
  cli?: string;
  /** Commit the bench ran on, with `+dirty` when the working tree had changes. */
  gitCommit?: string;
}

export function machineInfo(): MachineInfo {
  const cpuList = cpus();
  return {
    cpuModel: cpuList[0]?.model.trim() ?? 'unknown',
    cores: cpuList.length,
    availableParallelism: availableParallelism(),
    totalMemoryGb: round(totalmem() / 1024 ** 3, 1),
    os: `${type()} ${release()}`,
    loadAverage: { start: loadAverageNow() },
  };
}

export function loadAverageNow(): number[] {
  return loadavg().map((value) => round(value, 2));
}

export function versions(server: { serverVersion: string; cliVersion?: string }): Versions {
  return {
    node: process.version,
    library: packageVersion(join(REPO_ROOT, 'package.json')),
    temporalSdk: {
      worker: packageVersion(require.resolve('@temporalio/worker/package.json')),
      client: packageVersion(require.resolve('@temporalio/client/package.json')),
      workflow: packageVersion(require.resolve('@temporalio/workflow/package.json')),
    },
    nestCore: packageVersion(require.resolve('@nestjs/core/package.json')),
    typescript: packageVersion(require.resolve('typescript/package.json')),
    server: server.serverVersion,
    cli: server.cliVersion,
    gitCommit: gitCommit(),
  };
}

function packageVersion(path: string): string {
  return (JSON.parse(readFileSync(path, 'utf8')) as { version: string }).version;
}

function gitCommit(): string | undefined {
  try {
    const cwd = REPO_ROOT;
    const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd, encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain'], { cwd, encoding: 'utf8' }).trim() !== '';
    return dirty ? `${commit}+dirty` : commit;
  } catch {
    return undefined;
  }
}
