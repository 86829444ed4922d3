import { InvalidTaskDefinitionError } from '../errors/invalid-task-definition.error';
import type { TaskEventTrigger } from '../task.interfaces';

/** Checks a definition's event triggers, so that a typo fails start-up naming the definition, not the first event. */
export function checkEventTriggers(definitionId: string, triggers: readonly TaskEventTrigger[]): void {
  for (const trigger of triggers) {
    const invalid = (problem: string): never => {
      throw new InvalidTaskDefinitionError(definitionId, `event trigger ${JSON.stringify(trigger?.event)}: ${problem}`);
    };
    if (typeof trigger?.event !== 'string' || trigger.event.trim() === '') {
      invalid("needs an event name, e.g. events: ['entry.created'] or [{ event: 'entry.created', map, key }].");
    }
    if (trigger.map !== undefined && typeof trigger.map !== 'function') invalid('`map` must be a function from the payload to the input.');
    if (trigger.key !== undefined && typeof trigger.key !== 'function') invalid('`key` must be a function from the payload to an idempotency key.');
  }
}
