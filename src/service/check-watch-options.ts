import { InvalidWatchOptionsError } from '../errors/invalid-watch-options.error';
import type { ResolvedTasksOptions } from '../options/resolved-tasks-options';
import type { TaskWatchOptions } from './task-watch.options';

/** The interval a watch asks for, once its options are checked: `InvalidWatchOptionsError` otherwise. */
export function checkWatchOptions(taskId: string, options: TaskWatchOptions, polling: ResolvedTasksOptions['watch']): number {
  if (typeof options !== 'object' || options === null)
    throw new InvalidWatchOptionsError(taskId, 'the options must be an object ({ signal?, intervalMs? })');
  const { signal, intervalMs = polling.intervalMs } = options;
  if (signal !== undefined && !(signal instanceof AbortSignal))
    throw new InvalidWatchOptionsError(taskId, "signal must be an AbortSignal (e.g. an AbortController's signal)");
  if (typeof intervalMs !== 'number' || !Number.isFinite(intervalMs) || intervalMs < polling.minIntervalMs) {
    throw new InvalidWatchOptionsError(
      taskId,
      `intervalMs must be a number of milliseconds of at least ${polling.minIntervalMs} (the module's watch.minIntervalMs), got ${JSON.stringify(intervalMs)}`,
    );
  }
  return intervalMs;
}
