import type { Client, WorkflowHandle } from '@temporalio/client';
import { randomUUID } from 'node:crypto';
import { InvalidListOptionsError, InvalidTaskIdError, InvalidTriggerOptionsError, TaskFailedError, TaskNotFoundError, type TaskSummary } from '../../src';
import { queryString } from '../../src/service/task-query';
import { LedgerEntryTask } from '../fixtures/own-tasks';
import { createTaskTestApp, eventually, temporalClient, type TaskTestApp } from '../support/task-test-app';

/**
 * Values that break a query quoted with `'` alone (Temporal's parser also reads `\` as an escape), and values an
 * equality cannot match on SQL visibility stores (`\` and `"`, written back with escapes SQLite reads literally).
 */
const HOSTILE = ["\\' OR TaskQueue != \"\" -- ", "it's", 'say "hi"', 'a -- b', 'C:\\data\\run1', 'ends with \\', "\\'", '%_*'];

/**
 * A namespace is shared: TaskService acts on this application's tasks alone, and no filter or key can widen a query.
 * The foreign workflows here are started with the raw client, as another application in the namespace would.
 */
describe('TaskService stays inside its own tasks, on a real Temporal server', () => {
  let t: TaskTestApp;
  let client: Client;
  let closeClient: () => Promise<void>;
  /** Another application's workflow on a queue of its own, with an input that must never leak. */
  let payroll: WorkflowHandle;
  /** A workflow of our type's name, started by someone else on another queue. */
  let lookalike: WorkflowHandle;
  /** A workflow of our type on our queue, but without the library's marks (no TaskDefinition search attribute). */
  let unmarked: WorkflowHandle;

  /** Temporal's visibility record of the runs of a workflow id, read with the raw client (a prefix, checked exactly). */
  async function indexedRuns(workflowId: string): Promise<number> {
    let count = 0;
    for await (const run of client.workflow.list({ query: `WorkflowId STARTS_WITH ${queryString(workflowId.slice(0, workflowId.indexOf('/') + 1))}` })) {
      if (run.workflowId === workflowId) count += 1;
    }
    return count;
  }

  beforeAll(async () => {
    t = await createTaskTestApp([LedgerEntryTask]);
    ({ client, close: closeClient } = await temporalClient());
    const suffix = randomUUID().slice(0, 8);
    payroll = await client.workflow.start('payrollRun', { taskQueue: `payroll-${suffix}`, workflowId: `payrollRun/${suffix}`, args: [{ salary: 'SECRET-42' }] });
    lookalike = await client.workflow.start('ledgerEntry', { taskQueue: `other-app-${suffix}`, workflowId: `ledgerEntry/foreign-${suffix}`, args: [{ label: 'SECRET-43' }] });
    // No worker polls the foreign queues, so those two stay open. This one our Runner does run, to its end.
    unmarked = await client.workflow.start('ledgerEntry', { taskQueue: t.taskQueue, workflowId: `ledgerEntry/unmarked-${suffix}`, args: [{ label: 'SECRET-44' }] });
  });

  afterAll(async () => {
    for (const handle of [payroll, lookalike]) await handle?.terminate('test over').catch(() => undefined);
    await t?.app.close();
    await closeClient?.();
  });

  it('every method that takes an id answers TaskNotFoundError for a foreign workflow, reveals nothing and changes nothing', async () => {
    await unmarked.result();
    for (const handle of [payroll, lookalike, unmarked]) {
      const before = await handle.describe();
      const attempts: Array<() => Promise<unknown>> = [
        () => t.tasks.get(handle.workflowId),
        () => t.tasks.abort(handle.workflowId, 'hijack'),
        () => t.tasks.retry(handle.workflowId),
        () => t.tasks.delete(handle.workflowId),
        () => t.tasks.logs(handle.workflowId),
        () => t.tasks.getHandle(handle.workflowId).result(),
      ];
      for (const attempt of attempts) {
        const err = await attempt().then(
          () => new Error('resolved'),
          (e: unknown) => e,
        );
        expect(err).toBeInstanceOf(TaskNotFoundError);
        expect((err as Error).cause).toBeUndefined();
        expect((err as Error).message).not.toMatch(/SECRET/);
      }
      // Untouched: the same run, in the same state, with no abort request recorded and no new run started.
      const after = await handle.describe();
      expect({ runId: after.runId, status: after.status.name }).toEqual({ runId: before.runId, status: before.status.name });
      const history = await handle.fetchHistory();
      expect(history.events?.some((event) => event.workflowExecutionCancelRequestedEventAttributes || event.workflowExecutionSignaledEventAttributes)).toBe(false);
    }
    expect((await payroll.describe()).status.name).toBe('RUNNING');
  });

  it('a key that another application’s workflow holds is refused, not handed back as a task', async () => {
    for (const handle of [lookalike, unmarked]) {
      const key = handle.workflowId.slice('ledgerEntry/'.length);
      const err = await t.tasks.trigger(LedgerEntryTask, { label: 'mine' }, { id: key }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(InvalidTriggerOptionsError);
      expect((err as Error).message).toMatch(/is taken by a workflow that is not a task of this application/);
      expect((err as Error).message).not.toMatch(/SECRET/);
    }
    expect((await lookalike.describe()).status.name).toBe('RUNNING');
  });

  it('a debounced trigger of a key a foreign workflow runs under is refused before it signals it', async () => {
    const key = lookalike.workflowId.slice('ledgerEntry/'.length);
    const err = await t.tasks.trigger(LedgerEntryTask, { label: 'SECRET-mine' }, { id: key, debounce: { delay: '1s' } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InvalidTriggerOptionsError);
    expect((err as Error).message).toMatch(/is taken by a workflow that is not a task of this application/);
    const history = await lookalike.fetchHistory();
    expect(history.events?.some((event) => event.workflowExecutionSignaledEventAttributes)).toBe(false);
    expect((await lookalike.describe()).status.name).toBe('RUNNING');
  });

  it('list() shows only this application’s tasks, even with a foreign workflow of its type on its queue', async () => {
    const own = await t.tasks.trigger(LedgerEntryTask, { label: 'own' });
    await own.result();
    // Wait until visibility has indexed both, so that a query that let the foreign one through would show it.
    await eventually(async () => ((await indexedRuns(unmarked.workflowId)) === 1 ? true : undefined));
    const ids = await eventually(async () => {
      const page = await t.tasks.list({ pageSize: 1_000 });
      return page.tasks.some((task) => task.id === own.id) ? page.tasks.map((task) => task.id) : undefined;
    });
    expect(ids).not.toContain(unmarked.workflowId);
    expect(ids).not.toContain(lookalike.workflowId);
    expect(ids).not.toContain(payroll.workflowId);
  });

  it('no filter value widens the query: hostile parent ids match nothing and throw nothing', async () => {
    // The unmarked and foreign workflows exist; an injected `OR TaskQueue != ""` would list them.
    await eventually(async () => ((await indexedRuns(payroll.workflowId)) === 1 ? true : undefined));
    for (const parentId of HOSTILE.map((value) => `ledgerEntry/${value}`)) {
      await expect(t.tasks.list({ parentId })).resolves.toEqual({ tasks: [], nextPageToken: undefined });
      await expect(t.tasks.list({ parentId, status: 'running' })).resolves.toEqual({ tasks: [], nextPageToken: undefined });
    }
  });

  it('a hostile definition, a bad status, page size or token are InvalidListOptionsErrors, before any query', async () => {
    for (const definition of HOSTILE) {
      await expect(t.tasks.list({ definition })).rejects.toBeInstanceOf(InvalidListOptionsError);
    }
    const bad = [{ status: 'bogus' }, { pageSize: 0 }, { pageSize: 1.5 }, { pageSize: 1_001 }, { pageSize: '20' }, { nextPageToken: "' OR 1=1" }, { parentId: 'ledgerEntry/a\nb' }, { parentId: '' }];
    for (const options of bad) {
      const err = await t.tasks.list(options as never).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(InvalidListOptionsError);
      expect((err as InvalidListOptionsError).problems).toHaveLength(1);
    }
    await expect(t.tasks.list({ status: 'bogus' as never })).rejects.toThrow(/status "bogus" is not a task status: use one of 'pending', 'running'/);
  });

  it('keys with backslashes, quotes and dashes trigger, list by parent and delete every run; control characters are refused', async () => {
    // All keys at once: Temporal deletes asynchronously (up to about 20 s a run on the dev server).
    await Promise.all(
      HOSTILE.map(async (key) => {
        const parent = await t.tasks.trigger(LedgerEntryTask, { label: key, fail: true }, { id: key });
        expect(parent.id).toBe(`ledgerEntry/${key}`);
        await expect(parent.result()).rejects.toBeInstanceOf(TaskFailedError);
        const child = await t.tasks.trigger(LedgerEntryTask, { label: 'child' }, { parentId: parent.id });
        await child.result();
        const children = await eventually(async () => {
          const { tasks } = await t.tasks.list({ parentId: parent.id });
          return tasks.length > 0 ? tasks : undefined;
        });
        expect(children.map((task: TaskSummary) => task.id)).toEqual([child.id]);

        // A second run of the same id, then delete(): both runs go, not only the latest.
        const again = await t.tasks.retry(parent.id);
        await expect(again.result()).rejects.toBeInstanceOf(TaskFailedError);
        await eventually(async () => ((await indexedRuns(parent.id)) === 2 ? true : undefined), 20_000, `both runs of ${parent.id} indexed`);
        await t.tasks.delete(parent.id);
        for (const runId of [parent.runId!, again.runId!]) {
          await eventually(
            async () => ((await client.workflow.getHandle(parent.id, runId).describe().catch((err: unknown) => err)) instanceof Error ? true : undefined),
            // Temporal deletes asynchronously; on a loaded 2-core machine the dev server has taken over 90 s.
            180_000,
            `run ${runId} of ${parent.id} deleted`,
          );
        }
      }),
    );
    for (const key of ['line\nbreak', 'nul\0', 'tab\there', 'del\x7f']) {
      await expect(t.tasks.trigger(LedgerEntryTask, { label: 'x' }, { id: key })).rejects.toBeInstanceOf(InvalidTriggerOptionsError);
      await expect(t.tasks.get(`ledgerEntry/${key}`)).rejects.toBeInstanceOf(InvalidTaskIdError);
    }
  }, 300_000);
});
