import { TaskFailedError, type TaskLogEntry } from '../../src';
import { NOISY_LINES, NoisyFailureTask, NoisySuccessTask } from '../fixtures/log-budget-tasks';
import { createTaskTestApp, temporalClient, temporalView, type TaskTestApp } from '../support/task-test-app';

const LOG_BUDGET = 256 * 1024;

/** The lines of the handler (`line 00001 ...`) in order, and the dropped-lines line that ends the attempt. */
function split(logs: TaskLogEntry[]): { lines: number[]; dropped: TaskLogEntry | undefined } {
  const lines = logs.filter((entry) => entry.message.startsWith('line ')).map((entry) => Number(entry.message.slice(5, 10)));
  return { lines, dropped: logs.find((entry) => entry.message.includes('earlier log lines dropped')) };
}

/** The newest lines, without a gap, up to the last one written, and a count of the rest. */
function expectNewestWithDroppedCount(logs: TaskLogEntry[]): void {
  const { lines, dropped } = split(logs);
  expect(lines.length).toBeGreaterThan(500);
  expect(lines[lines.length - 1]).toBe(NOISY_LINES);
  expect(lines).toEqual(Array.from({ length: lines.length }, (_, i) => NOISY_LINES - lines.length + 1 + i));
  expect(dropped).toMatchObject({
    level: 'warn',
    message: `${NOISY_LINES - lines.length} earlier log lines dropped (over the log budget of ${LOG_BUDGET} bytes per attempt, limits.logBytes)`,
    data: { droppedLines: NOISY_LINES - lines.length },
    iteration: 1,
    attempt: 1,
  });
  expect(Buffer.byteLength(JSON.stringify(logs))).toBeLessThanOrEqual(LOG_BUDGET);
}

/**
 * An attempt that logs 4 MB (over Temporal's 2 MB payload limit) must still end as its handler chose: the Runner keeps
 * the newest lines within `limits.logBytes` (256 KiB by default) and says how many it dropped.
 */
describe('the log budget of an attempt, on a real Temporal server', () => {
  let t: TaskTestApp;

  beforeAll(async () => {
    t = await createTaskTestApp([NoisySuccessTask, NoisyFailureTask]);
  });

  afterAll(async () => {
    await t?.app.close();
  });

  it('a handler that logs 4 MB and succeeds ends success, with its newest lines and the count of the dropped ones', async () => {
    const task = await t.tasks.trigger(NoisySuccessTask);
    await expect(task.result()).resolves.toEqual({ lines: NOISY_LINES });
    const { client, close } = await temporalClient();
    try {
      expect(await temporalView(client, task.id)).toMatchObject({ status: 'COMPLETED', activityAttempts: [1] });
    } finally {
      await close();
    }
    expect(await t.tasks.get(task.id)).toMatchObject({ status: 'success', output: { lines: NOISY_LINES } });
    expectNewestWithDroppedCount(await t.tasks.logs(task.id));
  });

  it('a handler that logs 4 MB and throws ends failed with its own error, its logs carried by the failure', async () => {
    const task = await t.tasks.trigger(NoisyFailureTask);
    const error = await task.result().then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(error).toBeInstanceOf(TaskFailedError);
    expect(error).toMatchObject({ failureMessage: 'failed after logging a lot', failureType: 'Error' });
    expect(await t.tasks.get(task.id)).toMatchObject({ status: 'failed' });
    expectNewestWithDroppedCount(await t.tasks.logs(task.id));
  });
});
