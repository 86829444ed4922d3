import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';

/**
 * CPU time of a dev server's process, read from /proc (Linux). Wall-clock figures move with whatever else runs on the
 * machine; CPU time per task moves less, so it is the steadier measure of what a task costs the server.
 */
export class ServerCpuMeter {
  private readonly ticksPerSecond = clockTicksPerSecond();

  private constructor(private readonly pids: readonly number[]) {}

  /** A meter for the dev server listening on `port` (found in /proc; a meter that reads nothing elsewhere). */
  static forDevServer(port: string): ServerCpuMeter {
    return new ServerCpuMeter(devServerPids(port));
  }

  /** CPU time used so far (user + system), in ms; undefined when the process cannot be read. */
  read(): number | undefined {
    if (this.pids.length === 0) return undefined;
    try {
      return (this.pids.reduce((sum, pid) => sum + processTicks(pid), 0) * 1000) / this.ticksPerSecond;
    } catch {
      return undefined;
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
