import { InvalidTasksModuleOptionsError } from '../../src';
import { ResolvedTasksOptions } from '../../src/options/resolved-tasks-options';

describe('TasksModule watch options', () => {
  it('default to reads every second, no faster than every 250 ms, backing off to 10 s', () => {
    expect(ResolvedTasksOptions.resolve({}).watch).toEqual({ intervalMs: 1_000, minIntervalMs: 250, maxIntervalMs: 10_000 });
    expect(ResolvedTasksOptions.resolve({ watch: { intervalMs: 2_000 } }).watch).toEqual({
      intervalMs: 2_000,
      minIntervalMs: 250,
      maxIntervalMs: 10_000,
    });
  });

  it('refuse values that are not milliseconds, and bounds out of order, listing each', () => {
    const problems = (watch: object) => {
      try {
        ResolvedTasksOptions.resolve({ watch });
      } catch (err) {
        expect(err).toBeInstanceOf(InvalidTasksModuleOptionsError);
        return (err as InvalidTasksModuleOptionsError).message;
      }
      return 'accepted';
    };
    expect(problems({ intervalMs: 0 })).toMatch(/watch\.intervalMs must be a number of milliseconds, at least 1, got 0/);
    expect(problems({ maxIntervalMs: '5s' })).toMatch(/watch\.maxIntervalMs must be a number of milliseconds/);
    expect(problems({ intervalMs: 100 })).toMatch(/watch\.intervalMs \(100\) must be at least watch\.minIntervalMs \(250\)/);
    expect(problems({ maxIntervalMs: 500 })).toMatch(/watch\.maxIntervalMs \(500\) must be at least watch\.intervalMs \(1000\)/);
  });
});
