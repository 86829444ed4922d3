import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import {
  InvalidTaskOutcomeError,
  TaskAbortedError,
  TaskFailedError,
  TaskInputNotSerializableError,
  UnknownTaskDefinitionError,
} from '../../src';
import {
  AlwaysFailsTask,
  EntriesService,
  FlakyTask,
  ImportCsvTask,
  RejectsInputTask,
  ReturnsGarbageTask,
  BadOutputTask,
  SelfAbortTask,
  TwoOutcomesTask,
} from '../fixtures/outcome-tasks';
import { createTaskTestApp, temporalClient, temporalView, type TaskTestApp } from '../support/task-test-app';

describe('Controller outcomes on a real Temporal server', () => {
  let t: TaskTestApp;
  let client: Client;
  let closeClient: () => Promise<void>;

  beforeAll(async () => {
    t = await createTaskTestApp([
      EntriesService,
      ImportCsvTask,
      FlakyTask,
      AlwaysFailsTask,
      RejectsInputTask,
      SelfAbortTask,
      ReturnsGarbageTask,
      TwoOutcomesTask,
          BadOutputTask,
    ]);
    ({ client, close: closeClient } = await temporalClient());
  });

  afterAll(async () => {
    await t?.app.close();
    await closeClient?.();
  });

  it('success(output) completes the workflow with that output, through a provider with injected dependencies', async () => {
    const task = await t.tasks.trigger(ImportCsvTask, { rows: ['a', 'b'] });
    const output = await task.result();
    expect(output).toEqual({ imported: 2 });
    expect(task.id).toMatch(/^importCsv\//);
    expect(t.app.get(EntriesService).saved).toEqual(['a', 'b']);

    const view = await temporalView(client, task.id);
    expect(view.status).toBe('COMPLETED');
    expect(view.activityAttempts).toEqual([1]);
    expect(await client.workflow.getHandle(task.id).result()).toEqual({ imported: 2 });
    const description = await client.workflow.getHandle(task.id).describe();
    expect(description.type).toBe('importCsv');
    expect(description.taskQueue).toBe(t.taskQueue);
  });

  it("starts the workflow with the task's input alone, and writes the history a hand-written one-activity workflow does", async () => {
    const task = await t.tasks.trigger(ImportCsvTask, { rows: ['a'] });
    await task.result();
    const events = (await client.workflow.getHandle(task.id).fetchHistory()).events ?? [];
    expect(events.map((event) => String(temporal.api.enums.v1.EventType[event.eventType ?? 0]).replace(/^EVENT_TYPE_/, ''))).toEqual([
      'WORKFLOW_EXECUTION_STARTED',
      'WORKFLOW_TASK_SCHEDULED',
      'WORKFLOW_TASK_STARTED',
      'WORKFLOW_TASK_COMPLETED',
      'ACTIVITY_TASK_SCHEDULED',
      'ACTIVITY_TASK_STARTED',
      'ACTIVITY_TASK_COMPLETED',
      'WORKFLOW_TASK_SCHEDULED',
      'WORKFLOW_TASK_STARTED',
      'WORKFLOW_TASK_COMPLETED',
      'WORKFLOW_EXECUTION_COMPLETED',
    ]);
    const { memo } = await client.workflow.getHandle(task.id).describe();
    // Its settings, where they differ from the defaults, are in the memo; the input is the user's alone.
    expect(memo).toEqual({ taskSettings: { title: 'Import CSV', retry: { initialInterval: '100ms' } } });
    const [input] = await (async () => {
      const started = events[0]?.workflowExecutionStartedEventAttributes?.input?.payloads ?? [];
      return started.map((payload) => JSON.parse(Buffer.from(payload.data ?? []).toString()) as unknown);
    })();
    expect(input).toEqual({ rows: ['a'] });
  });

  it('gives the handler a Context with task id, definition, input, attempt, logger and AbortSignal', async () => {
    const handler = t.app.get(ImportCsvTask);
    handler.contexts = [];
    const task = await t.tasks.trigger('importCsv', { rows: ['x'] });
    await task.result();
    const [context] = handler.contexts;
    expect(context).toMatchObject({ id: task.id, definitionId: 'importCsv', title: 'Import CSV', input: { rows: ['x'] }, attempt: 1, iteration: 1 });
    expect(context?.signal).toBeInstanceOf(AbortSignal);
    expect(context?.isAborted()).toBe(false);
    expect(typeof context?.log.info).toBe('function');
    expect(context?.remainingMs()).toBeGreaterThan(0);
  });

  it('retries a thrown error under the definition retry policy, then succeeds', async () => {
    const task = await t.tasks.trigger(FlakyTask, null);
    await expect(task.result()).resolves.toBe('ok on attempt 3');
    const view = await temporalView(client, task.id);
    expect(view.status).toBe('COMPLETED');
    expect(view.activityAttempts).toEqual([3]);
  });

  it('error(err) is retried until the policy runs out, then the workflow fails with the handler error', async () => {
    const task = await t.tasks.trigger(AlwaysFailsTask, null);
    const error = await task.result().catch((err: unknown) => err);
    expect(error).toBeInstanceOf(TaskFailedError);
    expect(error).toMatchObject({ taskId: task.id, failureMessage: 'disk full', failureType: 'DiskFullError', details: { freeBytes: 0 } });

    const view = await temporalView(client, task.id);
    expect(view.status).toBe('FAILED');
    expect(view.activityAttempts).toEqual([2]);
  });

  it('error(err, { retryable: false }) fails the workflow after one attempt', async () => {
    const task = await t.tasks.trigger(RejectsInputTask, null);
    await expect(task.result()).rejects.toMatchObject({ name: 'TaskFailedError', failureMessage: 'the file is not a CSV' });
    const view = await temporalView(client, task.id);
    expect(view.status).toBe('FAILED');
    expect(view.activityAttempts).toEqual([1]);
  });

  it('abort(reason) ends the workflow canceled, and result() reports the reason', async () => {
    const task = await t.tasks.trigger(SelfAbortTask, null);
    const error = await task.result().catch((err: unknown) => err);
    expect(error).toBeInstanceOf(TaskAbortedError);
    expect(error).toMatchObject({ taskId: task.id, reason: 'nothing left to import' });
    const view = await temporalView(client, task.id);
    expect(view.status).toBe('CANCELLED');
    expect(view.activityAttempts).toEqual([1]);
  });

  it.each([
    ['returns a value that is not an outcome', ReturnsGarbageTask, /returned an object \(imported\) without calling the Controller/],
    ['calls the Controller twice', TwoOutcomesTask, /called twice in one iteration \(success, then success\)/],
    ['succeeds with an output Temporal cannot store', BadOutputTask, /output.report is an instance of Map/],
  ])('a handler that %s fails at once with InvalidTaskOutcomeError', async (_, definition, message) => {
    const task = await t.tasks.trigger(definition, null);
    const error = await task.result().catch((err: unknown) => err);
    expect(error).toBeInstanceOf(TaskFailedError);
    expect((error as TaskFailedError).failureType).toBe(InvalidTaskOutcomeError.name);
    expect((error as TaskFailedError).failureMessage).toMatch(message);
    const view = await temporalView(client, task.id);
    expect(view.status).toBe('FAILED');
    expect(view.activityAttempts).toEqual([1]);
  });

  it('refuses an unknown definition at trigger time and starts nothing', async () => {
    const key = `unknown-${t.taskQueue}`;
    const error = await t.tasks.trigger('importCvs', { rows: [] }, { id: key }).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(UnknownTaskDefinitionError);
    expect((error as Error).message).toContain('"importCvs"');
    expect((error as Error).message).toContain('"importCsv"');
    // No workflow of the id the trigger would have started (describe reads it directly: no visibility lag).
    await expect(client.workflow.getHandle(`importCvs/${key}`).describe()).rejects.toBeInstanceOf(WorkflowNotFoundError);
  });

  it('refuses an input Temporal cannot store, naming where it is, and starts nothing', async () => {
    const input = { rows: ['a'], when: new Map() };
    const error = await t.tasks.trigger('importCsv', input, { id: `map-${t.taskQueue}` }).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(TaskInputNotSerializableError);
    expect((error as Error).message).toContain('input.when is an instance of Map');
    await expect(t.tasks.trigger('importCsv', { rows: [() => 1] }, { id: `function-${t.taskQueue}` })).rejects.toThrow('input.rows[0] is a function');
    // No workflow of either id the triggers would have started.
    for (const key of [`map-${t.taskQueue}`, `function-${t.taskQueue}`]) {
      await expect(client.workflow.getHandle(`importCsv/${key}`).describe()).rejects.toBeInstanceOf(WorkflowNotFoundError);
    }
  });
});
