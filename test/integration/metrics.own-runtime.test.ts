import { Logger } from '@nestjs/common';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { TASK_METRICS, TaskAbortedError, TaskFailedError } from '../../src';
import { CountToTask } from '../fixtures/iteration-tasks';
import { SendReportTask } from '../fixtures/management-tasks';
import { AlwaysFailsTask } from '../fixtures/outcome-tasks';
import { createTaskTestApp, eventually, type TaskTestApp } from '../support/task-test-app';
import { freePort } from '../support/free-port';

// This file installs the SDK runtime itself (see test/support/setup-runtime.ts): it runs in a process of its own.


async function scrape(port: number): Promise<string> {
  const response = await fetch(`http://127.0.0.1:${port}/metrics`);
  expect(response.status).toBe(200);
  return response.text();
}

/** The value of a Prometheus sample whose name matches and whose labels include all of `labels`. */
function sample(text: string, name: RegExp, labels: Record<string, string>): number | undefined {
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][\w:]*)(\{[^}]*\})? ([\d.e+-]+)$/.exec(line.trim());
    if (!match || !name.test(match[1]!)) continue;
    const has = Object.entries(labels).every(([key, value]) => (match[2] ?? '').includes(`${key}="${value}"`));
    if (has) return Number(match[3]);
  }
  return undefined;
}

/** Runs one task to each end: success over two iterations, failure, abort. */
async function runEachOutcome(t: TaskTestApp): Promise<void> {
  await expect(t.tasks.triggerAndWait(CountToTask, { to: 2 })).resolves.toEqual({ counted: 2 });
  await expect(t.tasks.triggerAndWait(AlwaysFailsTask, undefined)).rejects.toBeInstanceOf(TaskFailedError);
  const slow = await t.tasks.trigger(SendReportTask, { to: 'x@example.com', ms: 30_000 });
  await eventually(async () => ((await t.tasks.get(slow.id)).status === 'running' ? true : undefined), 20_000, 'the task to run');
  await t.tasks.abort(slow.id);
  await expect(slow.result()).rejects.toBeInstanceOf(TaskAbortedError);
}

describe('metrics with telemetry: { metrics }', () => {
  it("exports the SDK's metrics and the library's own at the Prometheus endpoint, with the Runner's logger in the same runtime", async () => {
    const port = await freePort();
    const warnings = vi.spyOn(Logger.prototype, 'warn');
    const t = await createTaskTestApp([CountToTask, AlwaysFailsTask, SendReportTask], { telemetry: { metrics: { prometheus: { bindAddress: `127.0.0.1:${port}` } } } });
    try {
      // The runtime the library installed carries its Nest logger too (the SDK allows one install: both go in together).
      Runtime.instance().logger.warn('probe from the SDK runtime');
      expect(warnings.mock.contexts.some((logger) => (logger as unknown as { context?: string }).context === 'Temporal')).toBe(true);
      expect(warnings.mock.calls.some(([message]) => message === 'probe from the SDK runtime')).toBe(true);

      await runEachOutcome(t);
      const text = await eventually(async () => {
        const scraped = await scrape(port);
        return sample(scraped, /tasks_aborted/, { task_definition: 'sendReport' }) === 1 ? scraped : undefined;
      }, 20_000, 'the abort to be counted');

      // The SDK's own metrics: worker slots, polls, workflow and activity latencies.
      expect(text).toMatch(/^temporal_worker_task_slots_available\{/m);
      expect(text).toMatch(/^temporal_activity_execution_latency_(bucket|count)\{/m);
      expect(text).toMatch(/^temporal_workflow_completed\{/m);

      // The library's, by definition.
      // Named as given (the Prometheus exporter prefixes only the SDK's own), tagged like the SDK's.
      expect(sample(text, /^tasks_triggered$/, { task_definition: 'countTo', namespace: 'default', taskQueue: t.taskQueue })).toBe(1);
      expect(sample(text, /^tasks_triggered$/, { task_definition: 'alwaysFails' })).toBe(1);
      expect(sample(text, /^tasks_succeeded$/, { task_definition: 'countTo' })).toBe(1);
      expect(sample(text, /^tasks_failed$/, { task_definition: 'alwaysFails' })).toBe(1);
      expect(sample(text, /^tasks_aborted$/, { task_definition: 'sendReport' })).toBe(1);
      expect(sample(text, /^tasks_succeeded$/, { task_definition: 'alwaysFails' })).toBeUndefined();
      // One duration per attempt: two iterations of countTo, two failed attempts of alwaysFails.
      expect(sample(text, /^task_iteration_duration_count$/, { task_definition: 'countTo', outcome: 'continue' })).toBe(1);
      expect(sample(text, /^task_iteration_duration_count$/, { task_definition: 'countTo', outcome: 'success' })).toBe(1);
      expect(sample(text, /^task_iteration_duration_count$/, { task_definition: 'alwaysFails', outcome: 'error' })).toBe(2);
      // The exported name is the one the process emits.
      expect(sample(text, new RegExp(`^${TASK_METRICS.triggered}$`), { task_definition: 'countTo' })).toBe(1);
    } finally {
      warnings.mockRestore();
      await t.app.close();
    }
  }, 120_000);

  it("leaves an application's own runtime in place: the option is ignored with a warning, and the library's metrics go to that runtime", async () => {
    // The previous test's app closed its Runner, the runtime's last user, which shut the runtime down.
    const appPort = await freePort();
    const libraryPort = await freePort();
    Runtime.install({ logger: new DefaultLogger('ERROR'), telemetryOptions: { metrics: { prometheus: { bindAddress: `127.0.0.1:${appPort}` } } } });
    const warnings = vi.spyOn(Logger.prototype, 'warn');
    const t = await createTaskTestApp([CountToTask], { telemetry: { metrics: { prometheus: { bindAddress: `127.0.0.1:${libraryPort}` } } } });
    try {
      expect(warnings.mock.calls.some(([message]) => String(message).startsWith('telemetry.metrics is ignored: this process already has a Temporal SDK runtime'))).toBe(true);
      await t.tasks.triggerAndWait(CountToTask, { to: 1 });
      const text = await eventually(async () => {
        const scraped = await scrape(appPort);
        return sample(scraped, /tasks_succeeded/, { task_definition: 'countTo' }) === 1 ? scraped : undefined;
      }, 20_000, "the task's end counted by the application's runtime");
      expect(sample(text, /^tasks_triggered$/, { task_definition: 'countTo' })).toBe(1);
      await expect(fetch(`http://127.0.0.1:${libraryPort}/metrics`)).rejects.toThrow();
    } finally {
      warnings.mockRestore();
      await t.app.close();
    }
  }, 120_000);

  it('serves the endpoint from a client-only process too, from start-up, counting its triggers', async () => {
    const port = await freePort();
    const web = await createTaskTestApp([CountToTask], { runner: false, telemetry: { metrics: { prometheus: { bindAddress: `127.0.0.1:${port}` } } } });
    try {
      expect(sample(await scrape(port), /^tasks_triggered$/, { task_definition: 'countTo' })).toBeUndefined();
      const task = await web.tasks.trigger(CountToTask, { to: 1 });
      await web.tasks.abort(task.id);
      expect(sample(await scrape(port), /^tasks_triggered$/, { task_definition: 'countTo', taskQueue: web.taskQueue })).toBe(1);
    } finally {
      await web.app.close();
    }
  });
});
