import { Logger } from '@nestjs/common';
import { EventEmitter2, EventEmitterModule } from '@nestjs/event-emitter';
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { randomUUID } from 'node:crypto';
import { EventEmitterMissingError, InvalidTaskDefinitionError, Task, type TaskHandler, type TaskRun } from '../../src';
import { IndexEntryTask, ReceivedInputs, WelcomeUserTask, type EntryCreated, type UserSignedUp } from '../fixtures/event-tasks';
import { createTaskTestApp, eventually, temporalClient, type TaskTestApp } from '../support/task-test-app';

describe('Event-driven triggers on a real Temporal server', () => {
  let t: TaskTestApp;
  let emitter: EventEmitter2;
  let client: Client;
  let closeClient: () => Promise<void>;

  beforeAll(async () => {
    t = await createTaskTestApp([ReceivedInputs, IndexEntryTask, WelcomeUserTask], { imports: [EventEmitterModule.forRoot()] });
    emitter = t.app.get(EventEmitter2);
    ({ client, close: closeClient } = await temporalClient());
  });

  afterAll(async () => {
    await t?.app.close();
    await closeClient?.();
  });

  /** The workflows of a definition on this test's task queue, as Temporal's visibility lists them. */
  async function workflowsOf(definitionId: string, extra = ''): Promise<string[]> {
    const ids: string[] = [];
    for await (const workflow of client.workflow.list({ query: `TaskDefinition = '${definitionId}' AND TaskQueue = '${t.taskQueue}'${extra}` })) {
      ids.push(workflow.workflowId);
    }
    return ids;
  }

  it('an emitted event triggers a task with the payload as input, which completes', async () => {
    const payload: EntryCreated = { entryId: randomUUID(), title: 'Hello' };
    emitter.emit('entry.created', payload);

    const task = await eventually(async () => (await t.tasks.list({ definition: 'indexEntry' })).tasks[0], 20_000, 'the event-triggered task');
    expect(task.id).toMatch(/^indexEntry\//);
    await expect(t.tasks.getHandle(task.id).result()).resolves.toEqual({ indexed: payload.entryId });
    const info = await t.tasks.get(task.id);
    expect(info).toMatchObject({ definitionId: 'indexEntry', status: 'success', input: payload, output: { indexed: payload.entryId } });
    expect(t.app.get(ReceivedInputs).inputs).toContainEqual(payload);

    // Temporal's own view: the workflow is listed under the definition's search attribute, and completed.
    expect(await eventually(async () => ((await workflowsOf('indexEntry')).includes(task.id) ? true : undefined))).toBe(true);
    const description = await client.workflow.getHandle(task.id).describe();
    expect(description.status.name).toBe('COMPLETED');
    expect(description.type).toBe('indexEntry');
    expect(description.taskQueue).toBe(t.taskQueue);
  });

  it('map turns the payload into the input and key makes the task id, so the same event twice makes one task', async () => {
    const userId = randomUUID();
    const payload: UserSignedUp = { id: userId, email: 'ada@example.com', signedUpAt: new Date() };
    // Twice at once, then once more after: every trigger lands on the one task the key names.
    emitter.emit('user.signedUp', payload);
    emitter.emit('user.signedUp', payload);
    await emitter.emitAsync('user.signedUp', payload);

    const taskId = `welcomeUser/user-${userId}`;
    await expect(t.tasks.getHandle(taskId).result()).resolves.toBe(`welcome ${userId}`);
    await emitter.emitAsync('user.signedUp', payload);
    const info = await t.tasks.get(taskId);
    expect(info).toMatchObject({ id: taskId, status: 'success', input: { userId } });
    expect(t.app.get(ReceivedInputs).inputs.filter((input) => JSON.stringify(input) === JSON.stringify({ userId }))).toHaveLength(1);

    expect(await eventually(async () => ((await workflowsOf('welcomeUser')).includes(taskId) ? true : undefined))).toBe(true);
    expect((await client.workflow.count(`WorkflowId = '${taskId}'`)).count).toBe(1);
    expect((await client.workflow.getHandle(taskId).describe()).status.name).toBe('COMPLETED');
  });

  it('a trigger that fails is logged with the event and definition, and never reaches the emitter', async () => {
    const errors = vi.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    try {
      const bad: UserSignedUp = { id: '', email: 'nobody@example.com', signedUpAt: new Date() };
      // The schema refuses an empty userId: nothing is started, and emitAsync still resolves.
      await expect(emitter.emitAsync('user.signedUp', bad)).resolves.toBeDefined();
      expect(() => emitter.emit('user.signedUp', bad)).not.toThrow();
      await eventually(() => (errors.mock.calls.length >= 2 ? true : undefined), 5_000, 'the logged trigger failures');
      const [message] = errors.mock.calls[0] as [string];
      expect(message).toContain('Event "user.signedUp"');
      expect(message).toContain('"welcomeUser"');
      expect(message).toContain('input.userId');
      // No workflow of the id the refused trigger would have started (describe reads it directly: no visibility lag).
      await expect(client.workflow.getHandle('welcomeUser/user-').describe()).rejects.toBeInstanceOf(WorkflowNotFoundError);
    } finally {
      errors.mockRestore();
    }
    // The application goes on triggering.
    const userId = randomUUID();
    await emitter.emitAsync('user.signedUp', { id: userId, email: 'grace@example.com', signedUpAt: new Date() } satisfies UserSignedUp);
    await expect(t.tasks.getHandle(`welcomeUser/user-${userId}`).result()).resolves.toBe(`welcome ${userId}`);
  });
});

describe('Event-driven triggers: start-up checks', () => {
  it('a definition with events and no EventEmitterModule fails start-up with EventEmitterMissingError', async () => {
    const error = await createTaskTestApp([ReceivedInputs, IndexEntryTask]).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(EventEmitterMissingError);
    expect(error).toMatchObject({ definitionIds: ['indexEntry'], events: ['entry.created'] });
    expect((error as Error).message).toContain('EventEmitterModule.forRoot()');
    expect((error as Error).message).toContain('"indexEntry"');
  });

  it('an application without event triggers needs no EventEmitterModule', async () => {
    @Task({ id: 'quiet' })
    class QuietTask implements TaskHandler {
      run: TaskRun = ({ controller }) => controller.success();
    }
    const t = await createTaskTestApp([QuietTask], { runner: false });
    expect(t.tasks.definitions().map((definition) => definition.id)).toEqual(['quiet']);
    await t.app.close();
  });

  it('an event trigger without an event name fails start-up naming the definition', async () => {
    @Task({ id: 'noEventName', events: [{ event: '' }] })
    class NoEventNameTask implements TaskHandler {
      run: TaskRun = ({ controller }) => controller.success();
    }
    const error = await createTaskTestApp([NoEventNameTask], { imports: [EventEmitterModule.forRoot()] }).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(InvalidTaskDefinitionError);
    expect((error as Error).message).toContain('"noEventName"');
    expect((error as Error).message).toContain('needs an event name');
  });
});
