import { WorkflowNotFoundError } from '@temporalio/client';
import { TaskNotFoundError } from '../errors/task-not-found.error';
import { TaskOperationError } from '../errors/task-operation.error';
import { TasksError } from '../errors/tasks.error';
import { TemporalLimitExceededError } from '../errors/temporal-limit-exceeded.error';
import { TemporalNamespaceNotFoundError } from '../errors/temporal-namespace-not-found.error';
import { TemporalRequestError } from '../errors/temporal-request.error';
import { TemporalUnavailableError } from '../errors/temporal-unavailable.error';

/** What the library was doing when a call to Temporal failed, for the message of the error it becomes. */
export interface TemporalCallContext {
  /** e.g. `trigger`, `get`, `connect`. */
  operation: string;
  address: string;
  namespace: string;
  /** When the call began (ms since the epoch), to say how long it tried. */
  startedAt: number;
  /** The task the call was about, so that "not found" becomes `TaskNotFoundError`. */
  taskId?: string;
}

/** gRPC status codes, by number (the names gRPC gives them). */
const GRPC_STATUS: Readonly<Record<number, string>> = {
  1: 'CANCELLED',
  2: 'UNKNOWN',
  3: 'INVALID_ARGUMENT',
  4: 'DEADLINE_EXCEEDED',
  5: 'NOT_FOUND',
  6: 'ALREADY_EXISTS',
  7: 'PERMISSION_DENIED',
  8: 'RESOURCE_EXHAUSTED',
  9: 'FAILED_PRECONDITION',
  10: 'ABORTED',
  11: 'OUT_OF_RANGE',
  12: 'UNIMPLEMENTED',
  13: 'INTERNAL',
  14: 'UNAVAILABLE',
  15: 'DATA_LOSS',
  16: 'UNAUTHENTICATED',
};

/** Transport failures that carry no gRPC status: the Rust core's TransportError, refused or unresolvable addresses. */
const UNREACHABLE = /TransportError|transport error|connection refused|ECONNREFUSED|ENOTFOUND|EAI_AGAIN|dns error|failed to connect|tcp connect error|No connection established|Could not parse target name|Name resolution failed|Failed to connect before the deadline/i;

/**
 * Turns whatever a Temporal call threw into the library's own error, keeping the original as `cause`: nothing raw
 * from gRPC or the SDK leaves the library. Errors that are already the library's pass through unchanged.
 */
export function toTasksError(err: unknown, context: TemporalCallContext): TasksError {
  if (err instanceof TasksError) return err;
  const { operation, address, namespace } = context;
  if (err instanceof WorkflowNotFoundError && context.taskId !== undefined) return new TaskNotFoundError(context.taskId, err);
  const status = grpcStatusOf(err);
  const message = messageOf(err);
  if (status === 14 || (status === undefined && UNREACHABLE.test(message)) || (status === 4 && operation === 'connect')) {
    return new TemporalUnavailableError(address, namespace, operation, Date.now() - context.startedAt, err);
  }
  if (status === 8) return new TemporalLimitExceededError(namespace, operation, message, err);
  if (status === 5 && /namespace/i.test(message) && !/workflow/i.test(message)) return new TemporalNamespaceNotFoundError(namespace, address, err);
  if (status === 5 && context.taskId !== undefined) return new TaskNotFoundError(context.taskId, err);
  if (status === undefined) return new TaskOperationError(operation, err);
  return new TemporalRequestError(operation, GRPC_STATUS[status] ?? String(status), err);
}

/** The gRPC status code of an error or of one of its causes (the SDK wraps gRPC errors in ServiceError). */
export function grpcStatusOf(err: unknown): number | undefined {
  let current: unknown = err;
  for (let depth = 0; depth < 4 && current; depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'number' && code in GRPC_STATUS) return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

function messageOf(err: unknown): string {
  const parts: string[] = [];
  let current: unknown = err;
  for (let depth = 0; depth < 4 && current; depth += 1) {
    parts.push(current instanceof Error ? current.message : String(current));
    current = (current as { cause?: unknown }).cause;
  }
  return parts.join(' / ');
}
