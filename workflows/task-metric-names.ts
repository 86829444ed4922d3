/**
 * Names of the library's own metrics, shared by the workflow (outcome counters), the activities (iteration
 * durations) and the client (triggers). Free of imports, so the Node side can read them without loading workflow code.
 */

/** Names of the library's own metrics (a metrics exporter may add a prefix or suffix, see docs/reference.md). */
export const TASK_METRICS = {
  /** Counter: tasks triggered through `TaskService` (trigger, retry, child tasks, event triggers), by the process that triggered them. */
  triggered: 'tasks_triggered',
  /** Counter: tasks that ended `success`. */
  succeeded: 'tasks_succeeded',
  /** Counter: tasks that ended `failed` (retries exhausted, a non-retryable error, past maxIterations). */
  failed: 'tasks_failed',
  /** Counter: tasks that ended `aborted`. */
  aborted: 'tasks_aborted',
  /** Histogram, milliseconds: how long each attempt of an iteration ran, by definition and outcome. */
  iterationDuration: 'task_iteration_duration',
} as const;

/** Tag naming the definition on every library metric. */
export const TASK_DEFINITION_METRIC_TAG = 'task_definition';
