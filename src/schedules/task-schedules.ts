import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import {
  ScheduleAlreadyRunning,
  ScheduleNotFoundError,
  type ScheduleDescription,
  type ScheduleHandle,
  type ScheduleOptionsStartWorkflowAction,
  type ScheduleSpec,
  type Workflow,
} from '@temporalio/client';
import { ensureSearchAttributes } from '../client/ensure-search-attributes';
import { TasksClient } from '../client/tasks-client';
import { validateTaskInput } from '../definition/validate-task-input';
import { InvalidTaskDefinitionError } from '../errors/invalid-task-definition.error';
import { TaskScheduleNotFoundError } from '../errors/task-schedule-not-found.error';
import { InvalidScheduleOptionsError } from '../errors/invalid-schedule-options.error';
import { TaskScheduleAlreadyExistsError } from '../errors/task-schedule-already-exists.error';
import { msToNumber } from '@temporalio/common/lib/time';
import { TasksError } from '../errors/tasks.error';
import { TemporalUnavailableError } from '../errors/temporal-unavailable.error';
import { assertSerializable } from '../service/assert-serializable';
import { taskSearchAttributes, taskStart, taskStartMemo } from '../service/task-start';
import { TaskRegistry } from '../task.registry';
import type { ResolvedTaskDefinition, TaskScheduleOptions } from '../task.interfaces';
import { resolveScheduleSpec } from './resolve-schedule-spec';
import type { TaskScheduleInfo } from './task-schedule-info';

/** A schedule declared by a definition, checked and ready to be sent to Temporal. */
interface DeclaredSchedule {
  /** `<definitionId>/<id>`: the Temporal Schedule id. */
  scheduleId: string;
  definition: ResolvedTaskDefinition;
  options: TaskScheduleOptions;
  spec: ScheduleSpec;
  /** The declared input after the definition's schema. */
  input: unknown;
}

/**
 * The Temporal Schedules of this application's definitions (`@Task({ schedules })`). Each is created when the
 * application starts, or updated to match the code when it exists already, in every process that configures
 * `TasksModule`: creating and updating are idempotent, so many processes starting at once agree. A schedule removed
 * from the code is not deleted from Temporal (another deployment may still declare it): delete it in the Web UI or
 * with `temporal schedule delete`.
 */
@Injectable()
export class TaskSchedules implements OnApplicationBootstrap {
  private readonly logger = new Logger('TaskSchedules');
  private declared = new Map<string, DeclaredSchedule>();

  constructor(
    private readonly temporal: TasksClient,
    private readonly registry: TaskRegistry,
  ) {}

  /**
   * Checks every declared schedule: its options, and its input against the definition's schema and Temporal's
   * payloads. Called once the definitions are known, before any start-up hook, so a bad schedule stops the
   * application before the Runner connects. Throws `InvalidTaskDefinitionError` naming the definition and schedule.
   */
  async prepare(): Promise<void> {
    const declared = new Map<string, DeclaredSchedule>();
    for (const definition of this.registry.all()) {
      for (const options of definition.schedules) {
        const spec = resolveScheduleSpec(definition.id, options);
        const scheduleId = `${definition.id}/${options.id}`;
        if (declared.has(scheduleId)) {
          throw new InvalidTaskDefinitionError(definition.id, `schedule "${options.id}" is declared twice; give each schedule of a definition its own id.`);
        }
        let input: unknown;
        try {
          input = await validateTaskInput(definition, options.input);
          assertSerializable(definition.id, input);
        } catch (err) {
          if (!(err instanceof TasksError)) throw err;
          throw new InvalidTaskDefinitionError(definition.id, `schedule "${options.id}" has an input its tasks would refuse. ${err.message}`, err);
        }
        declared.set(scheduleId, { scheduleId, definition, options, spec, input });
      }
    }
    this.declared = declared;
  }

  async onApplicationBootstrap(): Promise<void> {
    if (this.declared.size === 0) return;
    try {
      await this.sync();
    } catch (err) {
      // A mistake in the code must stop every process. Temporal being away need not stop a client-only process
      // that was told to start without it (connection.lazy); any other process has checked the server already.
      const { runner, lazy } = this.temporal.options;
      if (!(err instanceof TemporalUnavailableError) || runner !== false || !lazy) throw err;
      this.logger.warn(
        `Could not create or update the schedules ${this.ids().join(', ')} on Temporal: ${err.message} This process is client-only and lazy, so it starts all the same; the next process to start (or TaskSchedules.sync()) tries again.`,
      );
    }
  }

  /** Creates each declared schedule on Temporal, or updates it to match the code. A pause (and its note) is kept. */
  async sync(): Promise<void> {
    await Promise.all([...this.declared.values()].map((schedule) => this.temporal.call('create or update schedules', () => this.upsert(schedule))));
  }

  /**
   * The schedules of this application that exist on Temporal, with their state: those declared in code (missing ones
   * left out), then those created at run time, optionally of one definition. Finding the run-time ones lists the
   * namespace's schedules, then reads each of this application's.
   */
  async list(filter: { definition?: string } = {}): Promise<TaskScheduleInfo[]> {
    const definition = filter?.definition;
    if (definition !== undefined) this.registry.get(definition);
    const declared = [...this.declared.values()].filter((schedule) => definition === undefined || schedule.definition.id === definition);
    const infos = await Promise.all(
      declared.map(async (schedule) => {
        try {
          return toInfo(schedule, await this.temporal.call('list schedules', () => this.temporal.client.schedule.getHandle(schedule.scheduleId).describe()));
        } catch (err) {
          if (err instanceof TasksError && err.cause instanceof ScheduleNotFoundError) return undefined;
          throw err;
        }
      }),
    );
    return [...infos.filter((info): info is TaskScheduleInfo => info !== undefined), ...(await this.runtimeInfos(definition))];
  }

  /**
   * Creates a schedule at run time, with an id of the caller's choosing (a user, a customer): the Temporal Schedule
   * `<definitionId>/<id>`, with the options of `@Task({ schedules })`, checked the same way (the input against the
   * definition's schema). It is marked as made at run time: start-up sync never changes or deletes it. Throws
   * `InvalidScheduleOptionsError`, or `TaskScheduleAlreadyExistsError` when the id is taken (a declared one included).
   */
  async create(definition: ResolvedTaskDefinition, options: TaskScheduleOptions): Promise<TaskScheduleInfo> {
    const { spec, input } = await this.checkRuntime(definition, options);
    const scheduleId = `${definition.id}/${options.id}`;
    if (this.declared.has(scheduleId)) throw new TaskScheduleAlreadyExistsError(scheduleId);
    try {
      await this.temporal.call('create a schedule', () =>
        this.temporal.client.schedule.create({
          scheduleId,
          spec,
          action: scheduleAction(definition, scheduleId, input),
          memo: { [RUNTIME_SCHEDULE_MEMO]: 'runtime' },
          state: { paused: options.paused ?? false, ...(options.paused ? { note: 'Created paused (paused: true)' } : {}) },
        }),
      );
    } catch (err) {
      if (err instanceof TasksError && err.cause instanceof ScheduleAlreadyRunning) throw new TaskScheduleAlreadyExistsError(scheduleId, err.cause);
      throw invalidSpec(definition.id, options.id, err);
    }
    return this.get(scheduleId);
  }

  /**
   * Changes a schedule created at run time: its spec (`cron` or `every`, `timezone`) and input replace the old ones;
   * `paused` pauses or resumes it when given, and the pause is kept otherwise. A schedule declared in code changes
   * with the code alone (`InvalidScheduleOptionsError`).
   */
  async update(scheduleId: string, options: Omit<TaskScheduleOptions, 'id'>): Promise<TaskScheduleInfo> {
    const { definition } = await this.runtimeSchedule(scheduleId, 'update');
    const id = scheduleId.slice(definition.id.length + 1);
    const { spec, input } = await this.checkRuntime(definition, { ...options, id });
    try {
      await this.temporal.call('update a schedule', () =>
        this.temporal.client.schedule.getHandle(scheduleId).update((previous) => ({
          spec,
          action: scheduleAction(definition, scheduleId, input),
          policies: previous.policies,
          state: {
            paused: options.paused ?? previous.state.paused,
            note: options.paused === undefined ? previous.state.note : options.paused ? 'Paused by schedules.update' : 'Resumed by schedules.update',
            remainingActions: previous.state.remainingActions,
          },
        })),
      );
    } catch (err) {
      throw invalidSpec(definition.id, id, err);
    }
    return this.get(scheduleId);
  }

  /** Deletes a schedule created at run time. Tasks it started go on. A schedule declared in code is refused. */
  async delete(scheduleId: string): Promise<void> {
    await this.runtimeSchedule(scheduleId, 'delete');
    await this.withHandle(scheduleId, (handle) => handle.delete());
  }

  /** A schedule of this application, declared or created at run time, with Temporal's state of it. */
  async get(scheduleId: string): Promise<TaskScheduleInfo> {
    const declared = this.declared.get(scheduleId);
    if (declared) return toInfo(declared, await this.describe(scheduleId));
    const { description, definition } = await this.runtimeSchedule(scheduleId);
    return runtimeInfo(scheduleId, definition.id, description);
  }

  /** Pauses a schedule (`<definitionId>/<id>`): it triggers nothing until unpaused. Tasks already running go on. */
  async pause(scheduleId: string, note?: string): Promise<void> {
    await this.withHandle(scheduleId, (handle) => handle.pause(note));
  }

  /** Resumes a paused schedule (`<definitionId>/<id>`) from its next due time; missed times are not made up. */
  async unpause(scheduleId: string, note?: string): Promise<void> {
    await this.withHandle(scheduleId, (handle) => handle.unpause(note));
  }

  /** Triggers a task of the schedule (`<definitionId>/<id>`) now, paused or not, beside any task of it still running. */
  async trigger(scheduleId: string): Promise<void> {
    await this.withHandle(scheduleId, (handle) => handle.trigger());
  }

  /** Ids (`<definitionId>/<id>`) of the schedules this application declares. */
  ids(): string[] {
    return [...this.declared.keys()];
  }

  private async upsert(schedule: DeclaredSchedule, registered = false): Promise<void> {
    const { client, connection, namespace } = this.temporal;
    const { scheduleId, definition, options, spec } = schedule;
    const action = scheduleAction(definition, scheduleId, schedule.input);
    try {
      try {
        await client.schedule.create({
          scheduleId,
          spec,
          action,
          state: { paused: options.paused ?? false, ...(options.paused ? { note: 'Created paused (paused: true in @Task schedules)' } : {}) },
        });
      } catch (err) {
        if (!(err instanceof ScheduleAlreadyRunning)) throw err;
        // Another deployment's (or this one's previous) version: make it match the code, but keep its state, so that
        // a schedule an operator paused stays paused across deployments.
        await client.schedule.getHandle(scheduleId).update((previous) => ({
          spec,
          action,
          policies: previous.policies,
          state: { paused: previous.state.paused, note: previous.state.note, remainingActions: previous.state.remainingActions },
        }));
      }
    } catch (err) {
      // The SDK turns the server's "Invalid schedule spec" into a TypeError: a bad cron expression or time zone.
      if (err instanceof TypeError) {
        throw new InvalidTaskDefinitionError(definition.id, `schedule "${options.id}": Temporal refuses its spec: ${err.message}.`, err);
      }
      if (!registered && /search attribute/i.test(errorMessage(err))) {
        // First use of a namespace: register the library's search attributes, then try once more.
        await ensureSearchAttributes(connection, namespace);
        return this.upsert(schedule, true);
      }
      throw err;
    }
  }

  /** The options of a run-time schedule, checked as a declared one's are, with its errors. */
  private async checkRuntime(definition: ResolvedTaskDefinition, options: TaskScheduleOptions): Promise<{ spec: ScheduleSpec; input: unknown }> {
    const spec = resolveScheduleSpec(definition.id, options, (problem) => new InvalidScheduleOptionsError(definition.id, problem));
    const input = await validateTaskInput(definition, options.input);
    assertSerializable(definition.id, input);
    return { spec, input };
  }

  private describe(scheduleId: string): Promise<ScheduleDescription> {
    return this.temporal.call('read a schedule', () => this.temporal.client.schedule.getHandle(scheduleId).describe()).catch((err: unknown) => {
      if (err instanceof TasksError && err.cause instanceof ScheduleNotFoundError) throw new TaskScheduleNotFoundError(scheduleId, this.ids(), err.cause);
      throw err;
    });
  }

  /**
   * A schedule this application created at run time: its id names a declared definition, it carries the run-time mark,
   * and it starts that definition on one of the application's queues. Anything else in the namespace (another
   * application's schedule) is not found; a declared schedule is refused for `update` and `delete`.
   */
  private async runtimeSchedule(scheduleId: string, change?: 'update' | 'delete'): Promise<{ description: ScheduleDescription; definition: ResolvedTaskDefinition }> {
    if (typeof scheduleId !== 'string') throw new TaskScheduleNotFoundError(String(scheduleId), this.ids());
    const definitionId = scheduleId.slice(0, Math.max(0, scheduleId.indexOf('/')));
    if (change && this.declared.has(scheduleId)) {
      throw new InvalidScheduleOptionsError(definitionId, `schedule "${scheduleId}" is declared in code (@Task({ schedules })): change or remove it there; only schedules made with schedules.create can be ${change}d at run time.`);
    }
    if (!this.registry.ids().includes(definitionId)) throw new TaskScheduleNotFoundError(scheduleId, this.ids());
    const description = await this.describe(scheduleId);
    if (!this.isOwnRuntime(scheduleId, description)) throw new TaskScheduleNotFoundError(scheduleId, this.ids());
    return { description, definition: this.registry.get(definitionId) };
  }

  private isOwnRuntime(scheduleId: string, description: Pick<ScheduleDescription, 'memo' | 'action'>): boolean {
    const { action } = description;
    const queues = new Set([this.temporal.taskQueue, ...this.registry.all().map((definition) => definition.queue)]);
    return (
      description.memo?.[RUNTIME_SCHEDULE_MEMO] === 'runtime' &&
      action.type === 'startWorkflow' &&
      this.registry.ids().includes(action.workflowType) &&
      queues.has(action.taskQueue) &&
      scheduleId.startsWith(`${action.workflowType}/`)
    );
  }

  /** The run-time schedules of this application (of one definition), read from Temporal's list of schedules. */
  private async runtimeInfos(definition: string | undefined): Promise<TaskScheduleInfo[]> {
    const ids = await this.temporal.call('list schedules', async () => {
      const found: string[] = [];
      for await (const summary of this.temporal.client.schedule.list()) {
        const type = summary.action?.type === 'startWorkflow' ? summary.action.workflowType : undefined;
        if (summary.memo?.[RUNTIME_SCHEDULE_MEMO] !== 'runtime' || !type || !this.registry.ids().includes(type)) continue;
        if ((definition === undefined || type === definition) && summary.scheduleId.startsWith(`${type}/`)) found.push(summary.scheduleId);
      }
      return found;
    });
    const infos = await Promise.all(
      ids.map(async (scheduleId) => {
        const description = await this.describe(scheduleId).catch((err: unknown) => {
          if (err instanceof TaskScheduleNotFoundError) return undefined;
          throw err;
        });
        if (!description || !this.isOwnRuntime(scheduleId, description) || description.action.type !== 'startWorkflow') return undefined;
        return runtimeInfo(scheduleId, description.action.workflowType, description);
      }),
    );
    return infos.filter((info): info is TaskScheduleInfo => info !== undefined);
  }

  private async withHandle(scheduleId: string, operation: (handle: ScheduleHandle) => Promise<void>): Promise<void> {
    if (!this.declared.has(scheduleId)) await this.runtimeSchedule(scheduleId);
    try {
      await this.temporal.call('change a schedule', () => operation(this.temporal.client.schedule.getHandle(scheduleId)));
    } catch (err) {
      if (err instanceof TasksError && err.cause instanceof ScheduleNotFoundError) throw new TaskScheduleNotFoundError(scheduleId, this.ids(), err.cause);
      throw err;
    }
  }
}

function toInfo({ scheduleId, definition, options, spec }: DeclaredSchedule, description: ScheduleDescription): TaskScheduleInfo {
  const nextRunAt = description.state.paused ? undefined : description.info.nextActionTimes[0];
  return {
    id: scheduleId,
    definitionId: definition.id,
    origin: 'code',
    paused: description.state.paused,
    ...(description.state.note ? { note: description.state.note } : {}),
    ...(spec.cronExpressions ? { cron: spec.cronExpressions, timezone: spec.timezone } : { every: options.every }),
    ...(nextRunAt ? { nextRunAt } : {}),
    recentTaskIds: description.info.recentActions.map((action) => action.action.workflow.workflowId).reverse(),
  };
}

/** Memo key of a schedule made by `schedules.create`: start-up sync leaves such schedules alone. */
export const RUNTIME_SCHEDULE_MEMO = 'nestjsTemporalTasksSchedule';

/** The action of a schedule of a definition: its tasks, started as any trigger starts one. */
function scheduleAction(definition: ResolvedTaskDefinition, scheduleId: string, input: unknown): ScheduleOptionsStartWorkflowAction<Workflow> {
  // Each scheduled task takes its own start time as its trigger time, as any task does.
  const start = taskStart(definition, input);
  return {
    type: 'startWorkflow',
    workflowType: definition.id,
    taskQueue: definition.queue,
    args: [start.input],
    memo: taskStartMemo(start.settings),
    // Temporal appends the scheduled time, so each task of the schedule gets its own id: `<definitionId>/<id>-<time>`.
    workflowId: scheduleId,
    typedSearchAttributes: taskSearchAttributes(start, false),
    staticSummary: definition.title,
    staticDetails: definition.description,
  };
}

/** A run-time schedule as `TaskScheduleInfo`: its spec read back from Temporal (a cron comes back as calendars). */
function runtimeInfo(scheduleId: string, definitionId: string, description: ScheduleDescription): TaskScheduleInfo {
  const nextRunAt = description.state.paused ? undefined : description.info.nextActionTimes[0];
  const every = description.spec.intervals?.[0]?.every;
  return {
    id: scheduleId,
    definitionId,
    origin: 'runtime',
    paused: description.state.paused,
    ...(description.state.note ? { note: description.state.note } : {}),
    ...(every !== undefined ? { every: msToNumber(every) } : { timezone: description.spec.timezone ?? 'UTC' }),
    ...(nextRunAt ? { nextRunAt } : {}),
    recentTaskIds: description.info.recentActions.map((action) => action.action.workflow.workflowId).reverse(),
  };
}

/** The server's refusal of a spec (the SDK throws a TypeError) as `InvalidScheduleOptionsError`; other errors as they are. */
function invalidSpec(definitionId: string, id: string, err: unknown): unknown {
  const cause = err instanceof TasksError ? err.cause : err;
  if (cause instanceof TypeError) return new InvalidScheduleOptionsError(definitionId, `schedule "${id}": Temporal refuses its spec: ${cause.message}.`, cause);
  return err;
}

/** The message of an error and of its causes: the SDK wraps the server's explanation in `cause`. */
function errorMessage(err: unknown): string {
  const messages: string[] = [];
  for (let current = err; current instanceof Error && messages.length < 5; current = current.cause) messages.push(current.message);
  return messages.length > 0 ? messages.join(': ') : String(err);
}
