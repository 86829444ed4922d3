import { TaskInputValidationError, type TaskInfo, type TaskLogEntry } from '../../src';
import { runTask, type RunTaskResult } from '../../src/testing';
import { ConformanceChildTask, ConformanceTask, type ConformanceCase } from '../fixtures/conformance-tasks';
import { createTaskTestApp, eventually, type TaskTestApp } from '../support/task-test-app';

/**
 * One semantics, two engines: every case of the conformance fixture runs on the real Temporal server (through
 * TaskService) and in memory (through runTask), and both must tell the same story: status, output, error, abort
 * reason, iterations, attempts, progress, and the durable log lines (hooks' included).
 */
const CASES: Array<{ case: ConformanceCase; abort?: string }> = [
  { case: 'success' },
  { case: 'iterations' },
  { case: 'flaky' },
  { case: 'exhausted' },
  { case: 'nonRetryable' },
  { case: 'nonRetryableType' },
  { case: 'selfAbort' },
  { case: 'maxIterations' },
  { case: 'forgotReturn' },
  { case: 'hookFails' },
  { case: 'waitForAbort', abort: 'stop, please' },
  { case: 'children' },
  { case: 'waitTimeout' },
  { case: 'waitsPastMax' },
];

/** What both engines must agree on. */
function view(
  task: Pick<TaskInfo, 'status' | 'output' | 'error' | 'abortReason' | 'iterations' | 'attempts' | 'progress'>,
  logs: readonly TaskLogEntry[],
) {
  return {
    status: task.status,
    output: task.output,
    error: task.error,
    abortReason: task.abortReason,
    iterations: task.iterations,
    attempts: task.attempts,
    progress: task.progress,
    logs: logs.map(({ level, message, data, iteration, attempt }) => ({ level, message, data, iteration, attempt })),
  };
}

function inMemoryView(result: RunTaskResult) {
  return view({ ...result, status: result.status }, result.logs);
}

describe('conformance: the in-memory engine and Temporal agree', () => {
  let app: TaskTestApp;
  beforeAll(async () => {
    app = await createTaskTestApp([ConformanceTask, ConformanceChildTask]);
  });
  afterAll(async () => {
    await app?.app.close();
  });

  async function onTemporal(handle: { id: string }, input: { case: ConformanceCase }, abort?: string) {
    if (abort !== undefined) {
      await eventually(async () => ((await app.tasks.get(handle.id)).attempts > 0 ? true : undefined), 20_000, 'the attempt to start');
      await app.tasks.abort(handle.id, abort);
    }
    const info = await eventually(
      async () => {
        const task = await app.tasks.get(handle.id);
        return task.status === 'running' || task.status === 'pending' || task.status === 'waiting' ? undefined : task;
      },
      30_000,
      `${input.case} to end`,
    );
    return view(info, await app.tasks.logs(handle.id));
  }

  it.each(CASES)('$case ends the same way on both engines', async ({ case: name, abort }) => {
    const input = { case: name };
    const handle = await app.tasks.trigger(ConformanceTask, input);
    const [temporal, memory] = await Promise.all([
      onTemporal(handle, input, abort),
      runTask(new ConformanceTask(), input, {
        id: handle.id,
        ...(abort === undefined ? {} : { abort: { iteration: 1, reason: abort } }),
      }).then(inMemoryView),
    ]);
    expect(memory).toEqual(temporal);
  });

  it('refuses an input that fails the schema on both engines, with the same error', async () => {
    const bad = { case: 'success', count: 1.5 } as never;
    const [onServer, inMemory] = await Promise.all([
      app.tasks.trigger(ConformanceTask, bad).catch((err: unknown) => err),
      runTask(new ConformanceTask(), bad).catch((err: unknown) => err),
    ]);
    expect(onServer).toBeInstanceOf(TaskInputValidationError);
    expect(inMemory).toBeInstanceOf(TaskInputValidationError);
    expect((inMemory as Error).message).toBe((onServer as Error).message);
  });
});
