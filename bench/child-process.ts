import { fork, type ChildProcess } from 'node:child_process';

/**
 * A compiled entry file of the bench run in a fresh Node process, with an IPC channel: a process of its own for what
 * must start cold or whose memory must be its own.
 */
export class BenchChild<ToChild, FromChild> {
  private readonly inbox: FromChild[] = [];
  private readonly waiting: Array<{ resolve: (message: FromChild) => void; reject: (err: Error) => void }> = [];
  private exitError?: Error;
  readonly exited: Promise<void>;

  private constructor(private readonly child: ChildProcess) {
    child.on('message', (message) => {
      const waiter = this.waiting.shift();
      if (waiter) waiter.resolve(message as FromChild);
      else this.inbox.push(message as FromChild);
    });
    this.exited = new Promise((resolve) => {
      child.once('exit', (code, signal) => {
        if (code !== 0) this.exitError = new Error(`bench child ${child.spawnfile} exited with ${signal ?? `code ${String(code)}`}`);
        for (const waiter of this.waiting.splice(0)) waiter.reject(this.exitError ?? new Error('bench child exited before answering'));
        resolve();
      });
    });
  }

  static start<ToChild, FromChild>(entry: string, args: readonly string[]): BenchChild<ToChild, FromChild> {
    return new BenchChild(
      fork(entry, args, { execArgv: ['--expose-gc'], stdio: 'inherit' }),
    );
  }

  send(message: ToChild): void {
    this.child.send(message as object);
  }

  /** The child's next message; rejects if the child exits first. */
  next(): Promise<FromChild> {
    const queued = this.inbox.shift();
    if (queued !== undefined) return Promise.resolve(queued);
    if (this.child.exitCode !== null || this.child.signalCode !== null)
      return Promise.reject(this.exitError ?? new Error('bench child has exited'));
    return new Promise((resolve, reject) => this.waiting.push({ resolve, reject }));
  }

  /** Ends the child at once (after a failure on either side). */
  kill(): void {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
  }

  /** Waits for the child to exit on its own; kills it if it has not within `ms`. */
  async stop(ms = 15_000): Promise<void> {
    const timer = setTimeout(() => this.child.kill('SIGKILL'), ms);
    await this.exited;
    clearTimeout(timer);
    if (this.exitError) throw this.exitError;
  }
}
