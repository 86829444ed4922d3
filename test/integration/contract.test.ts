import type { Client } from '@temporalio/client';
import { InvalidTaskOutcomeError, TaskFailedError, TaskPayloadTooLargeError } from '../../src';
import { ContractBreakerTask, type ContractMistake } from '../fixtures/contract-tasks';
import { createTaskTestApp, temporalClient, temporalView, type TaskTestApp } from '../support/task-test-app';

/**
 * A handler that breaks the Controller's contract must never pass as success, nor be retried into the same
 * mistake: the task fails at once, in Temporal's own record, with an error that says how to fix the handler.
 */
describe('the Controller contract, on a real Temporal server', () => {
  let t: TaskTestApp;
  let client: Client;
  let closeClient: () => Promise<void>;

  beforeAll(async () => {
    t = await createTaskTestApp([ContractBreakerTask]);
    ({ client, close: closeClient } = await temporalClient());
  });

  afterAll(async () => {
    await t?.app.close();
    await closeClient?.();
  });

  it.each<[ContractMistake, RegExp]>([
    ['forgetSuccess', /called controller\.success\(\.\.\.\) but returned nothing: return the Controller's result/],
    ['forgetError', /called controller\.error\(\.\.\.\) but returned nothing/],
    ['forgetContinue', /called controller\.continue\(\.\.\.\) but returned nothing/],
    ['forgetAbort', /called controller\.abort\(\.\.\.\) but returned nothing/],
    ['returnNothing', /returned nothing without calling the Controller: end every iteration with `return controller\.success\(output\)`/],
    ['delayNotADuration', /delay: "soon" \}\): the delay is not a duration/],
    ['delayNegative', /delay: -5 \}\): the delay must be zero or more/],
  ])('%s fails the task at once with InvalidTaskOutcomeError, in one attempt', async (mistake, message) => {
    const task = await t.tasks.trigger(ContractBreakerTask, { mistake });
    const error = await task.result().catch((err: unknown) => err);
    expect(error).toBeInstanceOf(TaskFailedError);
    expect(error).toMatchObject({ failureType: InvalidTaskOutcomeError.name });
    expect((error as TaskFailedError).failureMessage).toMatch(message);

    const view = await temporalView(client, task.id);
    expect(view.status).toBe('FAILED');
    expect(view.activityAttempts).toEqual([1]);
    expect(t.app.get(ContractBreakerTask).runs.get(task.id)).toBe(1);
    expect((await t.tasks.get(task.id)).error).toMatchObject({ type: InvalidTaskOutcomeError.name, retryable: false });
  });

  it.each<[ContractMistake, string]>([
    ['outputTooLarge', 'output'],
    ['stateTooLarge', 'state'],
  ])('%s: an iteration whose %s is over the payload limit fails at once with TaskPayloadTooLargeError, instead of failing every retry', async (mistake, part) => {
    const task = await t.tasks.trigger(ContractBreakerTask, { mistake });
    const error = await task.result().catch((err: unknown) => err);
    expect(error).toMatchObject({ failureType: TaskPayloadTooLargeError.name });
    expect((error as TaskFailedError).failureMessage).toMatch(new RegExp(`The ${part} of task "contractBreaker" is 3\\.\\d\\d MiB .* over the limit of 2\\.00 MiB`));
    expect((await temporalView(client, task.id)).activityAttempts).toEqual([1]);
    expect(await t.tasks.get(task.id)).toMatchObject({ status: 'failed', attempts: 1 });
  });

  it.each<[ContractMistake, string]>([
    ['throwString', 'the upstream API said no'],
    ['throwObject', 'upstream unavailable'],
  ])('%s: a thrown non-Error is retried like any error, and keeps its message, attempts and logs', async (mistake, message) => {
    const task = await t.tasks.trigger(ContractBreakerTask, { mistake });
    const error = await task.result().catch((err: unknown) => err);
    expect(error).toMatchObject({ failureMessage: message, failureType: 'NonErrorThrown' });

    const view = await temporalView(client, task.id);
    expect(view.activityAttempts).toEqual([3]);
    const info = await t.tasks.get(task.id);
    expect(info).toMatchObject({ status: 'failed', attempts: 3, error: { message, type: 'NonErrorThrown', retryable: true } });
    // The last attempt's lines travel with its failure, so they are durable.
    expect((await t.tasks.logs(task.id)).map((entry) => `${entry.attempt}: ${entry.message}`)).toContain(`3: attempt 3 makes the mistake ${mistake}`);
  });
});
