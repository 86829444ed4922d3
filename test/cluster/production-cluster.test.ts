import 'reflect-metadata';
import { Client, Connection } from '@temporalio/client';
import { TaskAbortedError, TaskNotFoundError, TaskStateError } from 'nestjs-temporal-tasks';
import { TemporalDevServer } from 'nestjs-temporal-tasks/testing';
import { setTimeout as sleep } from 'node:timers/promises';
import { BROKEN_ROW, FLAKY_ROW, ImportEntriesTask } from '../../examples/basic/src/import-entries.task.js';
import { startCluster, type Cluster } from '../../scripts/cluster/cluster.mjs';
import { environmentOf, imageOf, postgresMajorVersion } from '../../scripts/cluster/compose-stack.mjs';
import { startClientApp, type ClientApp } from './support/client-app';
import { ExampleProcess, type TaskLogLine } from './support/example-process';
import { median, percentile, precise, ReliabilityReport, seconds } from './support/reliability-report';
import { forEachLimit, taskRecords, temporalCounts, waitForEnd, type TaskRecord } from './support/temporal-record';

/*
 * The production-shaped stack of docker-compose.yml, run here without Docker (scripts/cluster/): PostgreSQL, the
 * Temporal server with the compose file's environment and dynamic config file, and the example app as client-only web
 * processes and several worker processes, each started with its compose service's command and environment. Each
 * scenario has a task queue of its own and its own processes, so that counts are exact. Temporal's record (histories,
 * counts) is read with the test's own client; the library is used only as an application uses it.
 */

const report = new ReliabilityReport();
/** `frontend.namespaceRPS.visibility` of a stock Temporal server: visibility requests per second, per frontend. */
const DEFAULT_VISIBILITY_RPS = 10;
let cluster: Cluster;
let connection: Connection;
let temporal: Client;
const started: ExampleProcess[] = [];
const clientApps: ClientApp[] = [];

interface Stack {
  apps: ExampleProcess[];
  workers: ExampleProcess[];
}

async function startStack(taskQueue: string, counts: { workers: number; apps: number }, temporalAddress?: string): Promise<Stack> {
  const start = (role: 'app' | 'worker', index: number) =>
    ExampleProcess.start(cluster, role, { taskQueue, label: `${taskQueue}-${role}-${index + 1}`, temporalAddress }).then((process) => {
      started.push(process);
      if (role === 'worker') report.totals.workers += 1;
      else report.totals.webProcesses += 1;
      return process;
    });
  const [workers, apps] = await Promise.all([
    Promise.all(Array.from({ length: counts.workers }, (_, index) => start('worker', index))),
    Promise.all(Array.from({ length: counts.apps }, (_, index) => start('app', index))),
  ]);
  return { workers, apps };
}

async function stopStack(stack: Stack): Promise<void> {
  await Promise.all([...stack.apps, ...stack.workers].filter((process) => process.running).map((process) => process.stop()));
}

/** `POST /imports` on a web process: the task id it answers with (202), or an error with its answer. */
async function triggerOverHttp(app: ExampleProcess, rows: string[], timeoutMs = 60_000): Promise<string> {
  const response = await fetch(`${app.url}/imports`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ rows }),
    signal: AbortSignal.timeout(timeoutMs),
  });
  if (response.status !== 202) throw new Error(`POST /imports answered ${response.status}: ${await response.text()}`);
  return ((await response.json()) as { taskId: string }).taskId;
}

async function abortOverHttp(app: ExampleProcess, taskId: string): Promise<void> {
  const response = await fetch(`${app.url}/imports/${encodeURIComponent(taskId)}/abort`, {
    method: 'POST',
    signal: AbortSignal.timeout(60_000),
  });
  if (response.status !== 202) throw new Error(`POST /imports/${taskId}/abort answered ${response.status}: ${await response.text()}`);
}

async function triggerMany(apps: ExampleProcess[], count: number, rows: string[]): Promise<string[]> {
  const ids: string[] = [];
  await forEachLimit(Array.from({ length: count }), 8, async (_, index) => {
    ids[index] = await triggerOverHttp(apps[index % apps.length]!, rows);
  });
  report.totals.tasks += count;
  return ids;
}

/** Waits until every task has ended, with Temporal's own long poll; resolves with each status. */
async function waitForAll(taskIds: readonly string[], timeoutMs: number, what: string): Promise<Map<string, string>> {
  const statuses = new Map<string, string>();
  const all = forEachLimit(taskIds, 50, async (taskId) => {
    statuses.set(taskId, await waitForEnd(temporal, taskId));
  });
  const timeout = sleep(timeoutMs).then(() => {
    throw new Error(
      `Timed out after ${seconds(timeoutMs)} waiting for ${what}: ${taskIds.length - statuses.size} of ${taskIds.length} tasks have not ended`,
    );
  });
  await Promise.race([all, timeout]);
  return statuses;
}

function linesOf(workers: readonly ExampleProcess[], taskId?: string): TaskLogLine[] {
  return workers.flatMap((worker) => worker.taskLines).filter((line) => taskId === undefined || line.taskId === taskId);
}

/** Tasks a worker has begun and not finished, by its own output: `Importing` at an attempt, and no `Imported` there. */
function unfinishedOn(worker: ExampleProcess): Array<{ taskId: string; attempt: number }> {
  const begun = worker.taskLines.filter((line) => line.message.startsWith('Importing'));
  return begun
    .filter(
      (line) =>
        !worker.taskLines.some(
          (other) => other.taskId === line.taskId && other.attempt === line.attempt && other.message.startsWith('Imported'),
        ),
    )
    .map(({ taskId, attempt }) => ({ taskId, attempt }));
}

/**
 * The side effects of each task against Temporal's record of it. Each attempt logs `Importing` when it begins and
 * `Imported` on its success path; every attempt Temporal ran has a number from 1 to the last one it recorded. So: no
 * attempt number began twice, none above the recorded last; the success path ran at most once per recorded attempt,
 * and exactly once in the last attempt, in the worker Temporal names for it. Returns the violations.
 */
function sideEffectViolations(taskIds: readonly string[], workers: readonly ExampleProcess[], records: Map<string, TaskRecord>): string[] {
  const problems: string[] = [];
  for (const taskId of taskIds) {
    const record = records.get(taskId);
    const iteration = record?.iterations[0];
    if (!record || !iteration || record.iterations.length !== 1) {
      problems.push(`${taskId}: Temporal recorded ${record?.iterations.length ?? 0} iterations, expected 1`);
      continue;
    }
    const lines = linesOf(workers, taskId);
    const begun = lines.filter((line) => line.message.startsWith('Importing')).map((line) => line.attempt);
    const successes = lines.filter((line) => line.message.startsWith('Imported'));
    const duplicated = begun.filter((attempt, index) => begun.indexOf(attempt) !== index);
    if (duplicated.length > 0) problems.push(`${taskId}: attempt ${duplicated.join(', ')} began more than once`);
    if (begun.some((attempt) => attempt > iteration.attempt))
      problems.push(`${taskId}: began attempts ${begun.join(', ')}, Temporal recorded ${iteration.attempt}`);
    if (successes.length > iteration.attempt)
      problems.push(`${taskId}: success path ran ${successes.length} times in ${iteration.attempt} recorded attempts`);
    const last = successes.filter((line) => line.attempt === iteration.attempt);
    if (last.length !== 1)
      problems.push(`${taskId}: success path ran ${last.length} times in the recorded last attempt ${iteration.attempt}`);
    else if (last[0]!.worker.identity !== iteration.startedIdentity) {
      problems.push(`${taskId}: last attempt succeeded in ${last[0]!.worker.identity}, Temporal recorded ${iteration.startedIdentity}`);
    }
  }
  return problems;
}

/** `calls` calls of `call`, `concurrency` at a time: calls per second. */
async function rate(calls: number, concurrency: number, call: (index: number) => Promise<unknown>): Promise<number> {
  const started = Date.now();
  await forEachLimit(Array.from({ length: calls }), concurrency, (_, index) => call(index).then(() => undefined));
  return calls / ((Date.now() - started) / 1000);
}

/** Polls `check` once a second until it returns a value, for at most `timeoutMs`. */
async function eventually<T>(check: () => Promise<T | undefined>, what: string, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Timed out after ${seconds(timeoutMs)} waiting for ${what}`);
    await sleep(1_000);
  }
}

/** An error as a user would see it: class, message, and the message of its cause. */
function describeError(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const cause = err.cause instanceof Error ? ` (cause: ${err.cause.constructor.name}: ${err.cause.message})` : '';
  return `${err.constructor.name}: ${err.message}${cause}`;
}

/** Accepted tasks that did not end success. */
function lostOf(statuses: Map<string, string>, accepted: number): number {
  return accepted - [...statuses.values()].filter((status) => status === 'COMPLETED').length;
}

function countBy<T>(items: readonly T[], key: (item: T) => string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const item of items) counts[key(item)] = (counts[key(item)] ?? 0) + 1;
  return counts;
}

/** A deterministic shuffle (xorshift), so that a failing run can be repeated with the same order. */
function shuffled<T>(items: T[], seed = 20261129): T[] {
  let state = seed;
  const next = (): number => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 2 ** 32;
  };
  for (let index = items.length - 1; index > 0; index -= 1) {
    const other = Math.floor(next() * (index + 1));
    [items[index], items[other]] = [items[other]!, items[index]!];
  }
  return items;
}

const suiteStartedAt = Date.now();

beforeAll(async () => {
  const startedAt = Date.now();
  // On Ctrl-C the cluster stops itself (its processes would die with this one anyway, through their death signal).
  cluster = await startCluster({ log: (line) => console.log(`[cluster] ${line}`), handleSignals: true });
  report.clusterStartMs = Date.now() - startedAt;
  connection = await Connection.connect({ address: cluster.address });
  temporal = new Client({ connection, namespace: cluster.namespace });
  const compose = cluster.compose;
  Object.assign(report.versions, {
    'Temporal server': `${cluster.serverVersion} (temporalio/server:${imageOf(compose, 'temporal').tag}, built from Go modules)`,
    'schema set-up': `temporal-sql-tool ${cluster.serverVersion} (temporalio/admin-tools:${imageOf(compose, 'temporal-schema').tag}), scripts/cluster/setup-postgres.sh`,
    PostgreSQL: `${postgresMajorVersion(compose)} (Debian's; postgres:${imageOf(compose, 'postgresql').tag} in compose)`,
    'dynamic config': `${environmentOf(compose, 'temporal').DYNAMIC_CONFIG_FILE_PATH} from examples/basic/temporal-dynamicconfig.yaml`,
    'example processes': `web: \`${compose.services.app?.command?.join(' ')}\`, workers: \`${compose.services.worker?.command?.join(' ')}\``,
  });
});

afterAll(async () => {
  await Promise.all(started.filter((process) => process.running).map((process) => process.stop()));
  await Promise.all(clientApps.map((app) => app.close()));
  await connection?.close();
  await cluster?.stop();
  report.suiteMs = Date.now() - suiteStartedAt;
  const path = await report.write();
  console.log(`[cluster] wrote ${path}`);
});

describe('the example app on a PostgreSQL-backed Temporal cluster', () => {
  it('spreads tasks over the worker processes (worker identities from Temporal history)', async () => {
    await report.scenario('Tasks spread over the workers', async (lines) => {
      const stack = await startStack('spread', { workers: 3, apps: 1 });
      const ids = await triggerMany(stack.apps, 60, ['a', 'b']);
      const statuses = await waitForAll(ids, 120_000, 'the spread tasks');
      report.totals.lost += lostOf(statuses, ids.length);
      expect(countBy([...statuses.values()], (status) => status)).toEqual({ COMPLETED: 60 });

      const records = await taskRecords(temporal, ids);
      const ranBy = countBy(ids, (id) => records.get(id)!.iterations[0]!.startedIdentity);
      const identities = stack.workers.map((worker) => worker.identity);
      // Every iteration ran in one of the workers, and every worker ran some.
      expect(Object.keys(ranBy).every((identity) => identities.includes(identity))).toBe(true);
      for (const identity of identities) expect(ranBy[identity] ?? 0).toBeGreaterThan(0);
      expect(sideEffectViolations(ids, stack.workers, records)).toEqual([]);
      lines.push(
        `${ids.length} tasks on 3 workers, triggered over HTTP through the client-only web process; iterations per worker (Temporal's record): ${identities.map((identity) => ranBy[identity] ?? 0).join(', ')}`,
      );
      await stopStack(stack);
    });
  }, 300_000);

  it('loses nothing when workers are killed with SIGKILL mid-iteration', async () => {
    await report.scenario('Workers killed with SIGKILL mid-iteration', async (lines) => {
      const stack = await startStack('crash', { workers: 3, apps: 1 });
      const [first, second] = stack.workers as [ExampleProcess, ExampleProcess, ExampleProcess];
      // 20 rows of 300 ms: 6 s per task, long enough to be killed in the middle.
      const ids = await triggerMany(
        stack.apps,
        30,
        Array.from({ length: 20 }, (_, index) => `row-${index}`),
      );
      for (const worker of [first, second])
        await worker.waitFor(() => (unfinishedOn(worker).length > 0 ? true : undefined), 60_000, `${worker.label} to run tasks`);

      const killedAt = new Map<ExampleProcess, number>();
      killedAt.set(first, await first.kill());
      await sleep(1_000);
      killedAt.set(second, await second.kill());
      report.totals.kills += 2;
      // As `restart: unless-stopped` would, a new worker replaces the crashed ones.
      const replacement = await ExampleProcess.start(cluster, 'worker', { taskQueue: 'crash', label: 'crash-worker-4' });
      started.push(replacement);
      report.totals.workers += 1;
      const workers = [...stack.workers, replacement];

      // The interrupted attempts: begun in a killed worker, never finished there.
      const interrupted = [first, second].flatMap((worker) =>
        unfinishedOn(worker).map((entry) => ({ ...entry, worker, killedAt: killedAt.get(worker)! })),
      );
      expect(interrupted.length).toBeGreaterThan(0);
      const [sample] = (await taskRecords(temporal, [interrupted[0]!.taskId])).values();
      const heartbeatTimeoutMs = sample?.iterations[0]?.heartbeatTimeoutMs ?? 30_000;
      report.heartbeatTimeoutMs = heartbeatTimeoutMs;

      // Temporal notices after the heartbeat timeout, retries after the retry interval (2 s, at most 1 minute).
      const statuses = await waitForAll(ids, heartbeatTimeoutMs + 150_000, 'the tasks of the killed workers');
      report.totals.lost += lostOf(statuses, ids.length);
      expect(countBy([...statuses.values()], (status) => status)).toEqual({ COMPLETED: ids.length });
      const records = await taskRecords(temporal, ids);
      const killedIdentities = [first.identity, second.identity];
      for (const { taskId, attempt } of interrupted) {
        const iteration = records.get(taskId)!.iterations[0]!;
        // The interrupted attempt failed on its heartbeat timeout, and a later one ran elsewhere.
        expect(iteration.attempt).toBeGreaterThan(attempt);
        expect(killedIdentities).not.toContain(iteration.startedIdentity);
        expect(iteration.previousAttemptFailure).toMatch(/heartbeat/i);
      }
      expect(sideEffectViolations(ids, workers, records)).toEqual([]);

      const recovery = interrupted.map(({ taskId, attempt, killedAt: at }) => {
        const rerun = linesOf(workers, taskId).find((line) => line.attempt > attempt && line.message.startsWith('Importing'));
        return rerun!.at - at;
      });
      report.recoveryMs.push(...recovery);
      const sorted = [...recovery].sort((a, b) => a - b);
      lines.push(
        `${ids.length} tasks of 6 s on 3 workers; 2 workers killed 1 s apart while running ${interrupted.length} of them; a replacement worker started; all ${ids.length} ended success, each success path ran once, in the attempt and worker Temporal recorded`,
        `heartbeat timeout (read from the tasks' history): ${seconds(heartbeatTimeoutMs)}; SIGKILL to the interrupted task running again on another worker: ${precise(sorted[0]!)} to ${precise(sorted.at(-1)!)}, median ${precise(median(sorted))}`,
      );
      await stopStack({ apps: stack.apps, workers: [stack.workers[2]!, replacement] });
    });
  }, 600_000);

  it('loses nothing when the Temporal server restarts', async () => {
    await report.scenario('Temporal server restart', async (lines) => {
      const stack = await startStack('restart', { workers: 2, apps: 1 });
      // 10 rows of 300 ms: 3 s per task; some run while the server stops.
      const ids = await triggerMany(
        stack.apps,
        20,
        Array.from({ length: 10 }, (_, index) => `row-${index}`),
      );
      await stack.workers[0]!.waitFor(() => (linesOf(stack.workers).length >= 4 ? true : undefined), 60_000, 'tasks to run');

      const stop = await cluster.stopServer();
      const downAt = Date.now();
      report.totals.serverRestarts += 1;
      // Triggers while the server is down: the web process answers 202 only once Temporal has recorded the task.
      const during = Promise.allSettled(
        Array.from({ length: 5 }, () => triggerOverHttp(stack.apps[0]!, ['during-1', 'during-2'], 120_000)),
      );
      await sleep(5_000);
      const restart = await cluster.startServer();
      const upAt = Date.now();
      const duringResults = await during;
      const accepted = duringResults.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
      const refused = duringResults.flatMap((result) => (result.status === 'rejected' ? [String(result.reason)] : []));
      report.totals.tasks += accepted.length;

      const all = [...ids, ...accepted];
      const statuses = await waitForAll(all, 240_000, 'the tasks across the server restart');
      const allDoneAt = Date.now();
      report.totals.lost += lostOf(statuses, all.length);
      expect(countBy([...statuses.values()], (status) => status)).toEqual({ COMPLETED: all.length });
      const records = await taskRecords(temporal, all);
      expect(sideEffectViolations(all, stack.workers, records)).toEqual([]);
      const retried = all.filter((id) => records.get(id)!.iterations[0]!.attempt > 1).length;
      lines.push(
        `${ids.length} tasks of 3 s on 2 workers; the server stopped with SIGTERM while they ran (exit after ${seconds(stop.ms)}${stop.forced ? ', forced with SIGKILL' : ''}), down ${seconds(upAt - downAt)}, healthy ${seconds(restart.ms)} after its start`,
        `5 triggers sent while it was down: ${accepted.length} accepted once it was back, ${refused.length} refused${refused.length > 0 ? ` (${refused[0]})` : ''}`,
        `all ${all.length} accepted tasks ended success ${seconds(allDoneAt - upAt)} after the restart; ${retried} needed a second attempt; every success path ran in an attempt Temporal recorded`,
      );
      await stopStack(stack);
    });
  }, 600_000);

  it('ends a load of 2 000 tasks from several callers with exact counts in Temporal and in list()', async () => {
    await report.scenario('A load of 2 000 tasks', async (lines) => {
      const queue = 'load';
      const stack = await startStack(queue, { workers: 3, apps: 2 });
      const client = await startClientApp(cluster.address, queue);
      clientApps.push(client);
      type Kind = 'success' | 'failed' | 'aborted';
      const plan = shuffled<Kind>([
        ...Array<Kind>(1600).fill('success'),
        ...Array<Kind>(200).fill('failed'),
        ...Array<Kind>(200).fill('aborted'),
      ]);
      const expected: Record<Kind, Set<string>> = { success: new Set(), failed: new Set(), aborted: new Set() };
      const triggerMs: number[] = [];
      const callers = 8;
      const loadStarted = Date.now();
      // Eight callers at once, over both web processes: a task to succeed, to fail for good, or to abort while it runs.
      await forEachLimit(plan, callers, async (kind, index) => {
        const app = stack.apps[index % stack.apps.length]!;
        const rows = kind === 'success' ? ['ok'] : kind === 'failed' ? [BROKEN_ROW] : Array.from({ length: 40 }, (_, row) => `row-${row}`);
        const before = Date.now();
        const taskId = await triggerOverHttp(app, rows);
        triggerMs.push(Date.now() - before);
        if (kind === 'aborted') await abortOverHttp(app, taskId);
        expected[kind].add(taskId);
      });
      const triggeredAt = Date.now();
      report.totals.tasks += plan.length;

      // Until nothing runs, by Temporal's own count (visibility, within the default rate limit: one count per 5 s).
      const deadline = Date.now() + 900_000;
      let counts = await temporalCounts(temporal, queue);
      while (counts.Running !== 0 || counts.total !== plan.length) {
        if (Date.now() > deadline) throw new Error(`The load did not end within 15 minutes: ${JSON.stringify(counts)}`);
        await sleep(5_000);
        counts = await temporalCounts(temporal, queue);
      }
      const endedAt = Date.now();
      report.totals.lost += Math.abs(counts.Completed! - 1600) + Math.abs(counts.Failed! - 200) + Math.abs(counts.Canceled! - 200);
      expect(counts).toEqual({
        Running: 0,
        Completed: 1600,
        Failed: 200,
        Canceled: 200,
        Terminated: 0,
        TimedOut: 0,
        ContinuedAsNew: 0,
        total: 2000,
      });

      // The library's view: list() pages through the visibility store; each status lists exactly the expected ids.
      const listAll = async (status: 'success' | 'failed' | 'aborted' | 'running' | 'pending'): Promise<string[]> => {
        const ids: string[] = [];
        let nextPageToken: string | undefined;
        do {
          const page = await client.tasks.list({ status, pageSize: 1000, nextPageToken });
          ids.push(...page.tasks.map((task) => task.id));
          nextPageToken = page.nextPageToken;
        } while (nextPageToken);
        return ids;
      };
      for (const kind of ['success', 'failed', 'aborted'] as const) {
        const listed = await listAll(kind);
        expect(listed.length).toBe(expected[kind].size);
        expect(new Set(listed)).toEqual(expected[kind]);
      }
      expect(await listAll('running')).toEqual([]);
      expect(await listAll('pending')).toEqual([]);

      const sortedTrigger = [...triggerMs].sort((a, b) => a - b);
      lines.push(
        `2 000 tasks (1 600 to succeed, 200 to fail without retries, 200 aborted through the HTTP API while they ran) triggered by ${callers} callers at once over 2 client-only web processes, run by 3 workers`,
        `triggered in ${seconds(triggeredAt - loadStarted)} (POST /imports p50 ${sortedTrigger[Math.floor(sortedTrigger.length / 2)]} ms, p95 ${percentile(sortedTrigger, 95)} ms); all ended ${seconds(endedAt - loadStarted)} after the first trigger (${(plan.length / ((endedAt - loadStarted) / 1000)).toFixed(1)} tasks/s)`,
        `Temporal's count: ${counts.Completed} Completed, ${counts.Failed} Failed, ${counts.Canceled} Canceled, ${counts.Running} Running; TaskService.list(): the same ids per status, none running or pending`,
      );
      await stopStack(stack);
    });
  }, 1_200_000);

  it('get, list, logs, abort, retry and delete behave as documented under the default visibility limits', async () => {
    await report.scenario('TaskService on the cluster', async (lines) => {
      const queue = 'api';
      const stack = await startStack(queue, { workers: 2, apps: 1 });
      const client = await startClientApp(cluster.address, queue);
      clientApps.push(client);
      const { tasks } = client;

      // get() and logs() of a finished task.
      const done = await tasks.trigger(ImportEntriesTask, { rows: ['a', 'b', 'c'] }, { id: 'api-done' });
      expect(await done.result()).toEqual({ imported: 3 });
      const again = await tasks.trigger(ImportEntriesTask, { rows: ['ignored'] }, { id: 'api-done' });
      expect(again.runId).toBe(done.runId);
      const info = await tasks.get(done.id);
      expect(info).toMatchObject({
        id: 'importEntries/api-done',
        status: 'success',
        output: { imported: 3 },
        attempts: 1,
        iterations: 1,
        input: { rows: ['a', 'b', 'c'] },
      });
      expect(info.finishedAt).toBeInstanceOf(Date);
      const logs = await tasks.logs(done.id);
      expect(logs.map((line) => [line.iteration, line.message])).toEqual([
        [1, 'Importing 3 rows'],
        [1, 'Imported 3 rows'],
      ]);

      // A retried attempt, and a failure without retries.
      const flaky = await tasks.trigger(ImportEntriesTask, { rows: ['a', FLAKY_ROW] }, { id: 'api-flaky' });
      const broken = await tasks.trigger(ImportEntriesTask, { rows: [BROKEN_ROW] }, { id: 'api-broken' });
      await flaky.result();
      await expect(broken.result()).rejects.toThrow(/cannot be imported/);
      expect(await tasks.get(flaky.id)).toMatchObject({ status: 'success', attempts: 2 });
      expect(await tasks.get(broken.id)).toMatchObject({
        status: 'failed',
        error: { message: `Row "${BROKEN_ROW}" cannot be imported`, retryable: false },
      });

      // abort() of a running task, then retry() of the aborted one.
      const long = await tasks.trigger(
        ImportEntriesTask,
        { rows: Array.from({ length: 40 }, (_, index) => `row-${index}`) },
        { id: 'api-long' },
      );
      await stack.workers[0]!.waitFor(
        () => (linesOf(stack.workers, long.id).length > 0 ? true : undefined),
        60_000,
        'the long task to run',
      );
      // While it runs: get() has its live progress (from the running attempt's heartbeat), list() has it as running.
      const live = await eventually(async () => {
        const current = await tasks.get(long.id);
        return current.status === 'running' && (current.progress?.value ?? 0) > 0 ? current : undefined;
      }, 'get() to show the progress of the running task');
      expect(live).toMatchObject({ attempts: 1, iterations: 1 });
      await eventually(
        async () => ((await tasks.list({ status: 'running' })).tasks.some((task) => task.id === long.id) ? true : undefined),
        'list() to show the task as running',
      );
      await expect(tasks.delete(long.id)).rejects.toBeInstanceOf(TaskStateError);
      await tasks.abort(long.id, 'stopped by the cluster test');
      await expect(long.result()).rejects.toBeInstanceOf(TaskAbortedError);
      expect(await tasks.get(long.id)).toMatchObject({ status: 'aborted', abortReason: 'stopped by the cluster test' });
      await expect(tasks.abort(long.id)).rejects.toBeInstanceOf(TaskStateError);
      const retried = await tasks.retry(long.id);
      expect(await retried.result()).toEqual({ imported: 40 });
      expect(await tasks.get(long.id)).toMatchObject({ status: 'success', output: { imported: 40 } });

      // list(): filters, and paging without duplicates; a retried task listed once.
      const failed = await tasks.list({ status: 'failed' });
      expect(failed.tasks.map((task) => task.id)).toEqual([broken.id]);
      const listed: string[] = [];
      let nextPageToken: string | undefined;
      do {
        const page = await tasks.list({ definition: 'importEntries', pageSize: 2, nextPageToken });
        listed.push(...page.tasks.map((task) => task.id));
        nextPageToken = page.nextPageToken;
      } while (nextPageToken);
      expect([...listed].sort()).toEqual([broken.id, done.id, flaky.id, long.id].sort());

      // delete(): the task goes, with its history; an unknown id is TaskNotFoundError.
      await tasks.delete(broken.id);
      const deletedAt = Date.now();
      for (;;) {
        const gone = await tasks.get(broken.id).then(
          () => false,
          (err: unknown) => {
            if (err instanceof TaskNotFoundError) return true;
            throw err;
          },
        );
        if (gone) break;
        if (Date.now() - deletedAt > 120_000) throw new Error('delete(): the task was still there after 2 minutes');
        await sleep(1_000);
      }
      const deleteMs = Date.now() - deletedAt;
      await expect(tasks.get('importEntries/no-such-task')).rejects.toBeInstanceOf(TaskNotFoundError);

      // Many get() at once: all answer, at what rate. get() reads each task's own record (describe and history), not
      // the visibility store: first in a fresh process, then in one that has served calls already.
      const finished = [done.id, flaky.id, long.id];
      const fresh = await startClientApp(cluster.address, queue);
      clientApps.push(fresh);
      const firstCalls = await Promise.allSettled(finished.flatMap((id) => [id, id, id]).map((id) => fresh.tasks.get(id)));
      const firstErrors = firstCalls.flatMap((result) => (result.status === 'rejected' ? [describeError(result.reason)] : []));
      const calls = 100;
      const concurrency = 10;
      report.getRate.calls = calls;
      report.getRate.concurrency = concurrency;
      report.getRate.cluster = await rate(calls, concurrency, (index) => tasks.get(finished[index % finished.length]!));
      const describeRate = await rate(calls, concurrency, (index) =>
        temporal.workflow.getHandle(finished[index % finished.length]!).describe(),
      );
      report.totals.tasks += 5;

      // Limits of a SQL-backed cluster: workflow ids of 255 characters at most, payloads of 2 MB at most.
      const longKey = await tasks
        .trigger(ImportEntriesTask, { rows: ['a'] }, { id: 'k'.repeat(300) })
        .then(() => 'accepted', describeError);
      const bigInput = await tasks
        .trigger(ImportEntriesTask, { rows: ['x'.repeat(3 * 1024 * 1024)] }, { id: 'api-big' })
        .then(() => 'accepted', describeError);
      expect(longKey).not.toBe('accepted');
      expect(bigInput).not.toBe('accepted');
      await expect(tasks.get('importEntries/api-big')).rejects.toBeInstanceOf(TaskNotFoundError);

      lines.push(
        'trigger (idempotent by key), get (live progress while running; output, attempts, error once ended), logs, abort (running task; refused once ended), retry (of the aborted task), list (a running task as running; status and definition filters, paging by 2, a retried task once), delete (refused while running) all as documented',
        `delete(): get() throws TaskNotFoundError ${seconds(deleteMs)} after it`,
        `${calls} get() calls, ${concurrency} at a time: ${report.getRate.cluster.toFixed(1)} per second; Temporal's describe() of the same tasks: ${describeRate.toFixed(1)} per second`,
        `${firstCalls.length} get() calls at once in a fresh client-only process: ${firstErrors.length} threw${firstErrors.length > 0 ? ` (${firstErrors[0]})` : ''}`,
        `a task id of 300 characters: trigger() throws ${longKey}`,
        `an input of 3 MB: trigger() throws ${bigInput}`,
      );
      const getRate = report.getRate.cluster;
      report.observations.push(
        `get() reads each task's own record (Temporal's describe() and the task's history), not the visibility store, which only list() and delete()'s lookup of a task's runs read: ${getRate.toFixed(1)} get() per second on the cluster, ${getRate > DEFAULT_VISIBILITY_RPS ? 'above' : 'within'} the namespace's default visibility rate limit of ${DEFAULT_VISIBILITY_RPS} per second and frontend (\`frontend.namespaceRPS.visibility\`), against ${describeRate.toFixed(1)} describe() per second of the same tasks: one get() took about ${(describeRate / getRate).toFixed(1)} times as long as one describe().`,
        `${firstErrors.length} of ${firstCalls.length} get() calls made at once by a fresh process threw${firstErrors.length > 0 ? `: ${firstErrors[0]}` : ''}.`,
        `A task id over \`limit.maxIDLength\` (255 on this SQL store): trigger() throws ${longKey}.`,
        `An input over \`limit.blobSize.error\` (2 MB by default): trigger() throws ${bigInput}.`,
      );
      await stopStack(stack);
    });
  }, 600_000);

  it('measures get() per second on a dev server, for comparison', async () => {
    await report.scenario('get() on a dev server, for comparison', async (lines) => {
      const server = await TemporalDevServer.start();
      try {
        const queue = 'dev-server';
        const stack = await startStack(queue, { workers: 1, apps: 0 }, server.address);
        const client = await startClientApp(server.address, queue);
        try {
          const ids: string[] = [];
          for (const rows of [['a'], ['a', FLAKY_ROW], ['b', 'c']]) {
            const handle = await client.tasks.trigger(ImportEntriesTask, { rows });
            await handle.result();
            ids.push(handle.id);
          }
          report.totals.tasks += ids.length;
          // One call first, as on the cluster: the rate is that of a process that has served calls already.
          await client.tasks.get(ids[0]!);
          report.getRate.devServer = await rate(report.getRate.calls ?? 100, report.getRate.concurrency ?? 10, async (index) =>
            expect((await client.tasks.get(ids[index % ids.length]!)).status).toBe('success'),
          );
          const devConnection = await Connection.connect({ address: server.address });
          const devTemporal = new Client({ connection: devConnection });
          const describeRate = await rate(report.getRate.calls ?? 100, report.getRate.concurrency ?? 10, (index) =>
            devTemporal.workflow.getHandle(ids[index % ids.length]!).describe(),
          );
          await devConnection.close();
          lines.push(
            `the same ${report.getRate.calls ?? 100} get() calls, ${report.getRate.concurrency ?? 10} at a time, on a \`temporal server start-dev\` (SQLite): ${report.getRate.devServer.toFixed(1)} per second; describe() of the same tasks: ${describeRate.toFixed(1)} per second`,
          );
        } finally {
          await client.close();
          await stopStack(stack);
        }
      } finally {
        await server.stop();
      }
    });
  }, 300_000);
});
