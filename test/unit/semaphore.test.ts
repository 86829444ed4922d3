import { Semaphore, SemaphoreQueueFullError } from '../../src/client/semaphore';

/** A `fn` for `run` that holds its place until released. */
function holder(): { fn: () => Promise<string>; release: (value: string) => void; started: boolean } {
  let release!: (value: string) => void;
  const gate = new Promise<string>((resolve) => (release = resolve));
  const h = {
    started: false,
    fn: () => {
      h.started = true;
      return gate;
    },
    release: (value: string) => release(value),
  };
  return h;
}

const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('Semaphore', () => {
  it('holds at most `size` places, queues up to `queueLimit` callers first come first served, and refuses the next at once', async () => {
    const semaphore = new Semaphore(2, 1);
    const [a, b, c] = [holder(), holder(), holder()];
    const runs = [semaphore.run(a.fn), semaphore.run(b.fn), semaphore.run(c.fn)];
    await tick();
    expect(semaphore.usage).toEqual({ held: 2, waiting: 1 });
    expect([a.started, b.started, c.started]).toEqual([true, true, false]);

    const refused = await semaphore.run(async () => 'never').catch((err: unknown) => err);
    expect(refused).toBeInstanceOf(SemaphoreQueueFullError);
    expect(refused).toMatchObject({ size: 2, queueLimit: 1 });
    expect(semaphore.usage).toEqual({ held: 2, waiting: 1 });

    a.release('a');
    await tick();
    // The freed place went straight to the one in line.
    expect(c.started).toBe(true);
    expect(semaphore.usage).toEqual({ held: 2, waiting: 0 });
    b.release('b');
    c.release('c');
    expect(await Promise.all(runs)).toEqual(['a', 'b', 'c']);
    expect(semaphore.usage).toEqual({ held: 0, waiting: 0 });
  });

  it('a signal that aborts while the caller is queued takes it out of the queue and rejects with its reason', async () => {
    const semaphore = new Semaphore(1, 5);
    const a = holder();
    const first = semaphore.run(a.fn);
    const controller = new AbortController();
    const queued = holder();
    const waiting = semaphore.run(queued.fn, controller.signal);
    const next = holder();
    const after = semaphore.run(next.fn);
    await tick();
    expect(semaphore.usage).toEqual({ held: 1, waiting: 2 });

    const reason = new Error('caller gave up');
    controller.abort(reason);
    await expect(waiting).rejects.toBe(reason);
    expect(semaphore.usage).toEqual({ held: 1, waiting: 1 });

    a.release('a');
    await tick();
    expect(queued.started).toBe(false);
    expect(next.started).toBe(true);
    next.release('next');
    expect(await Promise.all([first, after])).toEqual(['a', 'next']);
    expect(semaphore.usage).toEqual({ held: 0, waiting: 0 });
  });

  it('a signal aborted already takes no place, and a place held is freed when `fn` rejects', async () => {
    const semaphore = new Semaphore(1, 0);
    const controller = new AbortController();
    controller.abort('gone');
    await expect(semaphore.run(async () => 'never', controller.signal)).rejects.toBe('gone');
    expect(semaphore.usage).toEqual({ held: 0, waiting: 0 });

    await expect(semaphore.run(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(semaphore.usage).toEqual({ held: 0, waiting: 0 });
    // With no queue, a second caller while the place is held is refused at once.
    const a = holder();
    const first = semaphore.run(a.fn);
    await expect(semaphore.run(async () => 'never')).rejects.toBeInstanceOf(SemaphoreQueueFullError);
    a.release('a');
    expect(await first).toBe('a');
  });
});
