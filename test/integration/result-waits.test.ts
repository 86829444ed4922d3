import { TemporalLimitExceededError, type TaskHandle } from '../../src';
import { TasksClient } from '../../src/client/tasks-client';
import { grpcStatusOf } from '../../src/client/to-tasks-error';
import { Gate, GatedTask } from '../fixtures/gated-tasks';
import { createOwnServerTestApp, eventually, type OwnServerTestApp } from '../support/task-test-app';

/** Long polls a namespace of this test's server allows at once, per API (`frontend.namespaceCount`, 1 200 by default). */
const SERVER_LONG_POLLS = 20;
const TASKS = 60;

/**
 * Each waiting `result()` holds a long poll, and a namespace allows only so many. Many waits at once must not fail
 * the caller: the raw SDK's do, on the same server at the same moment; the library's wait their turn.
 */
describe('many result() waits at once, on a namespace that allows 20 long polls', () => {
  let t: OwnServerTestApp | undefined;

  beforeAll(async () => {
    t = await createOwnServerTestApp([Gate, GatedTask], { server: { dynamicConfig: { 'frontend.namespaceCount': SERVER_LONG_POLLS } } });
  }, 120_000);

  afterAll(async () => {
    t?.app.get(Gate).release();
    await t?.close();
  }, 60_000);

  it('the library resolves every wait, where raw SDK waits fail with RESOURCE_EXHAUSTED', async () => {
    if (!t) throw new Error('set-up failed');
    const tasks: TaskHandle<number>[] = [];
    for (let n = 0; n < TASKS; n += 1) tasks.push(await t.tasks.trigger(GatedTask, { n }));

    // The raw SDK, with its default retries: more waits than the namespace allows fail once the retries run out.
    const raw = t.client;
    const refused: unknown[] = [];
    const rawWaits = tasks.map((task) =>
      raw.workflow
        .getHandle(task.id)
        .result()
        .catch((err: unknown) => void refused.push(err)),
    );
    await eventually(() => (refused.length > 0 ? true : undefined), 60_000, 'a raw result() to be refused');
    expect(refused.map((err) => grpcStatusOf(err))).toContain(8);

    // The library, with its defaults (more waits allowed per process than this server takes): every wait resolves,
    // though the raw waits that got a long poll still hold theirs until the tasks end.
    // Counts the library's own waits that the server refused, which it then tries again.
    const temporal = t.app.get(TasksClient);
    const call = temporal.call.bind(temporal);
    let refusedWaits = 0;
    vi.spyOn(temporal, 'call').mockImplementation(async (operation, fn, taskId) => {
      try {
        return await call(operation, fn, taskId);
      } catch (err) {
        if (operation === 'result' && err instanceof TemporalLimitExceededError) refusedWaits += 1;
        throw err;
      }
    });
    const results = Promise.all(tasks.map((task) => task.result()));
    // The tasks end once the server has refused some of the library's waits too: those must still resolve.
    await eventually(() => (refusedWaits > 0 ? true : undefined), 60_000, "a library wait to be refused");
    t.app.get(Gate).release();
    expect(await results).toEqual(tasks.map((_, n) => n));
    expect(refusedWaits).toBeGreaterThan(0);
    await Promise.all(rawWaits);
  }, 120_000);
});
