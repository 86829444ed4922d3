/**
 * Base class of every error this library lets out, so callers can catch them all with one `instanceof`. Each
 * subclass has a stable `code` to branch on (class names can be minified away), a message that says what went wrong
 * and what to do, and, where another error led to it, that error as `cause`.
 */
export abstract class TasksError extends Error {
  /** Stable identifier of the kind of error, e.g. `'TASK_NOT_FOUND'`. Never changes for a given class. */
  abstract readonly code: string;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}
