import { TaskRunner, TasksHealthIndicator } from '../../src';
import { SendReportTask } from '../fixtures/management-tasks';
import { startGrpcFaultProxy, type GrpcFaultProxy } from '../support/grpc-fault-proxy';
import { createTaskTestApp, eventually, type TaskTestApp } from '../support/task-test-app';
import { temporalAddress } from '../support/test-env';

/** gRPC's PERMISSION_DENIED: what a server answers a client whose credentials no longer allow it to poll. */
const PERMISSION_DENIED = 7;
const REFUSAL = 'Request unauthorized: this client may no longer poll namespace default';

/**
 * A Runner whose Temporal Worker has failed (its `run()` rejected): the server, reached through a proxy, starts
 * refusing the Worker's task polls with a status the SDK does not retry for ever. Nothing of Temporal's is mocked:
 * the Worker, its Rust core and the server are the real ones; only the answers to polls change.
 */
describe('TasksHealthIndicator of a Runner whose Worker failed', () => {
  let proxy: GrpcFaultProxy | undefined;
  let t: TaskTestApp | undefined;

  afterAll(async () => {
    await t?.app.close();
    await proxy?.close();
  });

  it('is down on both probes, naming the failure and its cause, once Temporal refuses the Runner its polls; up before; the app still closes cleanly', async () => {
    proxy = await startGrpcFaultProxy(temporalAddress());
    t = await createTaskTestApp([SendReportTask], { connection: { address: proxy.address } });
    const app = t.app;
    const indicator = app.get(TasksHealthIndicator);
    const runner = app.get(TaskRunner);

    // Through the proxy, the Runner runs tasks and the check is up on both probes.
    await expect(t.tasks.triggerAndWait(SendReportTask, { to: 'before@proxy.example' })).resolves.toBe('sent to before@proxy.example');
    await eventually(async () => ((await indicator.isHealthy('temporal', { timeoutMs: 2_000 })).temporal.status === 'up' ? true : undefined), 30_000, 'the Runner to be seen polling');
    expect(await indicator.isHealthy('temporal', { probe: 'liveness' })).toMatchObject({ temporal: { status: 'up', runner: 'RUNNING' } });

    proxy.refusePolls(PERMISSION_DENIED, REFUSAL);
    // The SDK's core keeps retrying a poll refused with a non-retryable status for 60 s (a proxy in front of the
    // server may answer oddly while it starts), then fails the Worker.
    const health = await eventually(
      async () => {
        const answer = await indicator.isHealthy('temporal', { probe: 'liveness' });
        return answer.temporal.status === 'down' && runner.workerFailures.size > 0 ? answer : undefined;
      },
      150_000,
      'the Runner to be reported failed',
    );
    expect(proxy.refusedPolls).toBeGreaterThan(0);
    expect(runner.temporalWorker?.getState()).toBe('FAILED');
    expect(runner.workerFailures.get(t.taskQueue)?.message).toContain(REFUSAL);
    expect(health.temporal).toMatchObject({ status: 'down', runner: 'FAILED', taskQueue: t.taskQueue });
    const reason = health.temporal.reason as string;
    expect(reason).toMatch(/^The Runner stopped with an error: .* It runs no tasks any more: restart the process\.$/);
    expect(reason).toContain(REFUSAL);

    // The full check says the same: Temporal itself still answers (only polls are refused), the Runner is what failed.
    const readiness = await indicator.isHealthy('temporal', { timeoutMs: 2_000 });
    expect(readiness.temporal).toMatchObject({ status: 'down', runner: 'FAILED', reason });

    // A failed Worker holds the connection no more: closing the app does not throw or hang.
    await expect(app.close()).resolves.toBeUndefined();
    t = undefined;
  }, 240_000);
});
