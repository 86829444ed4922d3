import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';

/** CPU time used so far, in ms. */
export interface CpuTimes {
  /** This process: the client, the worker's JavaScript and the SDK's Rust threads. */
  benchMs: number;
  /** The dev server's process, when the bench started it and the OS shows it (Linux /proc). */
  serverMs?: number;
}

/**
 * Reads CPU time. Wall-clock figures move with whatever else runs on the machine; CPU time per task barely does,
 * so it is the steadier measure of what each side costs.
 */
export class CpuMeter {
  private readonly ticksPerSecond = clockTicksPerSecond();

  constructor(private readonly serverPids: readonly number[]) {}

  /** A meter for this process and the dev server listening on `port` (found in /proc; none elsewhere). */
  static forDevServer(port: string | undefined): CpuMeter {
    return new CpuMeter(port === undefined ? [] : devServerPids(port));
  }

  read(): CpuTimes {
    const { user, system } = process.cpuUsage();
    const benchMs = (user + system) / 1000;
    if (this.serverPids.length === 0) return { benchMs };
    try {
      const ticks = this.serverPids.reduce((sum, pid) => sum + processTicks(pid), 0);
      return { benchMs, serverMs: (ticks * 1000) / this.ticksPerSecond };
    } catch {
      return { benchMs };
    }
  }
}

/** utime + stime of a process, in clock ticks (fields 14 and 15 of /proc/<pid>/stat, after the command name). */
function processTicks(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(fields[11]) + Number(fields[12]);
}

function devServerPids(port: string): number[] {
  try {
    return readdirSync('/proc')
      .filter((entry) => /^\d+$/.test(entry))
      .filter((pid) => {
        try {
          const args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
          return args.includes('start-dev') && args[args.indexOf('--port') + 1] === port;
        } catch {
          return false;
        }
      })
      .map(Number);
  } catch {
    return [];
  }
}

function clockTicksPerSecond(): number {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
}
