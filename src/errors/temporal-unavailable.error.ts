import { TasksError } from './tasks.error';

/**
 * Thrown when the Temporal server cannot be reached: at start-up (within `connection.connectTimeout`), and by any
 * `TaskService`, `TaskHandle` or `TaskSchedules` call once the Temporal client has given up retrying.
 */
export class TemporalUnavailableError extends TasksError {
  readonly code = 'TEMPORAL_UNAVAILABLE';

  constructor(
    /** The `host:port` the library tried. */
    readonly address: string,
    readonly namespace: string,
    /** What the library was doing, e.g. `connect`, `trigger`, `get`. */
    readonly operation: string,
    /** How long it tried before giving up, in ms. */
    readonly waitedMs: number,
    cause?: unknown,
  ) {
    const why = cause instanceof Error ? `: ${cause.message}` : '';
    super(
      `Temporal at ${address} (namespace "${namespace}") could not be reached for ${operation} after ${(waitedMs / 1000).toFixed(1)} s${why}. Check that the server is running and that connection.address (and tls/apiKey) point at it; at start-up, connection.connectTimeout sets how long to wait.`,
      { cause },
    );
  }
}
