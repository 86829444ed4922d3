import { TasksError } from './tasks.error';

/**
 * Thrown when the Temporal server refuses a call because a namespace limit is exhausted (gRPC RESOURCE_EXHAUSTED):
 * requests per second (visibility queries are limited to 10/s by default on a self-hosted cluster), concurrent long
 * polls, or similar, after the Temporal client's own retries.
 */
export class TemporalLimitExceededError extends TasksError {
  readonly code = 'TEMPORAL_LIMIT_EXCEEDED';

  constructor(
    readonly namespace: string,
    readonly operation: string,
    /** The server's own words on which limit was hit. */
    readonly serverMessage: string,
    cause?: unknown,
  ) {
    super(
      `Temporal refused ${operation} in namespace "${namespace}": a namespace limit is exhausted (${serverMessage}). Call less often (list() reads visibility, which is rate-limited), or raise the limit in the server's dynamic config (e.g. frontend.namespaceRPS.visibility).`,
      { cause },
    );
  }
}
