/** Options of `TaskService.watch` and `watch$`. */
export interface TaskWatchOptions {
  /**
   * Ends the watch (not the task): the iteration ends (`for await` leaves its loop) or the Observable completes, and
   * this watcher's share of the poll is released. An already aborted signal yields nothing. @default none (the watch
   * lasts until the task ends)
   */
  signal?: AbortSignal;
  /**
   * Milliseconds between two reads of the task while it changes; at least the module's `watch.minIntervalMs`. Watchers
   * of one task share one poll, which runs at the shortest interval any of them asked for.
   * @default the module's `watch.intervalMs` (1 000)
   */
  intervalMs?: number;
}
