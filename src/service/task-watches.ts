import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { Observable } from 'rxjs';
import { ResolvedTasksOptions } from '../options/resolved-tasks-options';
import { checkWatchOptions } from './check-watch-options';
import { TaskPoll, type TaskWatcher, type TaskWatchReader } from './task-poll';
import type { TaskWatchInfo } from './task-watch-info';
import type { TaskWatchOptions } from './task-watch.options';

/**
 * The polls of the tasks watched in this process, one per task however many watch it, counted by their watchers: a
 * poll starts with its first watcher and stops when the last one leaves or the task ends. `TaskService.watch` and
 * `watch$` are its two faces.
 */
@Injectable()
export class TaskWatches implements OnApplicationShutdown {
  private readonly polls = new Map<string, TaskPoll>();

  constructor(private readonly options: ResolvedTasksOptions) {}

  /** How many tasks are polled right now. */
  get size(): number {
    return this.polls.size;
  }

  /** The task's states as an async iterable: nothing is read before the first `next()`; leaving the loop leaves the poll. */
  async *iterate(taskId: string, options: TaskWatchOptions, reader: TaskWatchReader): AsyncGenerator<TaskWatchInfo, void, undefined> {
    const intervalMs = checkWatchOptions(taskId, options, this.options.watch);
    const { signal } = options;
    if (signal?.aborted) return;
    // A slow reader gets the newest state, not every one in between: each state is whole, and the last one always comes.
    let pending: TaskWatchInfo | undefined;
    let ended: { error?: unknown } | undefined;
    let wake: (() => void) | undefined;
    const notify = (): void => {
      wake?.();
      wake = undefined;
    };
    const leave = this.join(taskId, reader, {
      intervalMs,
      next: (info) => {
        pending = info;
        notify();
      },
      error: (error) => {
        ended = { error };
        notify();
      },
      complete: () => {
        ended = {};
        notify();
      },
    });
    signal?.addEventListener('abort', notify, { once: true });
    try {
      for (;;) {
        if (signal?.aborted) return;
        if (pending) {
          const info = pending;
          pending = undefined;
          yield info;
          continue;
        }
        if (ended) {
          if ('error' in ended) throw ended.error;
          return;
        }
        await new Promise<void>((resolve) => (wake = resolve));
      }
    } finally {
      signal?.removeEventListener('abort', notify);
      leave();
    }
  }

  /** The task's states as an Observable: nothing is read before it is subscribed; unsubscribing leaves the poll. */
  observe(taskId: string, options: TaskWatchOptions, reader: TaskWatchReader): Observable<TaskWatchInfo> {
    return new Observable<TaskWatchInfo>((subscriber) => {
      let intervalMs: number;
      try {
        intervalMs = checkWatchOptions(taskId, options, this.options.watch);
      } catch (err) {
        subscriber.error(err);
        return undefined;
      }
      const { signal } = options;
      if (signal?.aborted) {
        subscriber.complete();
        return undefined;
      }
      const onAbort = (): void => subscriber.complete();
      signal?.addEventListener('abort', onAbort, { once: true });
      const leave = this.join(taskId, reader, {
        intervalMs,
        next: (info) => subscriber.next(info),
        error: (err) => subscriber.error(err),
        complete: () => subscriber.complete(),
      });
      return () => {
        signal?.removeEventListener('abort', onAbort);
        leave();
      };
    });
  }

  /** Joins the task's poll, starting it if none runs; returns how to leave it. */
  private join(taskId: string, reader: TaskWatchReader, watcher: TaskWatcher): () => void {
    let poll = this.polls.get(taskId);
    if (!poll) {
      const created: TaskPoll = new TaskPoll(reader, this.options.watch.maxIntervalMs, () => {
        if (this.polls.get(taskId) === created) this.polls.delete(taskId);
      });
      this.polls.set(taskId, created);
      poll = created;
    }
    const joined = poll;
    joined.add(watcher);
    return () => joined.remove(watcher);
  }

  /** Ends every watch when the application closes: their loops end and their Observables complete. */
  onApplicationShutdown(): void {
    for (const poll of [...this.polls.values()]) poll.close();
    this.polls.clear();
  }
}
