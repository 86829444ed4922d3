/** Rejection of `Semaphore.run` when every place is held and the queue is full: the caller turns it into its own error. */
export class SemaphoreQueueFullError extends Error {
  constructor(readonly size: number, readonly queueLimit: number) {
    super(`all ${size} places are held and ${queueLimit} callers are queued`);
    this.name = 'SemaphoreQueueFullError';
  }
}

/**
 * At most `size` holders at once; up to `queueLimit` more wait their turn, first come first served, and any further
 * caller is refused at once (`SemaphoreQueueFullError`), so the queue stays bounded.
 */
export class Semaphore {
  private held = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(
    readonly size: number,
    readonly queueLimit = Number.POSITIVE_INFINITY,
  ) {}

  /**
   * Runs `fn` once a place is free, and frees it when `fn` settles. A `signal` that aborts while the caller waits for
   * its turn takes it out of the queue and rejects with the signal's reason (stopping `fn` is `fn`'s own business).
   */
  async run<T>(fn: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    await this.acquire(signal);
    try {
      return await fn();
    } finally {
      // Hand the place straight to the next in line, or give it back.
      const next = this.waiting.shift();
      if (next) next();
      else this.held -= 1;
    }
  }

  /** Holders right now, and callers waiting for a place. */
  get usage(): { held: number; waiting: number } {
    return { held: this.held, waiting: this.waiting.length };
  }

  private acquire(signal: AbortSignal | undefined): Promise<void> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    if (this.held < this.size) {
      this.held += 1;
      return Promise.resolve();
    }
    if (this.waiting.length >= this.queueLimit) return Promise.reject(new SemaphoreQueueFullError(this.size, this.queueLimit));
    return new Promise<void>((resolve, reject) => {
      const onAbort = (): void => {
        const index = this.waiting.indexOf(waiter);
        if (index >= 0) this.waiting.splice(index, 1);
        reject(signal?.reason);
      };
      const waiter = (): void => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiting.push(waiter);
    });
  }
}
