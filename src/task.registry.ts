import { Injectable } from '@nestjs/common';
import { DuplicateTaskDefinitionError } from './errors/duplicate-task-definition.error';
import { UnknownTaskDefinitionError } from './errors/unknown-task-definition.error';
import type { ResolvedTaskDefinition } from './task.interfaces';

/** The task definitions of this application, by id. Filled at module init by the registrar. */
@Injectable()
export class TaskRegistry {
  private readonly definitions = new Map<string, ResolvedTaskDefinition>();

  add(definition: ResolvedTaskDefinition): void {
    const existing = this.definitions.get(definition.id);
    if (existing && existing.handler.constructor !== definition.handler.constructor) {
      throw new DuplicateTaskDefinitionError(definition.id, [existing.className, definition.className]);
    }
    this.definitions.set(definition.id, definition);
  }

  /** The definition with this id; throws `UnknownTaskDefinitionError` naming the known ids when there is none. */
  get(id: string): ResolvedTaskDefinition {
    const definition = this.definitions.get(id);
    if (!definition) throw new UnknownTaskDefinitionError(id, this.ids());
    return definition;
  }

  /** The definition whose handler is an instance of `type`, if any. */
  findByClass(type: Function): ResolvedTaskDefinition | undefined {
    for (const definition of this.definitions.values()) if (definition.handler instanceof type) return definition;
    return undefined;
  }

  ids(): string[] {
    return [...this.definitions.keys()];
  }

  all(): ResolvedTaskDefinition[] {
    return [...this.definitions.values()];
  }
}
