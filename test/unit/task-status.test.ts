import { deriveTaskStatus, statusQuery } from '../../src/service/task-status';

describe('deriveTaskStatus', () => {
  it.each([
    // A closed execution's status is the task's, whatever else was recorded.
    ['COMPLETED', undefined, 12, 'success'],
    ['FAILED', undefined, 12, 'failed'],
    ['TERMINATED', undefined, 5, 'failed'],
    ['TIMED_OUT', 'pending', 1, 'failed'],
    ['CANCELLED', 'pending', 3, 'aborted'],
    // Open: pending while it waits for its delay, or for a Runner to begin it (no workflow task started yet).
    ['RUNNING', 'pending', 1, 'pending'],
    ['RUNNING', undefined, 2, 'pending'],
    ['RUNNING', undefined, 3, 'running'],
    ['RUNNING', undefined, 7, 'running'],
    // Visibility listings know no history length: the search attribute alone decides.
    ['RUNNING', undefined, undefined, 'running'],
    ['RUNNING', 'pending', undefined, 'pending'],
    // Waiting for a message (controller.waitFor): the search attribute says so, whatever the history length.
    ['RUNNING', 'waiting', 9, 'waiting'],
    ['RUNNING', 'waiting', undefined, 'waiting'],
    ['CANCELLED', 'waiting', 9, 'aborted'],
  ] as const)('%s, TaskStatus %s, history length %s: %s', (execution, recorded, historyLength, expected) => {
    expect(deriveTaskStatus(execution, recorded, historyLength)).toBe(expected);
  });
});

describe('statusQuery', () => {
  it('selects open tasks by the pending search attribute and closed ones by the execution status', () => {
    expect(statusQuery('pending')).toBe(`ExecutionStatus = 'Running' AND TaskStatus = 'pending'`);
    expect(statusQuery('running')).toBe(`ExecutionStatus = 'Running' AND TaskStatus IS NULL`);
    expect(statusQuery('waiting')).toBe(`ExecutionStatus = 'Running' AND TaskStatus = 'waiting'`);
    expect(statusQuery('success')).toBe(`ExecutionStatus = 'Completed'`);
    expect(statusQuery('failed')).toBe(`ExecutionStatus IN ('Failed', 'Terminated', 'TimedOut')`);
    expect(statusQuery('aborted')).toBe(`ExecutionStatus = 'Canceled'`);
  });
});
