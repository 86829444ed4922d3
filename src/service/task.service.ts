import { Injectable, type Type } from '@nestjs/common';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { randomUUID } from 'node:crypto';
import { abortReasonSignal } from '../../workflows/task-workflow.messages';
import type { TaskWorkflowInput } from '../../workflows/task-workflow.types';
import { TasksClient } from '../client/tasks-client';
import { SearchAttributesMissingError } from '../errors/search-attributes-missing.error';
import { UnknownTaskDefinitionError } from '../errors/unknown-task-definition.error';
import { TaskHandle } from '../task-handle';
import { TaskRegistry } from '../task.registry';
import { TASK_DEFINITION_SEARCH_ATTRIBUTE, TASK_SEARCH_ATTRIBUTES } from '../tasks.constants';
import type { ResolvedTaskDefinition, TaskHandler, TaskInputOf, TaskOutputOf } from '../task.interfaces';
import { assertSerializable } from './assert-serializable';
import type { TaskTriggerOptions } from './task-trigger.options';

/** Triggers tasks and follows them. Inject it anywhere in the application. */
@Injectable()
export class TaskService {
  constructor(
    private readonly temporal: TasksClient,
    private readonly registry: TaskRegistry,
  ) {}

  /**
   * Starts a task of a definition, given by its class (input and output types follow from the class) or its id.
   * Unknown definitions and inputs Temporal cannot store are refused before anything is started.
   */
  trigger<H extends { run(...args: never[]): unknown }>(definition: Type<H>, input: TaskInputOf<H>, options?: TaskTriggerOptions): Promise<TaskHandle<TaskOutputOf<H>>>;
  trigger<O = unknown>(definitionId: string, input?: unknown, options?: TaskTriggerOptions): Promise<TaskHandle<O>>;
  async trigger(definition: string | Type<TaskHandler>, input?: unknown, options: TaskTriggerOptions = {}): Promise<TaskHandle> {
    const resolved = this.resolve(definition);
    assertSerializable(resolved.id, input);
    const taskId = `${resolved.id}/${options.id ?? randomUUID()}`;
    const args: TaskWorkflowInput = {
      definitionId: resolved.id,
      title: resolved.title,
      input,
      activity: {
        retry: resolved.retry,
        startToCloseTimeout: resolved.timeout,
        heartbeatTimeout: resolved.heartbeatTimeout,
      },
      maxIterations: resolved.maxIterations,
      triggeredAt: new Date().toISOString(),
    };
    const { client, taskQueue, namespace } = this.temporal;
    try {
      const handle = await client.workflow.start(resolved.id, {
        workflowId: taskId,
        taskQueue,
        args: [args],
        startDelay: options.delay,
        staticSummary: resolved.title,
        typedSearchAttributes: [{ key: TASK_DEFINITION_SEARCH_ATTRIBUTE, value: resolved.id }],
        // Idempotency: a key seen before returns that task, running (USE_EXISTING) or finished (REJECT_DUPLICATE).
        workflowIdConflictPolicy: 'USE_EXISTING',
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
      });
      return new TaskHandle(client, taskId, resolved.id, handle.firstExecutionRunId);
    } catch (err) {
      if (err instanceof WorkflowExecutionAlreadyStartedError) {
        const description = await client.workflow.getHandle(taskId).describe();
        return new TaskHandle(client, taskId, resolved.id, description.runId);
      }
      if (err instanceof Error && /search attribute/i.test(err.message)) {
        throw new SearchAttributesMissingError(namespace, Object.keys(TASK_SEARCH_ATTRIBUTES), err);
      }
      throw err;
    }
  }

  /**
   * Asks a running task to stop: its workflow ends canceled (status `aborted`). The running iteration's signal
   * aborts within about a heartbeat interval, whether or not the handler heartbeats itself. Returns once the
   * request is recorded; `result()` then throws `TaskAbortedError` with the reason.
   */
  async abort(taskId: string, reason?: string): Promise<void> {
    const handle = this.temporal.client.workflow.getHandle(taskId);
    if (reason !== undefined) await handle.signal(abortReasonSignal, reason);
    await handle.cancel();
  }

  /** A handle to an existing task, by id, to wait for its result. */
  getHandle<O = unknown>(taskId: string): TaskHandle<O> {
    const definitionId = taskId.slice(0, taskId.indexOf('/'));
    return new TaskHandle<O>(this.temporal.client, taskId, definitionId);
  }

  /** The definitions this application declares. */
  definitions(): Array<Pick<ResolvedTaskDefinition, 'id' | 'title' | 'description' | 'maxIterations'>> {
    return this.registry.all().map(({ id, title, description, maxIterations }) => ({ id, title, description, maxIterations }));
  }

  private resolve(definition: string | Type<TaskHandler>): ResolvedTaskDefinition {
    if (typeof definition === 'string') return this.registry.get(definition);
    const found = this.registry.findByClass(definition);
    if (!found) throw new UnknownTaskDefinitionError(definition.name, this.registry.ids());
    return found;
  }
}
