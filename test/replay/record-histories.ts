/**
 * Records the histories of tasks in every shape the task workflow knows into test/replay/histories/<version>/, for
 * replay.test.ts to replay against later workflow code. Run it once per released version, with package.json at that
 * version (the histories of earlier versions stay: every one of them must keep replaying). It writes a new folder and
 * never rewrites a released version's (history-folder-plan.ts): it refuses, saying so; a pre-release's folder
 * (`0.3.0-dev`) it records again, replacing it, and says so.
 *
 *   npm run record-histories   (RECORD_TASK_HISTORIES=1 vitest run --project integration)
 *
 * It starts a dev server of its own that suggests continue-as-new after a few dozen events, so that long tasks span
 * several runs in seconds.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { TaskSchedules, type TaskHandle } from '../../src';
import { findTemporalCli } from '../../src/testing';
import { createOwnServerTestApp, eventually, type OwnServerTestApp } from '../support/task-test-app';
import { planHistoryFolder } from './history-folder-plan';
import { REPLAY_TASKS, ReplayCounterTask, ReplayHookedTask, ReplayLocalTask, ReplayParentTask, ReplayTimeoutTask } from './replay-tasks';

const { version } = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as { version: string };
const OUT = join(__dirname, 'histories', version);

describe(`recording task histories of version ${version}`, () => {
  let t: OwnServerTestApp;

  beforeAll(async () => {
    const plan = planHistoryFolder(version, relative(process.cwd(), OUT), existsSync(OUT));
    if (plan.action === 'refuse') throw new Error(plan.reason);
    if (plan.action === 're-record') {
      console.warn(plan.notice);
      rmSync(OUT, { recursive: true, force: true });
    }
    mkdirSync(OUT, { recursive: true });
    t = await createOwnServerTestApp(REPLAY_TASKS, { server: { dynamicConfig: { 'limit.historyCount.suggestContinueAsNew': 40 } } });
  }, 120_000);

  afterAll(async () => {
    await t?.close();
  }, 60_000);

  /**
   * Writes every run of the task (back through continue-as-new and retries), oldest first, in the JSON form the
   * Temporal CLI prints (`temporal workflow show -o json`), which `historyFromJSON` reads back.
   */
  async function record(shape: string, task: Pick<TaskHandle, 'id'>): Promise<void> {
    const runs: string[] = [];
    for await (const run of t.client.workflow.list({ query: `WorkflowId = '${task.id}'` })) runs.push(run.runId);
    runs.reverse();
    for (const [n, runId] of runs.entries()) {
      const json = execFileSync(findTemporalCli(), ['workflow', 'show', '--address', t.server.address, '--workflow-id', task.id, '--run-id', runId, '--output', 'json'], { encoding: 'utf8' });
      const name = runs.length === 1 ? shape : `${shape}.run-${n + 1}`;
      writeFileSync(join(OUT, `${name}.json`), json);
    }
  }

  const settle = (task: TaskHandle) => task.result().catch(() => undefined);

  it.each([
    ['success-with-hook', { end: 'success' }],
    ['retried-then-success', { end: 'failOnce' }],
    ['failed-after-retries', { end: 'fail' }],
    ['failed-non-retryable', { end: 'nonRetryable' }],
    ['aborted-from-inside', { end: 'abort' }],
  ] as const)('%s', async (shape, input) => {
    const task = await t.tasks.trigger(ReplayHookedTask, input);
    await settle(task);
    await record(shape, task);
  });

  it('aborted-from-outside', async () => {
    const task = await t.tasks.trigger(ReplayHookedTask, { end: 'wait' });
    await eventually(async () => ((await t.tasks.get(task.id)).attempts > 0 ? true : undefined));
    await t.tasks.abort(task.id, 'stopped by an operator');
    await settle(task);
    await record('aborted-from-outside', task);
  });

  it('delayed-then-success', async () => {
    const task = await t.tasks.trigger(ReplayHookedTask, { end: 'success' }, { delay: '500ms' });
    await settle(task);
    await record('delayed-then-success', task);
  });

  it('retried-by-task-service', async () => {
    const task = await t.tasks.trigger(ReplayHookedTask, { end: 'nonRetryable' });
    await settle(task);
    await settle(await t.tasks.retry(task.id));
    await record('retried-by-task-service', task);
  });

  it('iterations-with-delays', async () => {
    const task = await t.tasks.trigger(ReplayCounterTask, { to: 3, delayMs: 200 });
    await settle(task);
    await record('iterations-with-delays', task);
  });

  it('continued-as-new', async () => {
    const task = await t.tasks.trigger(ReplayCounterTask, { to: 12 });
    await settle(task);
    await record('continued-as-new', task);
  });

  it('max-iterations-exceeded', async () => {
    const task = await t.tasks.trigger(ReplayCounterTask, { to: 1_000 });
    await settle(task);
    await record('max-iterations-exceeded', task);
  }, 60_000);

  it('parent-waiting-for-children', async () => {
    const task = await t.tasks.trigger(ReplayParentTask, { children: 2 });
    await settle(task);
    await record('parent-waiting-for-children', task);
    const [child] = (await t.tasks.get(task.id)).children;
    await record('child', { id: child! });
  });

  it('timed-out', async () => {
    const task = await t.tasks.trigger(ReplayTimeoutTask, null);
    await settle(task);
    await record('timed-out', task);
  });

  it.each([
    ['local-success-with-hook', { end: 'success' }],
    ['local-retried-then-success', { end: 'failOnce' }],
    ['local-failed-non-retryable', { end: 'nonRetryable' }],
    ['local-iterations', { end: 'iterate' }],
  ] as const)('%s', async (shape, input) => {
    const task = await t.tasks.trigger(ReplayLocalTask, input);
    await settle(task);
    await record(shape, task);
  });

  it('local-aborted-from-outside', async () => {
    const task = await t.tasks.trigger(ReplayLocalTask, { end: 'wait' });
    await eventually(async () => ((await t.tasks.get(task.id)).status === 'running' ? true : undefined));
    await t.tasks.abort(task.id, 'stopped by an operator');
    await settle(task);
    await record('local-aborted-from-outside', task);
  }, 60_000);

  it('scheduled', async () => {
    await t.app.get(TaskSchedules).trigger('replayScheduled/every-second');
    const id = await eventually(async () => (await t.tasks.schedules())[0]?.recentTaskIds[0]);
    await settle(t.tasks.getHandle(id));
    await record('scheduled', { id });
  });
});
