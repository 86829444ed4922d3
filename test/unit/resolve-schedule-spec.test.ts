import { InvalidTaskDefinitionError } from '../../src';
import { resolveScheduleSpec } from '../../src/schedules/resolve-schedule-spec';
import type { TaskScheduleOptions } from '../../src/task.interfaces';

describe('resolveScheduleSpec', () => {
  it('turns a cron schedule into cron expressions in UTC, or in the given time zone', () => {
    expect(resolveScheduleSpec('report', { id: 'nightly', cron: '0 3 * * *' })).toEqual({ cronExpressions: ['0 3 * * *'], timezone: 'UTC' });
    expect(resolveScheduleSpec('report', { id: 'twice', cron: ['0 3 * * *', '0 15 * * *'], timezone: 'Europe/Berlin' })).toEqual({
      cronExpressions: ['0 3 * * *', '0 15 * * *'],
      timezone: 'Europe/Berlin',
    });
  });

  it('turns an interval into milliseconds', () => {
    expect(resolveScheduleSpec('report', { id: 'often', every: '15 minutes' })).toEqual({ intervals: [{ every: 900_000 }] });
    expect(resolveScheduleSpec('report', { id: 'ms', every: 2000 })).toEqual({ intervals: [{ every: 2000 }] });
  });

  it.each<[TaskScheduleOptions, string]>([
    [{ id: 'both', cron: '0 3 * * *', every: '1 hour' }, 'schedule "both": set exactly one of `cron`'],
    [{ id: 'neither' }, 'schedule "neither": set exactly one of `cron`'],
    [{ id: 'has/slash', cron: '0 3 * * *' }, 'schedule "has/slash": id "has/slash" must start with a letter or digit'],
    [{ id: 'empty', cron: [] }, 'schedule "empty": cron must be a cron expression'],
    [{ id: 'blank', cron: ' ' }, 'schedule "blank": cron must be a cron expression'],
    [{ id: 'fast', every: 999 }, 'schedule "fast": every must be at least 1 second'],
    [{ id: 'nonsense', every: 'soon' as never }, 'schedule "nonsense": every "soon" is not a duration'],
    [{ id: 'tzInterval', every: '1 hour', timezone: 'UTC' }, 'schedule "tzInterval": `timezone` applies to `cron` only'],
    [{ id: 'mars', cron: '0 3 * * *', timezone: 'Mars/Olympus' }, 'schedule "mars": timezone "Mars/Olympus" is not an IANA time zone'],
  ])('refuses %j with InvalidTaskDefinitionError naming the definition and schedule', (schedule, message) => {
    const error = (() => {
      try {
        return resolveScheduleSpec('report', schedule);
      } catch (err) {
        return err;
      }
    })();
    expect(error).toBeInstanceOf(InvalidTaskDefinitionError);
    expect((error as InvalidTaskDefinitionError).definition).toBe('report');
    expect((error as Error).message).toContain(message);
  });
});
