import { DETAILS_LOG_LINES, DETAILS_TEXT_CHARS, renderTaskDetails } from '../../workflows/task-details';
import type { TaskLogEntry } from '../../workflows/task-workflow.types';

const line = (n: number, message = `row ${n} imported`): TaskLogEntry => ({ level: 'info', message, data: { n }, iteration: 1, attempt: 1, at: `2026-11-29T12:00:${String(n % 60).padStart(2, '0')}.000Z` });

describe('the task details shown in the Web UI', () => {
  it('tell status, iteration and progress, and list the latest log lines as text', () => {
    const text = renderTaskDetails({ title: 'Import CSV', status: 'running', iteration: 2, maxIterations: 50, progress: { value: 40 }, logs: [line(1), line(2)] });
    expect(text).toBe(
      [
        '### Import CSV',
        '**running** · iteration 2 of at most 50 · progress 40 (as of the last iteration)',
        '',
        '**Logs** (2)',
        '',
        '- `12:00:01` info · #1.1 · row 1 imported `{"n":1}`',
        '- `12:00:02` info · #1.1 · row 2 imported `{"n":2}`',
      ].join('\n'),
    );
  });

  it('say why a task failed or was aborted', () => {
    expect(renderTaskDetails({ title: 't', status: 'failed', iteration: 1, maxIterations: 50, error: { message: 'disk full', type: 'DiskFullError' }, logs: [] })).toContain('**Failed:** disk full (`DiskFullError`)');
    expect(renderTaskDetails({ title: 't', status: 'aborted', iteration: 1, maxIterations: 50, abortReason: 'withdrawn by the user', logs: [] })).toContain('**Aborted**: withdrawn by the user');
    expect(renderTaskDetails({ title: 't', status: 'aborted', iteration: 1, maxIterations: 50, logs: [] })).toContain('**Aborted** (no reason given)');
  });

  it('say what a waiting task waits for, and until when, only while it waits', () => {
    const waitingFor = { name: 'approval', until: '2026-11-29T13:00:00.000Z' };
    expect(renderTaskDetails({ title: 't', status: 'waiting', iteration: 1, maxIterations: 50, logs: [], waitingFor })).toContain('**Waiting for** a message "approval" until 2026-11-29 13:00:00 UTC');
    expect(renderTaskDetails({ title: 't', status: 'waiting', iteration: 1, maxIterations: 50, logs: [], waitingFor: { name: 'a_b*' } })).toContain('**Waiting for** a message "a\\_b\\*"');
    expect(renderTaskDetails({ title: 't', status: 'aborted', iteration: 1, maxIterations: 50, logs: [], waitingFor })).not.toContain('Waiting');
  });

  it('stay short and bounded, whatever the task logs', () => {
    const logs = Array.from({ length: 500 }, (_, n) => line(n, 'x'.repeat(10_000)));
    const text = renderTaskDetails({ title: 'Huge', status: 'running', iteration: 1, maxIterations: 50, error: { message: 'y'.repeat(10_000), type: 'Error' }, logs });
    expect(text).toContain(`**Logs** (latest ${DETAILS_LOG_LINES} of 500)`);
    expect(text.split('\n').filter((row) => row.startsWith('- '))).toHaveLength(DETAILS_LOG_LINES);
    expect(text.length).toBeLessThan((DETAILS_LOG_LINES + 2) * (2 * DETAILS_TEXT_CHARS + 60) + 200);
  });

  it('keep text from a task from being read as Markdown', () => {
    expect(renderTaskDetails({ title: 'a *bold* <b>x</b>', status: 'success', iteration: 1, maxIterations: 1, logs: [] })).toContain('### a \\*bold\\* \\<b\\>x\\</b\\>');
  });
});
