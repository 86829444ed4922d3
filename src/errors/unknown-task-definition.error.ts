import { TasksError } from './tasks.error';

/** Thrown by `TaskService.trigger` when no `@Task` provider has the given id. Nothing is started. */
export class UnknownTaskDefinitionError extends TasksError {
  constructor(
    readonly definitionId: string,
    readonly knownDefinitionIds: readonly string[],
  ) {
    const known = knownDefinitionIds.length > 0 ? knownDefinitionIds.map((id) => `"${id}"`).join(', ') : 'none';
    super(
      `No task definition has the id "${definitionId}" (known: ${known}). Decorate a provider with @Task({ id: "${definitionId}" }) and list it in the providers of a module of this application.`,
    );
  }
}
