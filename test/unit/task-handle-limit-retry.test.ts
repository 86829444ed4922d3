import { Semaphore } from '../../src/client/semaphore';
import type { TasksClient } from '../../src/client/tasks-client';
import { TemporalLimitExceededError } from '../../src';
import { TaskHandle } from '../../src/task-handle';

/**
 * `result()` while the namespace refuses another long poll (RESOURCE_EXHAUSTED, other processes hold them all): it
 * tries again, backing off, for 60 s, then gives up with the limit error. A fake clock stands in for the 60 s; the
 * server's refusal is the library's own error, as `TasksClient.call` makes it (see to-tasks-error.test.ts).
 */
describe('TaskHandle.result() when the namespace has no long poll to spare', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  /** A client whose waits are refused `refusals` times (for ever by default), then answered with `output`. */
  function refusingClient(refusals = Number.POSITIVE_INFINITY, output = 'done'): { client: TasksClient; tries: number[] } {
    const tries: number[] = [];
    const client = {
      resultWaits: new Semaphore(1),
      call: async (operation: string) => {
        tries.push(Date.now());
        if (tries.length <= refusals) throw new TemporalLimitExceededError('default', operation, 'namespace concurrent long poll limit exceeded');
        return output;
      },
    } as unknown as TasksClient;
    return { client, tries };
  }

  it('tries again with growing pauses (0.5 s doubling, at most 5 s), and gives up with TemporalLimitExceededError after 60 s', async () => {
    const { client, tries } = refusingClient();
    const startedAt = Date.now();
    const outcome = new TaskHandle(client, 'sendReport/a', 'sendReport').result().catch((err: unknown) => err);
    let settled = false;
    void outcome.then(() => (settled = true));

    await vi.advanceTimersByTimeAsync(59_000);
    expect(settled).toBe(false);
    const pauses = tries.slice(1).map((at, i) => at - tries[i]!);
    expect(pauses.slice(0, 5)).toEqual([500, 1_000, 2_000, 4_000, 5_000]);
    expect(pauses.every((pause) => pause <= 5_000)).toBe(true);

    await vi.advanceTimersByTimeAsync(7_000);
    const error = await outcome;
    expect(error).toBeInstanceOf(TemporalLimitExceededError);
    expect(tries.at(-1)! - startedAt).toBeGreaterThan(60_000);
    expect(tries.at(-1)! - startedAt).toBeLessThanOrEqual(65_000);
  });

  it('resolves once a long poll frees up within the 60 s', async () => {
    const { client, tries } = refusingClient(3, 'sent');
    const outcome = new TaskHandle(client, 'sendReport/b', 'sendReport').result();
    await vi.advanceTimersByTimeAsync(3_500);
    await expect(outcome).resolves.toBe('sent');
    expect(tries).toHaveLength(4);
  });
});
