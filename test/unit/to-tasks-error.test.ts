import { ServiceError, WorkflowNotFoundError } from '@temporalio/client';
import { toTasksError, type TemporalCallContext } from '../../src/client/to-tasks-error';
import {
  TaskNotFoundError,
  TaskOperationError,
  TaskStateError,
  TemporalLimitExceededError,
  TemporalNamespaceNotFoundError,
  TemporalRequestError,
  TemporalUnavailableError,
} from '../../src';

const context: TemporalCallContext = { operation: 'trigger', address: '127.0.0.1:7233', namespace: 'default', startedAt: Date.now() - 1_500 };

/** A gRPC error as @grpc/grpc-js and the SDK's core raise it: a status `code`, wrapped by the SDK in a ServiceError. */
function grpc(code: number, details: string): ServiceError {
  return new ServiceError(`${code} ${details}`, { cause: Object.assign(new Error(details), { code, details }) });
}

describe('toTasksError: what a failed Temporal call becomes', () => {
  it('RESOURCE_EXHAUSTED is TemporalLimitExceededError, with the server words and the original as cause', () => {
    const raw = grpc(8, 'namespace rate limit exceeded');
    const error = toTasksError(raw, { ...context, operation: 'list' });
    expect(error).toBeInstanceOf(TemporalLimitExceededError);
    expect(error).toMatchObject({ code: 'TEMPORAL_LIMIT_EXCEEDED', namespace: 'default', operation: 'list', cause: raw });
    expect((error as TemporalLimitExceededError).serverMessage).toContain('namespace rate limit exceeded');
    expect(error.message).toContain('frontend.namespaceRPS.visibility');
  });

  it('a status with no class of its own is TemporalRequestError, naming the status', () => {
    const raw = grpc(3, 'memo too large');
    const error = toTasksError(raw, context);
    expect(error).toBeInstanceOf(TemporalRequestError);
    expect(error).toMatchObject({ code: 'TEMPORAL_REQUEST_FAILED', operation: 'trigger', grpcCode: 'INVALID_ARGUMENT', cause: raw });
    expect(error.message).toMatch(/^Temporal refused trigger \(INVALID_ARGUMENT\): /);
    expect(toTasksError(grpc(7, 'no'), context)).toMatchObject({ grpcCode: 'PERMISSION_DENIED' });
    // NOT_FOUND about no task and no namespace: the server's own status, not a guess.
    expect(toTasksError(grpc(5, 'schedule not found'), context)).toMatchObject({ grpcCode: 'NOT_FOUND' });
  });

  it('an error with no gRPC status, and no sign of an unreachable server, is TaskOperationError', () => {
    const raw = new TypeError('cannot read the workflow bundle');
    const error = toTasksError(raw, { ...context, operation: 'start runner' });
    expect(error).toBeInstanceOf(TaskOperationError);
    expect(error).toMatchObject({ code: 'TASK_OPERATION_FAILED', operation: 'start runner', cause: raw });
    expect(error.message).toBe('start runner failed: cannot read the workflow bundle');
    expect(toTasksError('a string thrown', context)).toBeInstanceOf(TaskOperationError);
  });

  it('UNAVAILABLE, a transport error with no status, and a connect deadline are TemporalUnavailableError', () => {
    expect(toTasksError(grpc(14, 'connection dropped'), context)).toBeInstanceOf(TemporalUnavailableError);
    expect(toTasksError(new Error('tcp connect error: Connection refused (os error 111)'), context)).toBeInstanceOf(TemporalUnavailableError);
    const error = toTasksError(grpc(4, 'deadline'), { ...context, operation: 'connect' });
    expect(error).toBeInstanceOf(TemporalUnavailableError);
    expect(error).toMatchObject({ address: '127.0.0.1:7233', namespace: 'default' });
    // A deadline on any other call is the server's answer to that call, not an outage.
    expect(toTasksError(grpc(4, 'deadline'), context)).toMatchObject({ grpcCode: 'DEADLINE_EXCEEDED' });
  });

  it('NOT_FOUND is TaskNotFoundError for a call about a task, TemporalNamespaceNotFoundError for a missing namespace', () => {
    const aboutTask = { ...context, operation: 'get', taskId: 'sendReport/abc' };
    const notFound = toTasksError(grpc(5, 'workflow not found for ID: sendReport/abc'), aboutTask);
    expect(notFound).toBeInstanceOf(TaskNotFoundError);
    expect(notFound).toMatchObject({ taskId: 'sendReport/abc' });
    expect(toTasksError(new WorkflowNotFoundError('gone', 'sendReport/abc', undefined), aboutTask)).toBeInstanceOf(TaskNotFoundError);
    expect(toTasksError(grpc(5, 'Namespace nowhere is not found.'), aboutTask)).toBeInstanceOf(TemporalNamespaceNotFoundError);
    // With no task in view, a workflow that is not found is the server's NOT_FOUND.
    expect(toTasksError(new WorkflowNotFoundError('gone', 'x', undefined), context)).toBeInstanceOf(TaskOperationError);
  });

  it("finds the status on a cause a few levels down, and lets the library's own errors through unchanged", () => {
    const deep = new Error('outer', { cause: grpc(8, 'too many long polls') });
    expect(toTasksError(deep, context)).toBeInstanceOf(TemporalLimitExceededError);
    const own = new TaskStateError('sendReport/abc', 'running', 'delete', ['success']);
    expect(toTasksError(own, context)).toBe(own);
  });
});
