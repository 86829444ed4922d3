import type { LoggerService } from '@nestjs/common';
import { TaskLogCollector } from '../../activities/task-log-collector';
import { InvalidTasksModuleOptionsError } from '../../src';
import { ResolvedTasksOptions } from '../../src/options/resolved-tasks-options';

const nest: LoggerService & { lines: string[] } = {
  lines: [],
  log(message: string) {
    this.lines.push(message);
  },
  warn(message: string) {
    this.lines.push(message);
  },
  error(message: string) {
    this.lines.push(message);
  },
};

const jsonSize = (value: unknown): number => Buffer.byteLength(JSON.stringify(value));

describe('TaskLogCollector', () => {
  beforeEach(() => nest.lines.splice(0));

  it('keeps every line of an attempt within its budget, and adds no dropped-lines line', () => {
    const log = new TaskLogCollector('t/1', 2, 1, nest, 10_000);
    log.info('one');
    log.warn('two', { n: 2 });
    log.error('three');
    expect(log.entries.map(({ level, message, data }) => ({ level, message, data }))).toEqual([
      { level: 'info', message: 'one', data: undefined },
      { level: 'warn', message: 'two', data: { n: 2 } },
      { level: 'error', message: 'three', data: undefined },
    ]);
    expect(log.entries.every((entry) => entry.iteration === 2 && entry.attempt === 1)).toBe(true);
    expect(log.droppedLines).toBe(0);
  });

  it('keeps the newest lines within the budget and ends with how many earlier lines it dropped', () => {
    const budget = 64 * 1024;
    const log = new TaskLogCollector('t/1', 1, 3, nest, budget);
    const lines = 20_000;
    for (let n = 1; n <= lines; n += 1) log.info(`line ${n} ${'x'.repeat(200)}`);

    const entries = log.entries;
    expect(jsonSize(entries)).toBeLessThanOrEqual(budget);
    const last = entries[entries.length - 1]!;
    const kept = entries.slice(0, -1);
    // The newest lines, in order, without a gap, up to the last one written.
    expect(kept[kept.length - 1]!.message).toMatch(/^line 20000 /);
    const firstKept = Number(/^line (\d+) /.exec(kept[0]!.message)![1]);
    expect(kept.map((entry) => entry.message.split(' ')[1])).toEqual(Array.from({ length: kept.length }, (_, i) => String(firstKept + i)));
    // Most of the budget is used: the lines are not cut far below it.
    expect(jsonSize(entries)).toBeGreaterThan(budget - 2 * jsonSize(kept[0]));
    expect(last).toMatchObject({
      level: 'warn',
      message: `${firstKept - 1} earlier log lines dropped (over the log budget of ${budget} bytes per attempt, limits.logBytes)`,
      data: { droppedLines: firstKept - 1 },
      iteration: 1,
      attempt: 3,
    });
    expect(log.droppedLines).toBe(firstKept - 1);
    // The Nest logger still got every line.
    expect(nest.lines).toHaveLength(lines);
  });

  it('drops a line larger than the whole budget too, and counts it', () => {
    const log = new TaskLogCollector('t/1', 1, 1, nest, 4_096);
    log.info('small');
    log.info('huge', { blob: 'y'.repeat(10_000) });
    expect(log.entries.map((entry) => entry.message)).toEqual(['2 earlier log lines dropped (over the log budget of 4096 bytes per attempt, limits.logBytes)']);
    log.info('after');
    expect(log.entries.map((entry) => entry.message)).toEqual(['after', '2 earlier log lines dropped (over the log budget of 4096 bytes per attempt, limits.logBytes)']);
  });
});

describe('limits.logBytes and limits.resultWaitQueue', () => {
  it('default to 256 KiB of logs (an eighth of payloadBytes when smaller) and a queue of 10 000 waits', () => {
    expect(ResolvedTasksOptions.resolve({}).limits).toMatchObject({ logBytes: 256 * 1024, resultWaitQueue: 10_000 });
    expect(ResolvedTasksOptions.resolve({ limits: { payloadBytes: 1024 * 1024 } }).limits.logBytes).toBe(128 * 1024);
    expect(ResolvedTasksOptions.resolve({ limits: { resultWaitQueue: 0 } }).limits.resultWaitQueue).toBe(0);
  });

  it('refuse a log budget over half of payloadBytes, and a negative queue', () => {
    const resolve = (): unknown => ResolvedTasksOptions.resolve({ limits: { payloadBytes: 100_000, logBytes: 60_000, resultWaitQueue: -1 } });
    expect(resolve).toThrow(InvalidTasksModuleOptionsError);
    expect(resolve).toThrow(
      expect.objectContaining({
        problems: [
          'limits.resultWaitQueue must be a whole number of at least 0, got -1.',
          'limits.logBytes (60000) must be at most half of limits.payloadBytes (100000): an attempt\'s logs travel with its output or state under that limit.',
        ],
      }),
    );
  });
});
