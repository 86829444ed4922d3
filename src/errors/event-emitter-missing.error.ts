import { TasksError } from './tasks.error';

/**
 * Thrown at start-up when a `@Task` definition declares `events` but the application has no `EventEmitter2`
 * (from `@nestjs/event-emitter`) to subscribe to.
 */
export class EventEmitterMissingError extends TasksError {
  readonly code = 'EVENT_EMITTER_MISSING';

  constructor(
    /** The definitions that declare events. */
    readonly definitionIds: readonly string[],
    /** The events they declare. */
    readonly events: readonly string[],
    cause?: unknown,
  ) {
    super(
      `Task definition${definitionIds.length > 1 ? 's' : ''} ${definitionIds.map((id) => `"${id}"`).join(', ')} declare${definitionIds.length > 1 ? '' : 's'} events (${events.map((event) => `"${event}"`).join(', ')}), but this application has no EventEmitter2. Install @nestjs/event-emitter and add EventEmitterModule.forRoot() to the imports of the root module, or remove \`events\` from @Task(...).`,
      { cause },
    );
  }
}
