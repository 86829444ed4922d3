import { TasksError } from './tasks.error';

/**
 * Thrown when the Temporal server answers a call with an error the library has no more specific class for. The
 * server's error is the `cause`; `grpcCode` names its gRPC status.
 */
export class TemporalRequestError extends TasksError {
  readonly code = 'TEMPORAL_REQUEST_FAILED';

  constructor(
    readonly operation: string,
    /** The gRPC status name, e.g. `INVALID_ARGUMENT`. */
    readonly grpcCode: string,
    cause?: unknown,
  ) {
    super(`Temporal refused ${operation} (${grpcCode}): ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
  }
}
