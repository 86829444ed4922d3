import { Logger } from '@nestjs/common';
import { TaskSchedules } from '../../src';
import { reportTask } from '../fixtures/schedule-tasks';
import { createTaskTestApp } from '../support/task-test-app';

describe('Schedules of a lazy client-only process', () => {
  it('a lazy client-only process starts with a warning when Temporal is out of reach, and closes leaving no call in flight', async () => {
    // The SDK's client retries a call refused as UNAVAILABLE on a timer of its own: a call of the library still in
    // flight when the app closes its connection would throw "Channel has been shut down" from that timer, uncaught.
    const uncaught: unknown[] = [];
    const record = (err: unknown): void => void uncaught.push(err);
    process.on('uncaughtException', record);
    const warnings = vi.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    try {
      const t = await createTaskTestApp([reportTask([{ id: 'unreachable', cron: '0 3 * * *', input: { format: 'pdf' } }])], {
        runner: false,
        connection: { address: '127.0.0.1:1', lazy: true },
      });
      try {
        expect(t.app.get(TaskSchedules).ids()).toEqual(['dailyReport/unreachable']);
        expect(warnings.mock.calls.map(([message]) => String(message)).join('\n')).toMatch(/Could not create or update the schedules dailyReport\/unreachable/);
      } finally {
        await t.app.close();
      }
      // Longer than the SDK's longest retry delay (5 s, plus 20% jitter).
      await new Promise((resolve) => setTimeout(resolve, 7_000));
      expect(uncaught.map((err) => (err instanceof Error ? err.message : String(err)))).toEqual([]);
    } finally {
      warnings.mockRestore();
      process.off('uncaughtException', record);
    }
    // The SDK spends its connect timeout (about 20 s in all) before giving up.
  }, 60_000);
});
