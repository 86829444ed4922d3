import type { TaskLogEntry } from '../../workflows/task-workflow.types';
import type { TaskInfo } from './task-info';

/** The newest durable log lines a watch yields with each state of its task. */
export const WATCH_LOG_LINES = 100;

/**
 * A state of a watched task, as `TaskService.watch` yields it: everything `get()` says (so any field a later version
 * adds to `TaskInfo`, such as what a task waits for, is watched and compared with no change here), and its newest logs.
 */
export interface TaskWatchInfo extends TaskInfo {
  /**
   * The task's newest durable log lines (at most 100), oldest first, as `logs()` reads them. Each yield carries them
   * whole rather than the lines added since the previous one, so that every state stands alone: watchers that share
   * one poll, or join it late, or a browser that reconnects, all see the same picture. Durable lines are written when
   * an iteration ends, so they change at most once an iteration.
   */
  logs: TaskLogEntry[];
}
