import { Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { EventEmitterMissingError } from '../errors/event-emitter-missing.error';
import { TaskService } from '../service/task.service';
import { TaskRegistry } from '../task.registry';
import type { ResolvedTaskDefinition, TaskEventTrigger } from '../task.interfaces';
import { checkEventTriggers } from './check-event-triggers';
import { findEventEmitter, type TaskEventSource } from './find-event-emitter';

type Listener = (...values: unknown[]) => Promise<void>;

/**
 * Triggers tasks from Nest events (`@Task({ events })`): subscribes to `EventEmitter2` once the application has
 * bootstrapped, and unsubscribes when it closes. A trigger that fails (a payload the schema refuses, Temporal out of
 * reach) is logged and never reaches the code that emitted the event.
 */
@Injectable()
export class TaskEventTriggers implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('TaskEventTriggers');
  private emitter?: TaskEventSource;
  private subscriptions: Array<{ event: string; listener: Listener }> = [];
  private readonly inFlight = new Set<Promise<void>>();

  constructor(
    private readonly moduleRef: ModuleRef,
    private readonly registry: TaskRegistry,
    private readonly tasks: TaskService,
  ) {}

  /**
   * Checks the definitions' event triggers and finds the `EventEmitter2` they need. Called once the definitions are
   * known, before any start-up hook. Throws `EventEmitterMissingError` when a definition declares events and the
   * application has no emitter.
   */
  prepare(): void {
    const withEvents = this.registry.all().filter((definition) => definition.events.length > 0);
    for (const definition of withEvents) checkEventTriggers(definition.id, definition.events);
    if (withEvents.length === 0) return;
    this.emitter = findEventEmitter(this.moduleRef);
    if (!this.emitter) {
      throw new EventEmitterMissingError(
        withEvents.map((definition) => definition.id),
        withEvents.flatMap((definition) => definition.events.map((trigger) => trigger.event)),
      );
    }
  }

  onApplicationBootstrap(): void {
    const emitter = this.emitter;
    if (!emitter) return;
    for (const definition of this.registry.all()) {
      for (const trigger of definition.events) {
        // Returning the trigger's promise lets `emitAsync` callers wait until the task is started.
        const listener: Listener = (payload) => this.track(this.fire(definition, trigger, payload));
        emitter.on(trigger.event, listener);
        this.subscriptions.push({ event: trigger.event, listener });
      }
    }
  }

  /** Stops listening, then lets triggers already under way reach Temporal before the client's connection closes. */
  async beforeApplicationShutdown(): Promise<void> {
    for (const { event, listener } of this.subscriptions) this.emitter?.off(event, listener);
    this.subscriptions = [];
    await Promise.allSettled([...this.inFlight]);
  }

  private async fire(definition: ResolvedTaskDefinition, trigger: TaskEventTrigger, payload: unknown): Promise<void> {
    try {
      const input = trigger.map ? trigger.map(payload) : payload;
      const key = trigger.key?.(payload);
      await this.tasks.trigger(definition.id, input, key === undefined ? {} : { id: key });
    } catch (err) {
      this.logger.error(
        `Event "${trigger.event}" could not trigger a task of "${definition.id}": ${err instanceof Error ? err.message : String(err)}`,
        err instanceof Error ? err.stack : undefined,
      );
    }
  }

  private track(trigger: Promise<void>): Promise<void> {
    this.inFlight.add(trigger);
    return trigger.finally(() => this.inFlight.delete(trigger));
  }
}
