import type { Client } from '@temporalio/client';
import { randomUUID } from 'node:crypto';
import {
  InvalidListOptionsError,
  InvalidTriggerManyItemsError,
  InvalidTriggerOptionsError,
  TASK_TAGS_SEARCH_ATTRIBUTE,
  TaskAlreadyExistsError,
  TaskInputValidationError,
  TaskNotFoundError,
} from '../../src';
import { TASK_DEFINITION_SEARCH_ATTRIBUTE } from '../../workflows/task-workflow.types';
import { queryString } from '../../src/service/task-query';
import { CampaignMailTask } from '../fixtures/trigger-control-tasks';
import { createTaskTestApp, eventually, temporalClient, type TaskTestApp } from '../support/task-test-app';

/** Many at once, at most one, tags, counts and bulk actions: each checked against Temporal's own record. */
describe('trigger controls and bulk actions, on a real Temporal server', () => {
  let t: TaskTestApp;
  let client: Client;
  let closeClient: () => Promise<void>;

  /** Temporal's runs of a workflow id, oldest first, read from visibility with the raw client. */
  async function runsOf(workflowId: string): Promise<Array<{ runId: string; startTime: Date; status: string }>> {
    const runs: Array<{ runId: string; startTime: Date; status: string }> = [];
    for await (const run of client.workflow.list({ query: `WorkflowId = ${queryString(workflowId)}` })) runs.push({ runId: run.runId, startTime: run.startTime, status: run.status.name });
    return runs.sort((a, b) => a.startTime.getTime() - b.startTime.getTime());
  }

  /** Waits until visibility holds exactly `n` runs of an id. */
  const eventuallyRuns = (workflowId: string, n: number) => eventually(async () => {
    const runs = await runsOf(workflowId);
    return runs.length === n ? runs : undefined;
  }, 30_000, `${n} runs of ${workflowId}`);

  /**
   * Another application's workflow, with our type, mark and a tag, on a queue of its own (no worker polls it, so it
   * stays open): no bulk action may touch it.
   */
  const startForeign = (tag: string) =>
    client.workflow.start('campaignMail', {
      taskQueue: `foreign-${randomUUID().slice(0, 8)}`,
      workflowId: `campaignMail/foreign-${randomUUID()}`,
      args: [{ to: 'foreign@example.com' }],
      typedSearchAttributes: [
        { key: TASK_DEFINITION_SEARCH_ATTRIBUTE, value: 'campaignMail' },
        { key: TASK_TAGS_SEARCH_ATTRIBUTE, value: [tag] },
      ],
    });

  beforeAll(async () => {
    t = await createTaskTestApp([CampaignMailTask]);
    ({ client, close: closeClient } = await temporalClient());
  });

  afterAll(async () => {
    await t?.app.close();
    await closeClient?.();
  });

  describe('triggerMany', () => {
    it('checks every item first, starts the valid ones at a bounded concurrency, and reports each item in order', async () => {
      const key = `welcome-${randomUUID()}`;
      const items = [
        ...Array.from({ length: 12 }, (_, i) => ({ to: `user${i}@example.com` })),
        { to: '' },
        { input: { to: 'keyed@example.com' }, options: { id: key, tags: ['welcome'] } },
        { input: { to: 'bad-options@example.com' }, options: { reuse: 'sometimes' as never } },
      ];
      const results = await t.tasks.triggerMany(CampaignMailTask, items, { concurrency: 4 });
      expect(results.map((r) => r.ok)).toEqual([...Array(12).fill(true), false, true, false]);
      const refused = results.filter((r) => !r.ok).map((r) => (r.ok ? undefined : r.error));
      expect(refused[0]).toBeInstanceOf(TaskInputValidationError);
      expect(refused[1]).toBeInstanceOf(InvalidTriggerOptionsError);
      const keyed = results[13]!;
      expect(keyed.ok && keyed.handle.id).toBe(`campaignMail/${key}`);
      // Temporal's record: one run per started item, each with its own input, and the keyed one carries its tag.
      for (const [i, result] of results.entries()) {
        if (!result.ok) continue;
        await expect(result.handle.result()).resolves.toBe(`mailed ${i === 13 ? 'keyed@example.com' : `user${i}@example.com`}`);
      }
      const described = await client.workflow.getHandle(`campaignMail/${key}`).describe();
      expect(described.typedSearchAttributes.get(TASK_TAGS_SEARCH_ATTRIBUTE)).toEqual(['welcome']);
    });

    it('with allOrNothing, one refused item starts none', async () => {
      const keys = Array.from({ length: 3 }, () => `all-or-nothing-${randomUUID()}`);
      const items = keys.map((id, i) => ({ input: { to: i === 2 ? '' : `a${i}@example.com` }, options: { id } }));
      const err = await t.tasks.triggerMany(CampaignMailTask, items, { allOrNothing: true }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(InvalidTriggerManyItemsError);
      expect((err as InvalidTriggerManyItemsError).errors.map(({ index }) => index)).toEqual([2]);
      for (const id of keys) await expect(client.workflow.getHandle(`campaignMail/${id}`).describe()).rejects.toThrow();
    });

    it('refuses a concurrency out of range before anything', async () => {
      await expect(t.tasks.triggerMany(CampaignMailTask, [{ to: 'x@example.com' }], { concurrency: 0 })).rejects.toBeInstanceOf(InvalidTriggerOptionsError);
    });
  });

  describe('what an existing key means', () => {
    it("reuse: 'afterClose' is one at a time: a trigger while it runs gets the running task, one after it ends starts a new run", async () => {
      const id = `singleton-${randomUUID()}`;
      const first = await t.tasks.trigger(CampaignMailTask, { to: 'a@example.com', holdMs: 2_000 }, { id, reuse: 'afterClose' });
      // Five triggers at once while it runs: all get the same run.
      const during = await Promise.all(Array.from({ length: 5 }, () => t.tasks.trigger(CampaignMailTask, { to: 'b@example.com' }, { id, reuse: 'afterClose' })));
      const failing = await t.tasks.trigger(CampaignMailTask, { to: 'c@example.com' }, { id, reuse: 'afterClose', onConflict: 'fail' }).catch((e: unknown) => e);
      expect(failing).toBeInstanceOf(TaskAlreadyExistsError);
      await expect(first.result()).resolves.toBe('mailed a@example.com');
      for (const handle of during) expect(handle.id).toBe(first.id);
      const again = await t.tasks.trigger(CampaignMailTask, { to: 'd@example.com' }, { id, reuse: 'afterClose' });
      await expect(again.result()).resolves.toBe('mailed d@example.com');
      const runs = await eventuallyRuns(first.id, 2);
      expect(runs.map((run) => run.status)).toEqual(['COMPLETED', 'COMPLETED']);
    });

    it("reuse: 'never' (the default) keeps an ended task's key; onConflict: 'fail' says so", async () => {
      const id = `never-${randomUUID()}`;
      const first = await t.tasks.trigger(CampaignMailTask, { to: 'a@example.com' }, { id });
      await first.result();
      const again = await t.tasks.trigger(CampaignMailTask, { to: 'b@example.com' }, { id });
      await expect(again.result()).resolves.toBe('mailed a@example.com');
      await expect(t.tasks.trigger(CampaignMailTask, { to: 'b@example.com' }, { id, onConflict: 'fail' })).rejects.toBeInstanceOf(TaskAlreadyExistsError);
      await eventuallyRuns(first.id, 1);
    });

    it("reuse: 'afterFailure' starts again after a failure, not after a success", async () => {
      const failedKey = `after-failure-${randomUUID()}`;
      const failed = await t.tasks.trigger(CampaignMailTask, { to: 'f@example.com', fail: true }, { id: failedKey, reuse: 'afterFailure' });
      await expect(failed.result()).rejects.toThrow(/refused/);
      const rerun = await t.tasks.trigger(CampaignMailTask, { to: 'g@example.com' }, { id: failedKey, reuse: 'afterFailure' });
      await expect(rerun.result()).resolves.toBe('mailed g@example.com');
      expect((await eventuallyRuns(failed.id, 2)).map((run) => run.status)).toEqual(['FAILED', 'COMPLETED']);

      const okKey = `after-success-${randomUUID()}`;
      const ok = await t.tasks.trigger(CampaignMailTask, { to: 'h@example.com' }, { id: okKey, reuse: 'afterFailure' });
      await ok.result();
      const same = await t.tasks.trigger(CampaignMailTask, { to: 'i@example.com' }, { id: okKey, reuse: 'afterFailure' });
      await expect(same.result()).resolves.toBe('mailed h@example.com');
      await eventuallyRuns(ok.id, 1);
    });

    it('refuses unknown policies before anything', async () => {
      await expect(t.tasks.trigger(CampaignMailTask, { to: 'x@example.com' }, { onConflict: 'replace' as never })).rejects.toBeInstanceOf(InvalidTriggerOptionsError);
      await expect(t.tasks.trigger(CampaignMailTask, { to: 'x@example.com' }, { reuse: 'always' as never })).rejects.toBeInstanceOf(InvalidTriggerOptionsError);
    });
  });

  describe('tags, counts and bulk actions', () => {
    it('refuses tags and filters that no query could match exactly, before anything', async () => {
      for (const tags of [['say "hi"'], ['back\\slash'], [''], 'one' as never, Array.from({ length: 21 }, (_, i) => `t${i}`)]) {
        await expect(t.tasks.trigger(CampaignMailTask, { to: 'x@example.com' }, { tags })).rejects.toBeInstanceOf(InvalidTriggerOptionsError);
        await expect(t.tasks.list({ tags })).rejects.toBeInstanceOf(InvalidListOptionsError);
        await expect(t.tasks.count({ tags })).rejects.toBeInstanceOf(InvalidListOptionsError);
      }
      await expect(t.tasks.list({ createdAfter: new Date('nope') })).rejects.toBeInstanceOf(InvalidListOptionsError);
      await expect(t.tasks.abortMany({ status: 'success' })).rejects.toBeInstanceOf(InvalidListOptionsError);
      await expect(t.tasks.deleteMany({ status: 'running' })).rejects.toBeInstanceOf(InvalidListOptionsError);
      await expect(t.tasks.retryMany({ status: 'success' })).rejects.toBeInstanceOf(InvalidListOptionsError);
    });

    it('list and count by tags and creation time; retryMany retries the failed ones through retry()', async () => {
      const tag = `campaign-${randomUUID().slice(0, 8)}`;
      const before = new Date();
      const results = await t.tasks.triggerMany(CampaignMailTask, [
        ...Array.from({ length: 3 }, (_, i) => ({ input: { to: `fail${i}@example.com`, fail: true }, options: { tags: [tag, 'failing'] } })),
        ...Array.from({ length: 2 }, (_, i) => ({ input: { to: `ok${i}@example.com` }, options: { tags: [tag] } })),
      ]);
      const handles = results.map((r) => (r.ok ? r.handle : undefined)).filter((h) => h !== undefined);
      expect(handles).toHaveLength(5);
      await Promise.allSettled(handles.map((h) => h.result()));
      const ids = handles.map((h) => h.id).sort();

      const listed = await eventually(async () => {
        const page = await t.tasks.list({ tags: [tag], pageSize: 100 });
        return page.tasks.length === 5 ? page.tasks : undefined;
      }, 30_000, 'five tagged tasks');
      expect(listed.map((task) => task.id).sort()).toEqual(ids);
      expect((await t.tasks.list({ tags: [tag, 'failing'] })).tasks).toHaveLength(3);
      expect((await t.tasks.list({ tags: [tag], createdAfter: new Date(Date.now() + 60_000) })).tasks).toHaveLength(0);
      expect((await t.tasks.list({ tags: [tag], createdAfter: before, createdBefore: new Date(Date.now() + 60_000) })).tasks).toHaveLength(5);
      // Visibility indexes a task's end after its start: wait for the ends, which retryMany's status filter reads too.
      const counts = { total: 5, byStatus: { pending: 0, running: 0, waiting: 0, success: 2, failed: 3, aborted: 0 } };
      await eventually(async () => (JSON.stringify(await t.tasks.count({ tags: [tag] })) === JSON.stringify(counts) ? true : undefined), 30_000, 'the five ends indexed');
      expect(await t.tasks.count({ tags: [tag] })).toEqual(counts);
      expect(await t.tasks.count({ tags: [tag], status: 'failed' })).toMatchObject({ total: 3 });

      const retried = await t.tasks.retryMany({ tags: [tag], status: 'failed' });
      expect({ matched: retried.matched, succeeded: retried.succeeded, failed: retried.failed }).toEqual({ matched: 3, succeeded: 3, failed: 0 });
      await Promise.allSettled(retried.handles.map((h) => h.result()));
      // Temporal's record: a second run of each failed task, and none of the succeeded ones.
      const retriedIds = new Set(retried.handles.map((h) => h.id));
      expect(retriedIds.size).toBe(3);
      for (const handle of handles) await eventuallyRuns(handle.id, retriedIds.has(handle.id) ? 2 : 1);
      // The retried runs keep their tags.
      expect((await client.workflow.getHandle(retried.handles[0]!.id).describe()).typedSearchAttributes.get(TASK_TAGS_SEARCH_ATTRIBUTE)).toEqual([tag, 'failing']);
    });

    it("abortMany cancels the selected running tasks in one batch operation, with the reason, and never another application's", async () => {
      const tag = `hold-${randomUUID().slice(0, 8)}`;
      const held = await t.tasks.triggerMany(CampaignMailTask, Array.from({ length: 3 }, (_, i) => ({ input: { to: `h${i}@example.com`, holdMs: 60_000 }, options: { tags: [tag] } })));
      const other = await t.tasks.trigger(CampaignMailTask, { to: 'other@example.com', holdMs: 60_000 }, { tags: ['other'] });
      const foreign = await startForeign(tag);
      try {
        await eventually(async () => ((await t.tasks.count({ tags: [tag], status: 'running' })).total === 3 ? true : undefined), 30_000, 'three running tagged tasks');
        const result = await t.tasks.abortMany({ tags: [tag] }, 'campaign cancelled');
        expect(result).toMatchObject({ state: 'completed', matched: 3, succeeded: 3, failed: 0 });
        expect(result.jobId).toEqual(expect.any(String));
        // Temporal's record of the batch operation itself.
        const job = await client.workflowService.describeBatchOperation({ namespace: 'default', jobId: result.jobId! });
        expect(Number(job.totalOperationCount)).toBe(3);
        for (const r of held) {
          if (!r.ok) throw r.error;
          await expect(r.handle.result()).rejects.toThrow(/campaign cancelled/);
          expect((await client.workflow.getHandle(r.handle.id).describe()).status.name).toBe('CANCELLED');
          expect((await t.tasks.get(r.handle.id)).abortReason).toBe('campaign cancelled');
        }
        expect((await client.workflow.getHandle(other.id).describe()).status.name).toBe('RUNNING');
        expect((await foreign.describe()).status.name).toBe('RUNNING');
        const foreignHistory = await foreign.fetchHistory();
        expect(foreignHistory.events?.some((e) => e.workflowExecutionCancelRequestedEventAttributes || e.workflowExecutionSignaledEventAttributes)).toBe(false);
      } finally {
        await t.tasks.abort(other.id).catch(() => undefined);
        await foreign.terminate('test over').catch(() => undefined);
      }
    });

    it('deleteMany deletes the selected ended tasks in one batch operation, and never a running one or a foreign one', async () => {
      const tag = `done-${randomUUID().slice(0, 8)}`;
      const done = await t.tasks.triggerMany(CampaignMailTask, Array.from({ length: 2 }, (_, i) => ({ input: { to: `d${i}@example.com` }, options: { tags: [tag] } })));
      const running = await t.tasks.trigger(CampaignMailTask, { to: 'r@example.com', holdMs: 60_000 }, { tags: [tag] });
      const foreign = await startForeign(tag);
      await foreign.terminate('ended, as a finished task would be');
      try {
        for (const r of done) if (r.ok) await r.handle.result();
        await eventually(async () => ((await t.tasks.count({ tags: [tag] })).byStatus.success === 2 ? true : undefined), 30_000, 'two ended tagged tasks');
        const result = await t.tasks.deleteMany({ tags: [tag] });
        expect(result).toMatchObject({ state: 'completed', matched: 2, succeeded: 2, failed: 0 });
        for (const r of done) {
          if (!r.ok) throw r.error;
          // Temporal deletes asynchronously: on a loaded machine the dev server has taken over a minute.
          await eventually(async () => (await t.tasks.get(r.handle.id).then(() => undefined, (e: unknown) => e)) as Error | undefined, 150_000, 'deletion').then((e) => expect(e).toBeInstanceOf(TaskNotFoundError));
        }
        expect((await client.workflow.getHandle(running.id).describe()).status.name).toBe('RUNNING');
        expect((await foreign.describe()).status.name).toBe('TERMINATED');
      } finally {
        await t.tasks.abort(running.id).catch(() => undefined);
      }
    }, 360_000);

    it('a parent id visibility cannot match exactly is narrowed first: the batch names its executions', async () => {
      const parent = `campaignMail/say "hi" ${randomUUID().slice(0, 8)}`;
      // Same prefix before the `"`, another parent: a batch on the prefix query alone would abort it too.
      const sibling = `${parent.slice(0, parent.indexOf('"'))}"ho"`;
      const mine = await t.tasks.trigger(CampaignMailTask, { to: 'child@example.com', holdMs: 60_000 }, { parentId: parent });
      const theirs = await t.tasks.trigger(CampaignMailTask, { to: 'cousin@example.com', holdMs: 60_000 }, { parentId: sibling });
      try {
        await eventually(async () => ((await t.tasks.count({ parentId: parent })).byStatus.running === 1 ? true : undefined), 30_000, 'the child indexed');
        await eventually(async () => ((await t.tasks.count({ parentId: sibling })).byStatus.running === 1 ? true : undefined), 30_000, 'the cousin indexed');
        const result = await t.tasks.abortMany({ parentId: parent });
        expect(result).toMatchObject({ state: 'completed', matched: 1, succeeded: 1 });
        await expect(mine.result()).rejects.toThrow();
        expect((await client.workflow.getHandle(mine.id).describe()).status.name).toBe('CANCELLED');
        expect((await client.workflow.getHandle(theirs.id).describe()).status.name).toBe('RUNNING');
      } finally {
        await t.tasks.abort(theirs.id).catch(() => undefined);
      }
    });

    it('a bulk action that selects nothing does nothing', async () => {
      await expect(t.tasks.abortMany({ tags: [`none-${randomUUID().slice(0, 8)}`] })).resolves.toMatchObject({ matched: 0, succeeded: 0 });
    });
  });
});
