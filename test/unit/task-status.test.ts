import { deriveTaskStatus, statusQuery } from '../../src/service/task-status';

describe('deriveTaskStatus', () => {
  it.each([
    ['COMPLETED', 'running', 'success'],
    ['FAILED', 'running', 'failed'],
    ['TERMINATED', 'running', 'failed'],
    ['TIMED_OUT', 'pending', 'failed'],
    ['CANCELLED', 'running', 'aborted'],
    ['RUNNING', undefined, 'pending'],
    ['RUNNING', 'pending', 'pending'],
    ['RUNNING', 'running', 'running'],
    // The workflow records its end status just before it closes (while hooks run): still running to an observer.
    ['RUNNING', 'success', 'running'],
  ] as const)('%s with recorded status %s is %s', (execution, recorded, expected) => {
    expect(deriveTaskStatus(execution, recorded)).toBe(expected);
  });
});

describe('statusQuery', () => {
  it('selects open tasks by the recorded status and closed ones by the execution status', () => {
    expect(statusQuery('pending')).toBe(`ExecutionStatus = 'Running' AND TaskStatus = 'pending'`);
    expect(statusQuery('failed')).toBe(`ExecutionStatus IN ('Failed', 'Terminated', 'TimedOut')`);
    expect(statusQuery('aborted')).toBe(`ExecutionStatus = 'Canceled'`);
  });
});
