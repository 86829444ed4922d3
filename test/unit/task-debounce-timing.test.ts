import { addDebounceTrigger, debounceStartAt, debounceTriggerTime } from '../../workflows/task-debounce-timing';
import { debounceProblems, debounceTiming } from '../../src/service/check-debounce';
import { checkTriggerOptions } from '../../src/service/check-trigger';
import { InvalidTriggerOptionsError } from '../../src';

describe('debounce timing', () => {
  it('starts delay after the latest trigger of the window', () => {
    let window = addDebounceTrigger(undefined, 1_000);
    expect(window).toEqual({ firstAt: 1_000, lastAt: 1_000 });
    expect(debounceStartAt(window, { delayMs: 500 })).toBe(1_500);
    window = addDebounceTrigger(window, 1_300);
    expect(window).toEqual({ firstAt: 1_000, lastAt: 1_300 });
    expect(debounceStartAt(window, { delayMs: 500 })).toBe(1_800);
  });

  it('never pushes the start past maxDelay after the first trigger', () => {
    const window = [1_400, 1_800, 2_200].reduce(addDebounceTrigger, addDebounceTrigger(undefined, 1_000));
    expect(debounceStartAt(window, { delayMs: 500, maxDelayMs: 1_500 })).toBe(2_500);
    expect(debounceStartAt(window, { delayMs: 500, maxDelayMs: 5_000 })).toBe(2_700);
  });

  it('keeps the latest time when a trigger stamped earlier arrives later', () => {
    expect(addDebounceTrigger({ firstAt: 1_000, lastAt: 2_000 }, 1_500)).toEqual({ firstAt: 1_000, lastAt: 2_000 });
  });

  it("takes the caller's time of a trigger, but never later than the engine's clock", () => {
    const now = Date.parse('2026-01-01T00:00:10Z');
    expect(debounceTriggerTime('2026-01-01T00:00:08Z', now)).toBe(Date.parse('2026-01-01T00:00:08Z'));
    expect(debounceTriggerTime('2026-01-01T00:05:00Z', now)).toBe(now);
    expect(debounceTriggerTime('not a time', now)).toBe(now);
    expect(debounceTriggerTime(undefined, now)).toBe(now);
  });
});

describe('debounce options', () => {
  it('accepts an id with a positive delay and a maxDelay of at least the delay, and converts them', () => {
    expect(debounceProblems({ id: 'k', debounce: { delay: '2s', maxDelay: '2s' } })).toEqual([]);
    expect(debounceTiming({ delay: '2s', maxDelay: '1 minute' })).toEqual({ delayMs: 2_000, maxDelayMs: 60_000 });
    expect(debounceTiming({ delay: 250 })).toEqual({ delayMs: 250 });
    expect(debounceProblems({})).toEqual([]);
  });

  it('lists every problem, and checkTriggerOptions throws them as InvalidTriggerOptionsError', () => {
    const problems = debounceProblems({ debounce: { delay: 'soon', maxDelay: -1 }, delay: '1s', onConflict: 'fail', parentId: 'p/1' });
    expect(problems).toEqual([
      expect.stringMatching(/debounce\.delay must be a positive duration/),
      expect.stringMatching(/debounce\.maxDelay must be a positive duration/),
      expect.stringMatching(/debounce needs an id/),
      expect.stringMatching(/debounce and delay do not combine/),
      expect.stringMatching(/onConflict: 'fail' do not combine/),
      expect.stringMatching(/not for child tasks/),
    ]);
    expect(debounceProblems({ id: 'k', debounce: { delay: '5s', maxDelay: '1s' } })).toEqual([expect.stringMatching(/maxDelay \("1s"\) must be at least debounce\.delay \("5s"\)/)]);
    expect(debounceProblems({ id: 'k', debounce: '5s' as never })).toEqual([expect.stringMatching(/debounce must be an object/)]);
    expect(() => checkTriggerOptions('reindex', { debounce: { delay: 0 } })).toThrow(InvalidTriggerOptionsError);
  });
});
