import { InvalidTaskDefinitionError } from '../../src';
import { resolveTaskDefinition, runsLocally, withTriggerOverrides } from '../../src/definition/resolve-task-definition';
import { taskSettings } from '../../src/service/task-start';
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
    [{ id: 'a', local: 'yes' as never }, /local must be true or false, got "yes"/],
  ] as Array<[TaskDefinitionOptions, RegExp]>)('refuses %j with a message that names the problem', (options, message) => {
    const attempt = () => resolveTaskDefinition(options, handler, 'SomeTask');
    expect(attempt).toThrow(InvalidTaskDefinitionError);
    expect(attempt).toThrow(message);
  });

  it('refuses a class without run()', () => {
    expect(() => resolveTaskDefinition({ id: 'a' }, {} as TaskHandler, 'NoRun')).toThrow('NoRun has no run() method');
  });

  describe('local: true', () => {
    it('runs iterations locally with a timeout of 10 seconds, whatever the module default, and says so in the task settings', () => {
      const resolved = resolveTaskDefinition({ id: 'sendMail', local: true }, handler, 'SendMailTask', { timeout: '15 minutes' });
      expect(resolved).toMatchObject({ local: true, timeout: '10 seconds' });
      expect(runsLocally(resolved)).toBe(true);
      // The workflow knows the local default: the task carries `local` alone.
      expect(taskSettings(resolved)).toEqual({ local: true });
      expect(taskSettings(resolveTaskDefinition({ id: 'sendMail', local: true, timeout: '2s' }, handler, 'SendMailTask'))).toEqual({ local: true, timeout: '2s' });
    });

    it('falls back to regular activities with a timeout longer than 10 seconds, on the definition or a trigger', () => {
      const long = resolveTaskDefinition({ id: 'sendMail', local: true, timeout: '1 minute' }, handler, 'SendMailTask');
      expect(runsLocally(long)).toBe(false);
      expect(taskSettings(long)).toEqual({ timeout: '1 minute' });
      const local = resolveTaskDefinition({ id: 'sendMail', local: true }, handler, 'SendMailTask');
      expect(runsLocally(withTriggerOverrides(local, { timeout: '30s' }))).toBe(false);
      expect(runsLocally(withTriggerOverrides(local, { timeout: '10s' }))).toBe(true);
    });

    it('is off by default: iterations are regular activities and the task carries no settings', () => {
      const resolved = resolveTaskDefinition({ id: 'importCsv' }, handler, 'ImportCsvTask');
      expect(resolved.local).toBe(false);
      expect(runsLocally(resolved)).toBe(false);
      expect(taskSettings(resolved)).toEqual({});
    });
  });
});
