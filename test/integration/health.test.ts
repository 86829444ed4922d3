import { Controller, Get, type INestApplication } from '@nestjs/common';
import { HealthCheck, HealthCheckService, TerminusModule } from '@nestjs/terminus';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TasksHealthIndicator } from '../../src';
import { TasksClient } from '../../src/client/tasks-client';
import { TemporalDevServer } from '../../src/testing/temporal-dev-server';
import { Gate, GatedTask } from '../fixtures/gated-tasks';
import { SendReportTask } from '../fixtures/management-tasks';
import { createTaskTestApp, eventually, type TaskTestApp } from '../support/task-test-app';
import { freePort } from '../support/free-port';

/** The health endpoint an application would write: terminus's HealthCheckService with the library's indicator. */
@Controller('health')
class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly temporal: TasksHealthIndicator,
  ) {}

  @Get()
  @HealthCheck()
  check() {
    return this.health.check([() => this.temporal.isHealthy('temporal', { timeoutMs: 2_000 })]);
  }
}

interface HealthAnswer {
  status: number;
  body: { status: string; info?: Record<string, Record<string, unknown>>; error?: Record<string, Record<string, unknown>> };
}

async function getHealth(app: INestApplication): Promise<HealthAnswer> {
  const response = await fetch(`${await app.getUrl()}/health`);
  return { status: response.status, body: (await response.json()) as HealthAnswer['body'] };
}


async function listening(t: TaskTestApp): Promise<TaskTestApp> {
  await t.app.listen(0, '127.0.0.1');
  return t;
}

/**
 * A Temporal server of this test's own, which it stops and starts again on the same port with the same SQLite file
 * (so the namespace and the search attributes survive), to see the indicator go down and come back.
 */
describe('TasksHealthIndicator with @nestjs/terminus', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tasks-health-'));
  const dbFilename = join(dir, 'temporal.db');
  let port: number;
  let server: TemporalDevServer | undefined;
  let worker: TaskTestApp | undefined;

  beforeAll(async () => {
    port = await freePort();
    server = await TemporalDevServer.start({ port, dbFilename, startTimeoutMs: 120_000 });
    worker = await listening(await createTaskTestApp([SendReportTask], { connection: { address: server.address }, imports: [TerminusModule], controllers: [HealthController] }));
  }, 180_000);

  afterAll(async () => {
    await worker?.app.close();
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  it('is up while Temporal answers and the Runner polls; down, saying why, while the server is stopped; up again once it is back', async () => {
    const app = worker!.app;
    // Up once the server has seen the Runner poll.
    const up = await eventually(async () => {
      const answer = await getHealth(app);
      return answer.status === 200 ? answer : undefined;
    }, 30_000, 'the health check to pass');
    expect(up.body).toMatchObject({ status: 'ok', info: { temporal: { status: 'up', address: server!.address, namespace: 'default', runner: 'RUNNING', taskQueue: worker!.taskQueue } } });

    await server!.stop();
    const down = await getHealth(app);
    expect(down.status).toBe(503);
    expect(down.body).toMatchObject({ status: 'error', error: { temporal: { status: 'down', address: server!.address, namespace: 'default' } } });
    expect(down.body.error!.temporal!.reason).toMatch(new RegExp(`^Temporal at ${server!.address.replace(/\./g, '\\.')} \\(namespace "default"\\) did not answer within 2000 ms`));
    // A liveness probe asks Temporal nothing: restarting this process would not bring the server back.
    expect(await app.get(TasksHealthIndicator).isHealthy('temporal', { probe: 'liveness' })).toMatchObject({ temporal: { status: 'up', runner: 'RUNNING' } });

    server = await TemporalDevServer.start({ port, dbFilename, startTimeoutMs: 120_000 });
    const back = await eventually(async () => {
      const answer = await getHealth(app);
      return answer.status === 200 ? answer : undefined;
    }, 90_000, 'the health check to pass again after the restart');
    expect(back.body.info!.temporal).toMatchObject({ status: 'up', runner: 'RUNNING' });
    // And the Runner does run tasks again.
    await expect(worker!.tasks.triggerAndWait(SendReportTask, { to: 'after@restart.example' })).resolves.toBe('sent to after@restart.example');
  }, 240_000);

  it('checks only Temporal in a client-only process, and names a namespace that does not exist', async () => {
    const client = await listening(
      await createTaskTestApp([], { connection: { address: server!.address }, runner: false, imports: [TerminusModule], controllers: [HealthController] }),
    );
    const wrongNamespace = await listening(
      await createTaskTestApp([], { connection: { address: server!.address, lazy: true }, namespace: 'no-such-namespace', runner: false, imports: [TerminusModule], controllers: [HealthController] }),
    );
    try {
      expect(await getHealth(client.app)).toMatchObject({ status: 200, body: { info: { temporal: { status: 'up', runner: 'none (client-only process)' } } } });
      const answer = await getHealth(wrongNamespace.app);
      expect(answer.status).toBe(503);
      expect(answer.body.error!.temporal).toMatchObject({ status: 'down', reason: `Namespace "no-such-namespace" does not exist on the Temporal server at ${server!.address}.` });
    } finally {
      await client.app.close();
      await wrongNamespace.app.close();
    }
  });
});

/**
 * The SDK takes an activity slot before it polls for an activity task: a Runner whose slots are all busy with long
 * iterations does not poll, and must not be reported down for it (a liveness probe would restart it, cancelling them).
 */
describe('TasksHealthIndicator of a busy Runner', () => {
  const pollWindowMs = 3_000;
  let t: TaskTestApp | undefined;

  afterAll(async () => {
    t?.app.get(Gate).release();
    await t?.app.close();
  });

  it('is up, saying it is busy, while its one iteration slot runs an iteration longer than pollWindowMs', async () => {
    // No eager start: the second trigger's workflow task then reaches the Runner through a poll, which keeps its
    // workflow polls recent (an idle long poll is seen only when it starts).
    t = await createTaskTestApp([Gate, GatedTask], { runner: { maxConcurrentActivityTaskExecutions: 1, eagerStart: false } });
    const indicator = t.app.get(TasksHealthIndicator);
    const first = await t.tasks.trigger(GatedTask, { n: 1 });
    await eventually(async () => ((await t!.tasks.get(first.id)).status === 'running' ? true : undefined), 20_000, 'the first iteration to run');
    // Until Temporal's last sight of an activity poll from the Runner is older than the window (its one slot is busy).
    await eventually(
      async () => {
        const { pollers } = await t!.app.get(TasksClient).connection.workflowService.describeTaskQueue({ namespace: 'default', taskQueue: { name: t!.taskQueue }, taskQueueType: 2 });
        const last = Math.max(0, ...(pollers ?? []).map((poller) => Number(poller.lastAccessTime?.seconds ?? 0) * 1000));
        return Date.now() - last > pollWindowMs + 1_000 ? true : undefined;
      },
      20_000,
      'the last activity poll to be older than the window',
    );
    const second = await t.tasks.trigger(GatedTask, { n: 2 });

    const health = await eventually(
      async () => {
        const answer = await indicator.isHealthy('temporal', { pollWindowMs, timeoutMs: 2_000 });
        return answer.temporal.status === 'up' ? answer : undefined;
      },
      15_000,
      'the busy Runner to be reported up',
    );
    expect(health.temporal).toMatchObject({ status: 'up', runner: 'RUNNING', busy: [`activity tasks of task queue "${t.taskQueue}": all 1 slots in use`] });
    // The second task still waits for the slot: its iteration has not started (Temporal has scheduled it, so its
    // pending activity already says attempt 1; the handler is what tells).
    expect(t.app.get(GatedTask).started).toEqual([1]);

    t.app.get(Gate).release();
    await expect(first.result()).resolves.toBe(1);
    await expect(second.result()).resolves.toBe(2);
  }, 90_000);
});

/** The Runner's own down states: seen polling by nobody, and shutting down. */
describe('TasksHealthIndicator of a Runner that is not receiving tasks', () => {
  it('is down, naming the task queue, when Temporal has seen no poll from the Runner within pollWindowMs and it has free slots', async () => {
    const t = await createTaskTestApp([SendReportTask], { runner: { eagerStart: false } });
    try {
      const indicator = t.app.get(TasksHealthIndicator);
      // Up with the default window once Temporal has seen it poll: the check below differs only in the window.
      await eventually(async () => ((await indicator.isHealthy('temporal', { timeoutMs: 2_000 })).temporal.status === 'up' ? true : undefined), 30_000, 'the Runner to be seen polling');
      // An idle long poll is seen when it starts: a window of 1 ms has none in it.
      const health = await eventually(async () => {
        const answer = await indicator.isHealthy('temporal', { pollWindowMs: 1, timeoutMs: 2_000 });
        return answer.temporal.status === 'down' ? answer : undefined;
      }, 10_000, 'the Runner to be reported down');
      expect(health.temporal).toMatchObject({ status: 'down', runner: 'RUNNING' });
      expect(health.temporal.reason).toMatch(new RegExp(`^The Runner is running, but Temporal at .* has seen no poll of the (workflow|activity) tasks of task queue "${t.taskQueue}" from it`));
    } finally {
      await t.app.close();
    }
  });

  it('is down, on the liveness probe too, while the Runner shuts down; up on it before', async () => {
    const t = await createTaskTestApp([Gate, GatedTask], { runner: { shutdownGraceTime: '30s' } });
    const indicator = t.app.get(TasksHealthIndicator);
    const task = await t.tasks.trigger(GatedTask, { n: 1 });
    await eventually(async () => ((await t.tasks.get(task.id)).attempts === 1 ? true : undefined), 20_000, 'the iteration to run');
    expect(await indicator.isHealthy('temporal', { probe: 'liveness' })).toMatchObject({ temporal: { status: 'up', runner: 'RUNNING' } });

    // The iteration holds the Runner in its grace period: it drains, and says so.
    const closed = t.app.close();
    try {
      const health = await eventually(async () => {
        const answer = await indicator.isHealthy('temporal', { probe: 'liveness' });
        return answer.temporal.status === 'down' ? answer : undefined;
      }, 10_000, 'the draining Runner to be reported down');
      expect(health.temporal.runner).toMatch(/^(STOPPING|DRAINING|DRAINED)$/);
      expect(health.temporal.reason).toMatch(/^The Runner is (STOPPING|DRAINING|DRAINED): it is shutting down and takes no new tasks\.$/);
    } finally {
      t.app.get(Gate).release();
      await closed;
    }
  }, 60_000);
});
