import { Injectable } from '@nestjs/common';
import type { Worker } from '@temporalio/worker';
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
  /**
   * Which probe asks. `'readiness'` checks everything above: Temporal answers, the namespace exists, and the Runner
   * runs and polls (or is busy: every slot of the kind it did not poll for is taken by running work). `'liveness'`
   * checks only what restarting this process can fix, and asks Temporal nothing: the Runner has started and none of
   * its Workers has stopped. A liveness probe on the full check would restart a process whenever Temporal is
   * unreachable, which a restart does not cure, cancelling the iterations it runs.
   * @default 'readiness'
   */
  probe?: 'readiness' | 'liveness';
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
    const reason =
      options.probe === 'liveness'
        ? this.runnerProblem(details)
        : await this.problem(details, options.timeoutMs ?? DEFAULT_TIMEOUT_MS, options.pollWindowMs ?? DEFAULT_POLL_WINDOW_MS);
    const result = reason === undefined ? { status: 'up' as const, ...details } : { status: 'down' as const, reason, ...details };
    return { [key]: result } as TasksHealthIndicatorResult<Key>;
  }

  /** What is wrong, or undefined when nothing is; fills `details` with what it learnt. */
  private async problem(details: Record<string, unknown>, timeoutMs: number, pollWindowMs: number): Promise<string | undefined> {
    const { connection, namespace, address } = this.temporal;
    const ask = <T>(fn: () => Promise<T>): Promise<T> => connection.withDeadline(Date.now() + timeoutMs, fn);
    try {
      await ask(() => connection.workflowService.describeNamespace({ namespace }));
    } catch (err) {
      return this.describeFailure(err, timeoutMs);
    }
    const runnerProblem = this.runnerProblem(details);
    if (runnerProblem !== undefined || this.runner.temporalWorkers.size === 0) return runnerProblem;

    // Running is the worker's own view; whether its polls reach the server is the server's.
    try {
      const since = Date.now() - pollWindowMs;
      const busy: string[] = [];
      for (const [queue, worker] of this.runner.temporalWorkers) {
        const identity = worker.options.identity;
        for (const [kind, taskQueueType] of Object.entries(TASK_QUEUE_TYPE)) {
          const { pollers } = await ask(() => connection.workflowService.describeTaskQueue({ namespace, taskQueue: { name: queue }, taskQueueType }));
          const seen = (pollers ?? []).some((poller) => poller.identity === identity && timestampMs(poller.lastAccessTime) >= since);
          if (seen) continue;
          // The SDK takes a slot before it polls: with every slot busy with long iterations there is no poll to see,
          // and the Runner is working, not stuck.
          const slots = slotUsage(worker, kind as keyof typeof TASK_QUEUE_TYPE);
          if (slots && slots.inUse >= slots.total) {
            busy.push(`${kind} tasks of task queue "${queue}": all ${slots.total} slots in use`);
            continue;
          }
          return `The Runner is running, but Temporal at ${address} has seen no poll of the ${kind} tasks of task queue "${queue}" from it (identity "${identity}") in the last ${Math.round(pollWindowMs / 1000)} s, and it has free slots: it is not receiving tasks (it may be reconnecting after an outage).`;
        }
      }
      if (busy.length > 0) details.busy = busy;
    } catch (err) {
      return this.describeFailure(err, timeoutMs);
    }
    return undefined;
  }

  /** What is wrong with this process's own Runner, asking Temporal nothing; fills `details.runner`. */
  private runnerProblem(details: Record<string, unknown>): string | undefined {
    if (this.temporal.options.runner === false) {
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
      if (state !== 'FAILED') return `${which} is ${state}: it is shutting down and takes no new tasks.`;
      const failure = this.runner.workerFailures.get(queue);
      return `${which} stopped with an error${failure ? `: ${failure.message.replace(/\.$/, '')}. It` : ' (see the log) and'} runs no tasks any more: restart the process.`;
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

/**
 * Slots of a kind the Worker has, and how many its running work holds: fixed-size slots (`maxConcurrent...` options)
 * or a resource-based tuner's maximum. Undefined for a custom slot supplier, whose limit the Worker does not know.
 */
function slotUsage(worker: Worker, kind: keyof typeof TASK_QUEUE_TYPE): { total: number; inUse: number } | undefined {
  const tuner = worker.options.tuner as Partial<Record<'workflowTaskSlotSupplier' | 'activityTaskSlotSupplier', SlotSupplierShape>>;
  const supplier = kind === 'activity' ? tuner.activityTaskSlotSupplier : tuner.workflowTaskSlotSupplier;
  const total = supplier?.type === 'fixed-size' ? supplier.numSlots : supplier?.type === 'resource-based' ? supplier.maximumSlots : undefined;
  if (total === undefined) return undefined;
  const status = worker.getStatus();
  return { total, inUse: kind === 'activity' ? status.numInFlightNonLocalActivities : status.numInFlightWorkflowActivations };
}

/** The compiled slot supplier options of `@temporalio/worker` (`Worker.options.tuner`), as far as they are read here. */
interface SlotSupplierShape {
  type?: string;
  numSlots?: number;
  maximumSlots?: number;
}

function timestampMs(timestamp: { seconds?: unknown; nanos?: number | null } | null | undefined): number {
  if (!timestamp) return 0;
  const seconds = Number(timestamp.seconds ?? 0);
  return seconds * 1000 + Math.floor((timestamp.nanos ?? 0) / 1e6);
}
