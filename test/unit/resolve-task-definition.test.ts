import { InvalidTaskDefinitionError } from '../../src';
import { resolveTaskDefinition } from '../../src/definition/resolve-task-definition';
import type { TaskDefinitionOptions, TaskHandler } from '../../src';

const handler: TaskHandler = { run: ({ controller }) => controller.success() };

describe('resolveTaskDefinition', () => {
  it('applies the definition, then the module defaults, then the library defaults', () => {
    const resolved = resolveTaskDefinition({ id: 'importCsv', retry: { maximumAttempts: 7 } }, handler, 'ImportCsvTask', {
      retry: { initialInterval: '2s', maximumAttempts: 4 },
      timeout: '1 minute',
    });
    expect(resolved).toMatchObject({
      id: 'importCsv',
      title: 'importCsv',
      retry: { maximumAttempts: 7, initialInterval: '2s', backoffCoefficient: 2, maximumInterval: '1 minute', nonRetryableErrorTypes: [] },
      timeout: '1 minute',
      heartbeatTimeout: '10 seconds',
      maxIterations: 50,
      className: 'ImportCsvTask',
    });
  });

  it.each([
    [{ id: 'import csv' }, /id "import csv" must start with a letter/],
    [{ id: '' }, /id "" must start with a letter/],
    [{ id: 'a', retry: { maximumAttempts: 0 } }, /maximumAttempts must be a whole number of at least 1 \(unlimited retries are refused\)/],
    [{ id: 'a', retry: { maximumAttempts: 2.5 } }, /maximumAttempts must be a whole number/],
    [{ id: 'a', retry: { backoffCoefficient: 0.5 } }, /backoffCoefficient must be at least 1/],
    [{ id: 'a', timeout: 'soon' }, /timeout "soon" is not a duration/],
    [{ id: 'a', heartbeatTimeout: 0 }, /heartbeatTimeout must be longer than zero/],
    [{ id: 'a', retry: { initialInterval: '1 minute', maximumInterval: '1s' } }, /maximumInterval \(1s\) is shorter than retry.initialInterval/],
    [{ id: 'a', maxIterations: 0 }, /maxIterations must be a whole number of at least 1/],
  ] as Array<[TaskDefinitionOptions, RegExp]>)('refuses %j with a message that names the problem', (options, message) => {
    const attempt = () => resolveTaskDefinition(options, handler, 'SomeTask');
    expect(attempt).toThrow(InvalidTaskDefinitionError);
    expect(attempt).toThrow(message);
  });

  it('refuses a class without run()', () => {
    expect(() => resolveTaskDefinition({ id: 'a' }, {} as TaskHandler, 'NoRun')).toThrow('NoRun has no run() method');
  });
});
