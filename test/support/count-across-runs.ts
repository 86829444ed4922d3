import type { Client } from '@temporalio/client';
import { CountToTask } from '../fixtures/iteration-tasks';
import { eventually, type TaskTestApp } from './task-test-app';

export interface CountAcrossRunsBounds {
  /** Fewest workflow runs the task must span (continue-as-new seen in Temporal's own record). */
  minRuns: number;
  /** Bound on any one run's history length: continue-as-new keeps every run near the server's suggestion. */
  maxRunHistoryLength: number;
}

/**
 * The shape of a long task, at any length: CountToTask counts to `to`, one iteration at a time, continuing as new
 * whenever the server suggests it. Every iteration runs once, with the state the one before left; Temporal's record
 * shows the runs (each bounded) and one first-attempt activity execution per iteration across them; the last run
 * still knows the task (its definition, iteration count and trigger time). `npm test` runs it at a few hundred
 * iterations on a server that suggests continue-as-new early (continue-as-new.test.ts); `npm run test:long` at
 * 10 000 on the run's server, with its default limits (iterations.long.test.ts).
 */
export async function expectCountedAcrossRuns(t: TaskTestApp, client: Client, to: number, bounds: CountAcrossRunsBounds): Promise<void> {
  const handler = t.app.get(CountToTask);
  handler.seen = [];
  handler.record = true;
  const task = await t.tasks.trigger(CountToTask, { to });
  try {
    await expect(task.result()).resolves.toEqual({ counted: to });
  } finally {
    handler.record = false;
  }
  expect(handler.seen.map(({ iteration }) => iteration)).toEqual(Array.from({ length: to }, (_, n) => n + 1));
  expect(handler.seen.filter(({ iteration, state }) => ((state as { count: number } | undefined)?.count ?? 0) !== iteration - 1)).toEqual(
    [],
  );

  const runs = [];
  for await (const run of client.workflow.list({ query: `WorkflowId = '${task.id}'` })) runs.push(run);
  expect(runs.length).toBeGreaterThanOrEqual(bounds.minRuns);
  expect(Math.max(...runs.map((run) => run.historyLength))).toBeLessThan(bounds.maxRunHistoryLength);
  const attempts: number[] = [];
  for (const run of runs) {
    const events = (await client.workflow.getHandle(task.id, run.runId).fetchHistory()).events ?? [];
    const scheduled = new Set(
      events
        .filter((event) => event.activityTaskScheduledEventAttributes?.activityType?.name === 'countTo')
        .map((event) => String(event.eventId)),
    );
    for (const event of events) {
      const started = event.activityTaskStartedEventAttributes;
      if (started && scheduled.has(String(started.scheduledEventId))) attempts.push(started.attempt ?? 0);
    }
  }
  expect(attempts.length).toBe(to);
  expect(attempts.filter((attempt) => attempt !== 1)).toEqual([]);

  expect((await client.workflow.getHandle(task.id).describe()).status.name).toBe('COMPLETED');
  // The last run still knows the task: its definition (search attribute) and trigger time (memo).
  const info = await t.tasks.get(task.id);
  expect(info).toMatchObject({ definitionId: 'countTo', status: 'success', iterations: to });
  const listed = await eventually(async () =>
    (await t.tasks.list({ definition: 'countTo', status: 'success', pageSize: 100 })).tasks.find((x) => x.id === task.id),
  );
  expect(listed.createdAt).toEqual(info.createdAt);
}
