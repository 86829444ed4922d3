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

  /** The declared schedules that exist on Temporal, with their state. Schedules missing on the server are left out. */
  async list(): Promise<TaskScheduleInfo[]> {
    const infos = await Promise.all(
      [...this.declared.values()].map(async (schedule) => {
        try {
          return toInfo(schedule, await this.temporal.call('list schedules', () => this.temporal.client.schedule.getHandle(schedule.scheduleId).describe()));
        } catch (err) {
          if (err instanceof TasksError && err.cause instanceof ScheduleNotFoundError) return undefined;
          throw err;
        }
      }),
    );
    return infos.filter((info): info is TaskScheduleInfo => info !== undefined);
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
    // Each scheduled task takes its own start time as its trigger time, as any task does.
    const start = taskStart(definition, schedule.input);
    const action: ScheduleOptionsStartWorkflowAction<Workflow> = {
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

  private async withHandle(scheduleId: string, operation: (handle: ScheduleHandle) => Promise<void>): Promise<void> {
    if (!this.declared.has(scheduleId)) throw new TaskScheduleNotFoundError(scheduleId, this.ids());
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
    paused: description.state.paused,
    ...(description.state.note ? { note: description.state.note } : {}),
    ...(spec.cronExpressions ? { cron: spec.cronExpressions, timezone: spec.timezone } : { every: options.every }),
    ...(nextRunAt ? { nextRunAt } : {}),
    recentTaskIds: description.info.recentActions.map((action) => action.action.workflow.workflowId).reverse(),
  };
}

/** The message of an error and of its causes: the SDK wraps the server's explanation in `cause`. */
function errorMessage(err: unknown): string {
  const messages: string[] = [];
  for (let current = err; current instanceof Error && messages.length < 5; current = current.cause) messages.push(current.message);
  return messages.length > 0 ? messages.join(': ') : String(err);
}
