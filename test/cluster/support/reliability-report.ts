import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { cpus, release, totalmem } from 'node:os';
import { join } from 'node:path';
import { format, resolveConfig } from 'prettier';
import { REPO_ROOT } from '../../../scripts/cluster/compose-stack.mjs';

/** One scenario of the cluster suite: how it ended, how long it took, and what it measured, in words. */
export interface ScenarioEntry {
  name: string;
  outcome: 'passed' | 'failed';
  ms: number;
  lines: string[];
}

/**
 * What the cluster suite measured, gathered while it runs and written to docs/reliability.md at the end. Figures are
 * reported, never asserted: what the suite asserts is correctness (nothing lost, nothing run twice unrecorded).
 */
export class ReliabilityReport {
  readonly startedAt = new Date();
  readonly scenarios: ScenarioEntry[] = [];
  readonly versions: Record<string, string> = {};
  /** Tasks triggered and accepted; tasks that did not end as expected; worker processes started; SIGKILLs; restarts. */
  readonly totals = { tasks: 0, lost: 0, workers: 0, webProcesses: 0, kills: 0, serverRestarts: 0 };
  /** From a worker's SIGKILL to each of its interrupted tasks running again on another worker. */
  readonly recoveryMs: number[] = [];
  heartbeatTimeoutMs?: number;
  clusterStartMs?: number;
  /** From the suite's start to the cluster's stop. */
  suiteMs?: number;
  readonly getRate: { cluster?: number; devServer?: number; calls?: number; concurrency?: number } = {};
  /** What the library or the server did that a user should know, found on the way. */
  readonly observations: string[] = [];

  /** Runs a scenario's body, recording its outcome and duration; rethrows its failure. */
  async scenario(name: string, body: (lines: string[]) => Promise<void>): Promise<void> {
    const entry: ScenarioEntry = { name, outcome: 'failed', ms: 0, lines: [] };
    this.scenarios.push(entry);
    const started = Date.now();
    try {
      await body(entry.lines);
      entry.outcome = 'passed';
    } finally {
      entry.ms = Date.now() - started;
      console.log(`\n[cluster] ${name}: ${entry.outcome} in ${seconds(entry.ms)}\n${entry.lines.map((line) => `  - ${line}`).join('\n')}`);
    }
  }

  /** Writes docs/reliability.md, formatted as `npm run format` would. */
  async write(): Promise<string> {
    const path = join(REPO_ROOT, 'docs', 'reliability.md');
    writeFileSync(path, await format(this.render(), { ...(await resolveConfig(path)), filepath: path }));
    return path;
  }

  render(): string {
    const passed = this.scenarios.every((entry) => entry.outcome === 'passed');
    const recovery = [...this.recoveryMs].sort((a, b) => a - b);
    const rate = this.getRate;
    const lines = [
      '# Reliability on a real Temporal cluster',
      '',
      '<!-- Written by `npm run test:cluster` (test/cluster/support/reliability-report.ts) from its latest run. Edit the generator, not this page. -->',
      '',
      'What `npm run test:cluster` measured on the production-shaped stack of [docker-compose.yml](../docker-compose.yml),',
      'run on this machine without Docker (scripts/cluster/): PostgreSQL, the Temporal server binary of the compose',
      "file's version with its environment and dynamic config file (the server's default visibility rate limit",
      'included), the example app of [examples/basic](../examples/basic) as several worker processes and a client-only',
      'web process, started with the commands and environment of their compose services. Every number comes from',
      "Temporal's own record (histories, counts) or from the processes' output, never from library counters.",
      'Figures are reported, not asserted: the suite asserts that nothing is lost and that every side effect of a task',
      'belongs to an attempt Temporal recorded.',
      '',
      `Run of ${this.startedAt.toISOString()}: ${passed ? 'every scenario passed' : 'SOME SCENARIOS FAILED (see below)'}.`,
      '',
      '## Summary',
      '',
      '|                                                              |                                                    |',
      '| ------------------------------------------------------------ | -------------------------------------------------- |',
      `| tasks triggered and accepted                                 | ${this.totals.tasks} |`,
      `| tasks lost (accepted, but not ended as expected)             | ${this.totals.lost} |`,
      `| worker processes started                                     | ${this.totals.workers} |`,
      `| client-only web processes started                            | ${this.totals.webProcesses} |`,
      `| workers killed with SIGKILL mid-iteration                    | ${this.totals.kills} |`,
      `| Temporal server restarts (same PostgreSQL data)              | ${this.totals.serverRestarts} |`,
      `| SIGKILL of a worker to its task running again on another one | ${recovery.length > 0 ? `${range(recovery)}, median ${precise(median(recovery))} (${recovery.length} tasks)` : 'not measured'} |`,
      `| heartbeat timeout of those tasks (library default, from their history) | ${this.heartbeatTimeoutMs === undefined ? 'not measured' : seconds(this.heartbeatTimeoutMs)} |`,
      `| \`TaskService.get()\` per second, cluster / dev server        | ${rate.cluster === undefined ? '?' : rate.cluster.toFixed(1)} / ${rate.devServer === undefined ? '?' : rate.devServer.toFixed(1)} (${rate.calls ?? '?'} calls, ${rate.concurrency ?? '?'} at a time) |`,
      `| cluster start (PostgreSQL, schemas, server, namespace)       | ${this.clusterStartMs === undefined ? '?' : seconds(this.clusterStartMs)} |`,
      `| the whole suite, cluster start and stop included               | ${this.suiteMs === undefined ? '?' : seconds(this.suiteMs)} (a first run on a machine also builds the server from Go modules: about 7 minutes on 2 cores) |`,
      '',
      '## Scenarios',
      '',
      ...this.scenarios.flatMap((entry) => [
        `### ${entry.name}`,
        '',
        `${entry.outcome}, in ${seconds(entry.ms)}.`,
        '',
        ...entry.lines.map((line) => `- ${line}`),
        '',
      ]),
      '## What a worker crash costs',
      '',
      'A worker that dies mid-iteration (SIGKILL: no drain, no shutdown hook) stops heartbeating. Temporal notices',
      "when the iteration's heartbeat timeout passes, fails the attempt, and schedules the next one under the",
      "definition's retry policy (the example's: first retry after 2 s); a worker that polls the task queue picks it",
      'up. So the time from the crash to the task running again is about the heartbeat timeout plus the retry',
      "interval. The timeout is the definition's `heartbeatTimeout` (the suite reads it from each task's history, so",
      "it follows the library's default); a shorter one notices a crash sooner and costs more heartbeats. Here:",
      `${this.heartbeatTimeoutMs === undefined ? 'not measured' : `a heartbeat timeout of ${seconds(this.heartbeatTimeoutMs)}, and ${recovery.length > 0 ? range(recovery) : '?'} from the SIGKILL to the task running again`}.`,
      '',
      '## Observations',
      '',
      ...(this.observations.length > 0 ? this.observations.map((line) => `- ${line}`) : ['- none']),
      '',
      '## How it ran',
      '',
      '|     |     |',
      '| --- | --- |',
      ...Object.entries({ ...this.versions, ...machine() }).map(([key, value]) => `| ${key} | ${value} |`),
      '',
    ];
    return `${lines.join('\n')}`;
  }
}

/** Seconds to a tenth, for figures that differ by less than a second. */
export function precise(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

/** `a to b`, or `a` alone when all are the same to a tenth of a second. */
function range(sorted: readonly number[]): string {
  const [first, last] = [precise(sorted[0]!), precise(sorted.at(-1)!)];
  return first === last ? first : `${first} to ${last}`;
}

/** Whole seconds from 10 s on, tenths below. */
export function seconds(ms: number): string {
  return ms >= 10_000 ? `${(ms / 1000).toFixed(0)} s` : `${(ms / 1000).toFixed(1)} s`;
}

/** The median of sorted numbers. */
export function median(sorted: readonly number[]): number {
  if (sorted.length === 0) return Number.NaN;
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** The p-th percentile (nearest rank) of sorted numbers. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

function machine(): Record<string, string> {
  const cpu = cpus();
  let commit = 'unknown';
  try {
    commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: REPO_ROOT, encoding: 'utf8' }).trim();
  } catch {
    // Not a git checkout: leave it unknown.
  }
  return {
    machine: `${cpu[0]?.model.trim() ?? 'unknown CPU'}, ${cpu.length} cores, ${(totalmem() / 2 ** 30).toFixed(1)} GiB, Linux ${release()}`,
    Node: process.version,
    'repository commit': commit,
  };
}
