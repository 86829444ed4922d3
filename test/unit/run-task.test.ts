import { Injectable } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { InvalidTaskDefinitionError, Task, TaskInputValidationError, TasksError, type TaskHandler, type TaskRunParams } from '../../src';
import { NotATaskError, runTask } from '../../src/testing';
import { ConformanceChildTask, ConformanceTask } from '../fixtures/conformance-tasks';
import { CollectMessagesTask } from '../fixtures/interactive-tasks';

@Injectable()
class Mailer {
  sent: string[] = [];
  send(to: string): void {
    this.sent.push(to);
  }
}

/** Waits a day between iterations, three times, then reports what it saw. */
@Task({ id: 'daily', maxIterations: 10 })
class DailyTask implements TaskHandler<{ to: string }, { days: number; close: boolean }, number> {
  constructor(private readonly mailer: Mailer) {}
  async run({ input, context, controller }: TaskRunParams<{ to: string }, { days: number; close: boolean }, number>) {
    this.mailer.send(input.to);
    const days = context.state ?? 0;
    if (days < 3) return controller.continue(days + 1, { delay: '1 day' });
    return controller.success({ days, close: context.isCloseToTimeout(5_000) });
  }
}

class Undecorated implements TaskHandler {
  run({ controller }: TaskRunParams) {
    return controller.success();
  }
}

describe('runTask', () => {
  it('runs a task from a Nest testing module with a mocked dependency, skipping its delays on a virtual clock', async () => {
    const mailer = { sent: [] as string[], send: vi.fn() };
    const moduleRef = await Test.createTestingModule({ providers: [DailyTask, { provide: Mailer, useValue: mailer }] }).compile();
    const started = Date.now();
    const result = await runTask(moduleRef.get(DailyTask), { to: 'ops@example.com' });
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(result).toMatchObject({ status: 'success', output: { days: 3, close: false }, iterations: 4, attempts: 1, state: 3 });
    expect(result.delays).toEqual([1, 2, 3].map((iteration) => ({ kind: 'delay', ms: 86_400_000, iteration })));
    expect(result.elapsedMs).toBe(3 * 86_400_000);
    expect(mailer.send).toHaveBeenCalledTimes(4);
  });

  it('starts where the options say: state, iteration (toward maxIterations) and attempt (toward the retry policy)', async () => {
    const fromState = await runTask(new DailyTask(new Mailer()), { to: 'a' }, { state: 3 });
    expect(fromState).toMatchObject({ status: 'success', iterations: 1, delays: [] });
    const nearLimit = await runTask(new DailyTask(new Mailer()), { to: 'a' }, { iteration: 10 });
    expect(nearLimit).toMatchObject({ status: 'failed', iterations: 10, error: { type: 'TaskMaxIterationsExceeded', retryable: false } });
    const lastAttempt = await runTask(new ConformanceTask(), { case: 'exhausted' }, { attempt: 3 });
    expect(lastAttempt).toMatchObject({ status: 'failed', attempts: 3, delays: [] });
    const backoffs = await runTask(new ConformanceTask(), { case: 'exhausted' });
    expect(backoffs.delays).toEqual([
      { kind: 'backoff', ms: 50, iteration: 1 },
      { kind: 'backoff', ms: 50, iteration: 1 },
    ]);
  });

  it('controls remainingMs() and isCloseToTimeout()', async () => {
    const result = await runTask(new DailyTask(new Mailer()), { to: 'a' }, { state: 3, remainingMs: 1_000 });
    expect(result.output).toEqual({ days: 3, close: true });
  });

  it('aborts at a virtual time: a wait that crosses it is cut short', async () => {
    const result = await runTask(new DailyTask(new Mailer()), { to: 'a' }, { abort: { afterMs: 36 * 3_600_000, reason: 'maintenance' } });
    expect(result).toMatchObject({ status: 'aborted', abortReason: 'maintenance', iterations: 2, elapsedMs: 36 * 3_600_000 });
  });

  it('records the children a task triggers without running them, and ends them as the test says', async () => {
    const result = await runTask(
      new ConformanceTask(),
      { case: 'children' },
      { id: 'conformance/p1', childResult: () => ({ status: 'failed', error: { message: 'no', type: 'Error' } }) },
    );
    expect(result.children).toEqual([
      {
        id: 'conformance:p1.1.1',
        definition: ConformanceChildTask,
        definitionId: 'conformanceChild',
        input: { n: 21 },
        options: { id: 'conformance:p1.1.1', parentId: 'conformance/p1' },
        iteration: 1,
      },
    ]);
    expect(result.output).toEqual(['failed']);
  });

  it('throws TasksErrors that say what to do for misuse', async () => {
    const notATask = await runTask(new Undecorated() as never, undefined as never).catch((err: unknown) => err);
    expect(notATask).toBeInstanceOf(NotATaskError);
    expect(notATask).toBeInstanceOf(TasksError);
    expect((notATask as Error).message).toMatch(/Undecorated.*Decorate the class with @Task/);
    await expect(runTask(new ConformanceTask(), { case: 'success', count: 'x' } as never)).rejects.toBeInstanceOf(TaskInputValidationError);
    @Task({ id: 'bad id' })
    class BadId implements TaskHandler {
      run({ controller }: TaskRunParams) {
        return controller.success();
      }
    }
    await expect(runTask(new BadId(), undefined)).rejects.toBeInstanceOf(InvalidTaskDefinitionError);
  });
});

describe('runTask: waiting for messages', () => {
  it('answers each wait through onWait, delivers messages given up front first, and drops a repeated messageId', async () => {
    const asked: unknown[] = [];
    const result = await runTask(
      new CollectMessagesTask(),
      { name: 'approval', timeouts: [null, null, '1 hour'] },
      {
        messages: [
          { name: 'approval', payload: 'early', messageId: 'm1' },
          { name: 'approval', payload: 'again', messageId: 'm1' },
        ],
        onWait: (wait) => {
          asked.push(wait);
          return wait.iteration === 2 ? { payload: 'answered' } : undefined;
        },
      },
    );
    expect(result.status).toBe('success');
    expect(result.output?.received.map((message) => message?.payload ?? null)).toEqual(['early', 'answered', null]);
    // The first wait found its message in the mailbox and was not asked; the third timed out on the virtual clock.
    expect(asked).toEqual([
      { name: 'approval', iteration: 2 },
      { name: 'approval', iteration: 3, timeoutMs: 3_600_000 },
    ]);
    expect(result.delays).toEqual([{ kind: 'wait', ms: 3_600_000, iteration: 3 }]);
    expect(result.elapsedMs).toBe(3_600_000);
    expect(result.iterations).toBe(4);
  });

  it('refuses a waitFor without a message name or with a timeout that is not above zero, as the Runner does', async () => {
    @Task({ id: 'badWait' })
    class BadWait implements TaskHandler<{ timeout: unknown }> {
      run({ input, controller }: TaskRunParams<{ timeout: unknown }>) {
        return controller.waitFor('x', { timeout: input.timeout as number });
      }
    }
    const result = await runTask(new BadWait(), { timeout: -1 });
    expect(result).toMatchObject({ status: 'failed', error: { type: 'InvalidTaskOutcomeError', retryable: false } });
    expect(result.error?.message).toContain('the timeout must be a duration above zero');
  });
});
