import { Injectable } from '@nestjs/common';
import { msToNumber } from '@temporalio/common/lib/time';
import type { Duration } from '../task.interfaces';

interface Timer {
  at: number;
  resolve: () => void;
}

/**
 * The virtual clock of `TasksTestingModule`: every wait of a task (a `continue` delay, a retry backoff, a trigger's
 * `delay`) is a timer on it, never on real time. With `clock: 'auto'` (the default) a wait passes at once and the
 * clock jumps past it; with `clock: 'manual'` waits stay pending until the test moves the clock with `advance`, so it
 * can assert on a task while it waits. Inject it: `moduleRef.get(TaskTestClock)`.
 */
@Injectable()
export class TaskTestClock {
  private current: number;
  private timers: Timer[] = [];
  /** @internal How many tasks are running code (not waiting on the clock): `TaskService` in memory keeps it. */
  busy = 0;

  /** @internal Made by `TasksTestingModule`. */
  constructor(
    /** How the clock moves: waits pass at once (`'auto'`), or when the test advances it (`'manual'`). Set by `forRoot({ clock })`. */
    readonly mode: 'auto' | 'manual' = 'auto',
    start: Date = new Date(),
  ) {
    this.current = start.getTime();
  }

  /** The virtual time. */
  now(): Date {
    return new Date(this.current);
  }

  /** @internal The virtual time in ms. */
  nowMs(): number {
    return this.current;
  }

  /** How many waits are pending on the clock (always 0 in `auto` mode once the tasks have settled). */
  get pendingWaits(): number {
    return this.timers.length;
  }

  /**
   * Moves the clock forward by `duration` (ms or a string such as `'1 day'`): every wait that ends by then ends, in
   * order, and the tasks run on until they all wait again or end. Resolves once they have.
   */
  async advance(duration: Duration): Promise<void> {
    const target = this.current + msToNumber(duration);
    await this.settle();
    for (;;) {
      this.timers.sort((a, b) => a.at - b.at);
      const next = this.timers[0];
      if (!next || next.at > target) break;
      this.timers.shift();
      this.current = Math.max(this.current, next.at);
      next.resolve();
      await this.settle();
    }
    this.current = target;
  }

  /** Resolves once every task is waiting (on the clock or its children) or has ended. */
  async settle(): Promise<void> {
    // A few turns of the event loop even when nothing is busy, so that work just started (a trigger) gets going.
    for (let turn = 0; turn < 3 || this.busy > 0; turn += 1) {
      await new Promise((resolve) => setImmediate(resolve));
      if (turn > 100_000) break;
    }
  }

  /** @internal A wait of `ms` on the virtual clock; rejects when `signal` aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(new Error('aborted'));
    if (this.mode === 'auto') {
      this.current += ms;
      return new Promise((resolve) => setImmediate(resolve));
    }
    return new Promise((resolve, reject) => {
      const timer: Timer = {
        at: this.current + ms,
        resolve: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
      };
      const onAbort = (): void => {
        this.timers = this.timers.filter((known) => known !== timer);
        reject(new Error('aborted'));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.timers.push(timer);
    });
  }
}
