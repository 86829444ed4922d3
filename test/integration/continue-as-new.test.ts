import { MEMO } from '../../workflows/task-workflow.types';
import { CountToTask } from '../fixtures/iteration-tasks';
import { expectCountedAcrossRuns } from '../support/count-across-runs';
import { createOwnServerTestApp, eventually, type OwnServerTestApp } from '../support/task-test-app';

/**
 * A long task spans several workflow runs (continue-as-new). On a server that suggests continuing as new after a few
 * dozen events, a task of 30 iterations does so several times in seconds, which shows what each run carries and
 * what TaskService reads back across them.
 */
describe('continue-as-new, on a server that suggests it early', () => {
  let t: OwnServerTestApp | undefined;

  beforeAll(async () => {
    t = await createOwnServerTestApp([CountToTask], { server: { dynamicConfig: { 'limit.historyCount.suggestContinueAsNew': 40 } } });
  }, 120_000);

  afterAll(async () => {
    await t?.close();
  }, 60_000);

  it('carries where the task stands, and keeps its input, trigger time, logs and status readable', async () => {
    if (!t) throw new Error('set-up failed');
    const { client } = t;
    const handler = t.app.get(CountToTask);
    handler.record = true;
    const task = await t.tasks.trigger(CountToTask, { to: 30 });
    await expect(task.result()).resolves.toEqual({ counted: 30 });

    const runs = [];
    for await (const run of client.workflow.list({ query: `WorkflowId = '${task.id}'` })) runs.push(run);
    expect(runs.length).toBeGreaterThan(2);

    // The latest run's input is the task's input, then where the task stood; its memo keeps the trigger time.
    const latest = await client.workflow.getHandle(task.id).describe();
    const first = (await client.workflow.getHandle(task.id, task.runId).describe());
    expect(latest.runId).not.toBe(task.runId);
    expect(latest.memo?.[MEMO.triggeredAt]).toBe(first.startTime.toISOString());

    const info = await t.tasks.get(task.id);
    expect(info).toMatchObject({ status: 'success', input: { to: 30 }, iterations: 30, output: { counted: 30 } });
    expect(info.createdAt).toEqual(first.startTime);
    // Each iteration saw the state of the one before, across runs.
    expect(handler.seen.filter((seen) => seen.iteration > 1).every((seen) => (seen.state as { count: number }).count === seen.iteration - 1)).toBe(true);

    // Logs are read run by run, back through the chain: every iteration's line, in order.
    const logs = await t.tasks.logs(task.id);
    expect(logs.map((entry) => entry.message)).toEqual(Array.from({ length: 29 }, (_, n) => `counted ${n + 1}`));
    const listed = await eventually(async () => (await t!.tasks.list({ definition: 'countTo', status: 'success' })).tasks.find((summary) => summary.id === task.id));
    expect(listed.createdAt).toEqual(first.startTime);
  }, 120_000);
});

describe('a task of a few hundred iterations, on a server that suggests continue-as-new every few dozen', () => {
  let t: OwnServerTestApp | undefined;

  beforeAll(async () => {
    t = await createOwnServerTestApp([CountToTask], { server: { dynamicConfig: { 'limit.historyCount.suggestContinueAsNew': 200 } } });
  }, 120_000);

  afterAll(async () => {
    await t?.close();
  }, 60_000);

  it('runs each iteration once, with the state before it, across several bounded runs', async () => {
    if (!t) throw new Error('set-up failed');
    // The shape of the 10 000-iteration test (iterations.long.test.ts, `npm run test:long`) at a size for every run.
    // A run here holds about 30 iterations: a task of 300 spans about ten (each continue-as-new costs a new run's
    // first workflow task, so a lower suggestion would spend the time on those).
    await expectCountedAcrossRuns(t, t.client, 300, { minRuns: 5, maxRunHistoryLength: 300 });
  }, 120_000);
});
