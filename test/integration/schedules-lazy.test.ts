import { Logger } from '@nestjs/common';
import { TaskSchedules } from '../../src';
import { reportTask } from '../fixtures/schedule-tasks';
import { createTaskTestApp } from '../support/task-test-app';

/**
 * A file of its own: the SDK's client keeps retrying the refused calls on a timer after they gave up, and that timer
 * throws ("Channel has been shut down") once the app has closed the connection. In its own file the test process ends
 * first, as it would for a process that shuts down.
 */
describe('Schedules of a lazy client-only process', () => {
  it('a lazy client-only process starts with a warning when Temporal is out of reach', async () => {
    const warnings = vi.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    const t = await createTaskTestApp([reportTask([{ id: 'unreachable', cron: '0 3 * * *', input: { format: 'pdf' } }])], {
      runner: false,
      connection: { address: '127.0.0.1:1', lazy: true },
    });
    try {
      expect(t.app.get(TaskSchedules).ids()).toEqual(['dailyReport/unreachable']);
      expect(warnings.mock.calls.map(([message]) => String(message)).join('\n')).toMatch(/Could not create or update the schedules dailyReport\/unreachable/);
    } finally {
      warnings.mockRestore();
      await t.app.close();
    }
    // The SDK spends its connect timeout (about 20 s in all) before giving up.
  }, 60_000);
});
