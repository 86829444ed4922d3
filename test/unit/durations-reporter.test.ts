import { formatDurations } from '../support/durations-reporter';

describe('formatDurations (the per-file durations printed at the end of a test run)', () => {
  const files = [
    { file: 'test/unit/a.test.ts', project: 'unit', ms: 1_200 },
    { file: 'test/consumer/consumer.test.ts', project: 'integration', ms: 134_000 },
    { file: 'test/integration/b.test.ts', project: 'integration', ms: 49_000 },
  ];

  it('lists files slowest first, flags those over the file budget, and sums them', () => {
    const lines = formatDurations(files, 200_000, 120, 600).split('\n');
    expect(lines[0]).toBe('Test file durations, slowest first (budget: 120 s per file, 600 s for the run):');
    expect(lines.slice(1, 4).map((line) => line.trim().split(/\s+/)[2])).toEqual([
      'test/consumer/consumer.test.ts',
      'test/integration/b.test.ts',
      'test/unit/a.test.ts',
    ]);
    expect(lines[1]).toMatch(/^\s+134\.0 s\s+test\/consumer\/consumer\.test\.ts\s+integration {2}OVER BUDGET \(120 s\)$/);
    expect(lines[2]).not.toContain('OVER BUDGET');
    expect(lines[4]).toBe('  total: 184.2 s in 3 files; run 200.0 s with set-up');
    expect(lines[5]).toBe('  1 file(s) over the 120 s budget: test/consumer/consumer.test.ts');
  });

  it('flags a run over its budget, and flags nothing within budget', () => {
    expect(formatDurations(files, 601_000, 120, 600)).toContain('run 601.0 s with set-up  OVER BUDGET (600 s)');
    expect(formatDurations(files, 100_000, 200, 600)).not.toContain('OVER BUDGET');
  });
});
