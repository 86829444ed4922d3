import type { WorkflowExecutionDescription } from '@temporalio/client';
import type { TaskLogEntry } from '../../workflows/task-workflow.types';
import type { TaskInfo } from './task-info';
import { WATCH_LOG_LINES, type TaskWatchInfo } from './task-watch-info';

/** How a poll reads its task: each call reads Temporal, and none writes to the task's history. */
export interface TaskWatchReader {
  /** The task's latest run, checked to be this application's task (`TaskNotFoundError` otherwise). */
  describe(): Promise<WorkflowExecutionDescription>;
  /** What `get()` says of the task, from that description. */
  info(description: WorkflowExecutionDescription): Promise<TaskInfo>;
  /** The task's durable logs, oldest first. */
  logs(): Promise<TaskLogEntry[]>;
}

/** One watcher of a poll: told of each new state, of the error that ended the poll, or that the task ended. */
export interface TaskWatcher {
  readonly intervalMs: number;
  next(info: TaskWatchInfo): void;
  error(err: unknown): void;
  complete(): void;
}

const ENDED = new Set(['success', 'failed', 'aborted']);

/**
 * The one poll of a task that every watcher of it in this process shares. It reads the task's description each time
 * (one request), and reads the rest (its input, its logs, its output or error) only when the description has changed;
 * it tells its watchers of a state only when it differs from the previous one. While nothing changes the wait between
 * reads doubles, up to `maxIntervalMs`. It stops when its last watcher leaves, after the task ended (with the final
 * state told first), or on the first failed read (told as the error: a task that is not ours is a `TaskNotFoundError`).
 */
export class TaskPoll {
  private readonly watchers = new Set<TaskWatcher>();
  private latest?: { info: TaskWatchInfo; json: string };
  /** What the previous read described: a changed key means something may have changed worth reading in full. */
  private seen?: { key: string; runId: string; historyLength: number };
  private timer?: NodeJS.Timeout;
  private delayMs = 0;
  private reading = false;
  private stopped = false;

  constructor(
    private readonly reader: TaskWatchReader,
    private readonly maxIntervalMs: number,
    private readonly onStop: () => void,
  ) {}

  /** Adds a watcher, telling it the current state at once when one was read already. */
  add(watcher: TaskWatcher): void {
    this.watchers.add(watcher);
    if (this.latest) watcher.next(this.latest.info);
    if (this.watchers.size === 1 && !this.reading && !this.timer) {
      void this.read();
      return;
    }
    // A faster watcher joining a poll that backed off brings its next read forward.
    if (this.timer && watcher.intervalMs < this.delayMs) this.schedule(true);
  }

  remove(watcher: TaskWatcher): void {
    if (!this.watchers.delete(watcher) || this.watchers.size > 0) return;
    this.stop();
  }

  /** Ends the poll for every watcher as if the watch had ended (application shutdown). */
  close(): void {
    const watchers = [...this.watchers];
    this.stop();
    for (const watcher of watchers) watcher.complete();
  }

  private async read(): Promise<void> {
    this.timer = undefined;
    this.reading = true;
    let changed = false;
    try {
      const description = await this.reader.describe();
      const key = changeKey(description);
      if (!this.stopped && key !== this.seen?.key) {
        // Durable logs are written only with events (an iteration's end), so they are read again only when the
        // history has grown or a new run began.
        const grown = this.seen?.runId !== description.runId || this.seen.historyLength !== description.historyLength;
        const [info, logs] = await Promise.all([
          this.reader.info(description),
          grown || !this.latest ? this.reader.logs().then((lines) => lines.slice(-WATCH_LOG_LINES)) : this.latest.info.logs,
        ]);
        // The workflow only ever replaces a task's progress, never clears it; but between the end of an iteration and
        // the memo that records its progress, Temporal's record has none. A watcher keeps the one it saw in the run,
        // so that a progress bar never falls back.
        const kept = info.progress === undefined && this.seen?.runId === description.runId ? this.latest?.info.progress : undefined;
        this.seen = { key, runId: description.runId, historyLength: description.historyLength };
        const next: TaskWatchInfo = { ...info, ...(kept ? { progress: kept } : {}), logs };
        // Every field of the state is compared, so whatever `get()` learns to say is watched as well.
        const json = JSON.stringify(next);
        if (json !== this.latest?.json) {
          this.latest = { info: next, json };
          changed = true;
          for (const watcher of [...this.watchers]) if (!this.stopped) watcher.next(next);
        }
      }
    } catch (err) {
      this.reading = false;
      if (this.stopped) return;
      const watchers = [...this.watchers];
      this.stop();
      for (const watcher of watchers) watcher.error(err);
      return;
    }
    this.reading = false;
    if (this.stopped) return;
    if (this.latest && ENDED.has(this.latest.info.status)) {
      const watchers = [...this.watchers];
      this.stop();
      for (const watcher of watchers) watcher.complete();
      return;
    }
    this.schedule(changed);
  }

  /** The next read: soon after a change, later and later (up to `maxIntervalMs`) while nothing changes. */
  private schedule(changed: boolean): void {
    if (this.timer) clearTimeout(this.timer);
    const base = Math.min(...[...this.watchers].map((watcher) => watcher.intervalMs));
    this.delayMs = changed || this.delayMs === 0 ? base : Math.min(Math.max(this.delayMs * 2, base), Math.max(this.maxIntervalMs, base));
    this.timer = setTimeout(() => void this.read(), this.delayMs);
  }

  private stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.watchers.clear();
    this.onStop();
  }
}

/**
 * What of a description says the task may have changed: its run, its execution status, the length of its history
 * (every event the task records: an iteration's end, its memo, its status, messages it receives), and its running
 * iteration's attempt and heartbeat (progress), which write no events.
 */
function changeKey(description: WorkflowExecutionDescription): string {
  const activities = (description.raw.pendingActivities ?? []).map((activity) => [
    activity.activityType?.name,
    activity.state,
    activity.attempt,
    (activity.heartbeatDetails?.payloads ?? []).map((payload) => Buffer.from(payload.data ?? []).toString('base64')),
  ]);
  return JSON.stringify([description.runId, description.status.name, description.historyLength, activities]);
}
