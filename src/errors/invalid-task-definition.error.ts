import { TasksError } from './tasks.error';

/** Thrown at start-up when a `@Task` provider, or the module's task defaults, carry an invalid option. */
export class InvalidTaskDefinitionError extends TasksError {
  constructor(
    /** The definition id, or the class name when the id itself is the problem. */
    readonly definition: string,
    readonly problem: string,
  ) {
    super(`Task definition "${definition}" is invalid: ${problem}`);
  }
}
