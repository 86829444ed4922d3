import { Injectable } from '@nestjs/common';
import { grpcStatusOf } from '../client/to-tasks-error';
import { TasksClient } from '../client/tasks-client';
import { TaskRunner } from '../runner/task.runner';
import { TaskRegistry } from '../task.registry';

/** A health indicator's result in `@nestjs/terminus`'s shape: `{ [key]: { status, ...details } }`. */
export type TasksHealthIndicatorResult<Key extends string = string> = Record<Key, { status: 'up' | 'down'; [detail: string]: unknown }>;

/** Options of `TasksHealthIndicator.isHealthy`. */
export interface TasksHealthCheckOptions {
  /** How long the check waits for each answer from Temporal, in milliseconds. @default 5 000 */
  timeoutMs?: number;
  /**
   * How recently Temporal must have seen this process's Runner poll its task queue (workflow and activity tasks).
   * An idle Runner's poll is held open by the server for up to a minute, so keep this above that.
   * @default 120 000 (2 minutes)
   */
  pollWindowMs?: number;
}

const DEFAULT_TIMEOUT_MS = 5_000;
const DEFAULT_POLL_WINDOW_MS = 120_000;
/** `TaskQueueType` of Temporal's API (`@temporalio/proto` is not a dependency an application declares). */
const TASK_QUEUE_TYPE = { workflow: 1, activity: 2 } as const;

/**
 * A health indicator for `@nestjs/terminus` (its result has terminus's shape, so the package itself is not needed
 * here): Temporal is reachable, the namespace exists, and, in a process with a Runner, the Runner is running and
 * Temporal has seen it poll its task queue recently. Down, it says why, in `reason`.
 *
 * ```ts
 * @Get('health') @HealthCheck()
 * check() { return this.health.check([() => this.tasksHealth.isHealthy('temporal')]); }
 * ```
 */
@Injectable()
export class TasksHealthIndicator {
  constructor(
    private readonly temporal: TasksClient,
    private readonly runner: TaskRunner,
    private readonly registry: TaskRegistry,
  ) {}

  /** Checks, and answers `{ [key]: { status: 'up' | 'down', ... } }`; never throws. */
  async isHealthy<const Key extends string = 'temporal'>(
    key: Key = 'temporal' as Key,
    options: TasksHealthCheckOptions = {},
  ): Promise<TasksHealthIndicatorResult<Key>> {
    const { address, namespace, taskQueue } = this.temporal;
    const details: Record<string, unknown> = { address, namespace, taskQueue };
    const reason = await this.problem(details, options.timeoutMs ?? DEFAULT_TIMEOUT_MS, options.pollWindowMs ?? DEFAULT_POLL_WINDOW_MS);
    const result = reason === undefined ? { status: 'up' as const, ...details } : { status: 'down' as const, reason, ...details };
    return { [key]: result } as TasksHealthIndicatorResult<Key>;
  }

  /** What is wrong, or undefined when nothing is; fills `details` with what it learnt. */
  private async problem(details: Record<string, unknown>, timeoutMs: number, pollWindowMs: number): Promise<string | undefined> {
    const { connection, namespace, address, options } = this.temporal;
    const ask = <T>(fn: () => Promise<T>): Promise<T> => connection.withDeadline(Date.now() + timeoutMs, fn);
    try {
      await ask(() => connection.workflowService.describeNamespace({ namespace }));
    } catch (err) {
      return this.describeFailure(err, timeoutMs);
    }

    if (options.runner === false) {
      details.runner = 'none (client-only process)';
      return undefined;
    }
    const workers = this.runner.temporalWorkers;
    if (workers.size === 0) {
      if (this.registry.all().length === 0) {
        details.runner = 'none (no @Task providers)';
        return undefined;
      }
      details.runner = 'not started';
      return 'The Runner has not started: the application has not finished bootstrapping, or the Runner failed to start (see the log).';
    }
    // One Worker per task queue this process serves: each must run, and each must be seen polling.
    const states = Object.fromEntries([...workers].map(([queue, worker]) => [queue, worker.getState()]));
    details.runner = workers.size === 1 ? Object.values(states)[0] : states;
    for (const [queue, state] of Object.entries(states)) {
      if (state === 'RUNNING') continue;
      const which = workers.size === 1 ? 'The Runner' : `The Runner's Worker of task queue "${queue}"`;
      return state === 'FAILED'
        ? `${which} stopped with an error (see the log) and runs no tasks any more: restart the process.`
        : `${which} is ${state}: it is shutting down and takes no new tasks.`;
    }

    // Running is the worker's own view; whether its polls reach the server is the server's.
    try {
      const since = Date.now() - pollWindowMs;
      for (const [queue, worker] of workers) {
        const identity = worker.options.identity;
        for (const [kind, taskQueueType] of Object.entries(TASK_QUEUE_TYPE)) {
          const { pollers } = await ask(() => connection.workflowService.describeTaskQueue({ namespace, taskQueue: { name: queue }, taskQueueType }));
          const seen = (pollers ?? []).some((poller) => poller.identity === identity && timestampMs(poller.lastAccessTime) >= since);
          if (!seen) {
            return `The Runner is running, but Temporal at ${address} has seen no poll of the ${kind} tasks of task queue "${queue}" from it (identity "${identity}") in the last ${Math.round(pollWindowMs / 1000)} s: it is not receiving tasks (it may be reconnecting after an outage).`;
          }
        }
      }
    } catch (err) {
      return this.describeFailure(err, timeoutMs);
    }
    return undefined;
  }

  private describeFailure(err: unknown, timeoutMs: number): string {
    const { address, namespace } = this.temporal;
    const status = grpcStatusOf(err);
    const message = err instanceof Error ? err.message : String(err);
    if (status === 5 && /namespace/i.test(message)) return `Namespace "${namespace}" does not exist on the Temporal server at ${address}.`;
    if (status === 4 || status === 14 || status === undefined) {
      return `Temporal at ${address} (namespace "${namespace}") did not answer within ${timeoutMs} ms: ${message}`;
    }
    return `Temporal at ${address} (namespace "${namespace}") refused the health check: ${message}`;
  }
}

function timestampMs(timestamp: { seconds?: unknown; nanos?: number | null } | null | undefined): number {
  if (!timestamp) return 0;
  const seconds = Number(timestamp.seconds ?? 0);
  return seconds * 1000 + Math.floor((timestamp.nanos ?? 0) / 1e6);
}
