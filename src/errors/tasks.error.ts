/** Base class of every error this library throws, so callers can catch them all with one `instanceof`. */
export abstract class TasksError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}
