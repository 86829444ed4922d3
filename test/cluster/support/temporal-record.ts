import type { Client } from '@temporalio/client';
import { optionalTsToDate, optionalTsToMs } from '@temporalio/common/lib/time';

/** One iteration of a task as Temporal recorded it: the execution of the definition's activity, and its last attempt. */
export interface IterationRecord {
  /** The attempt that ended the iteration (Temporal writes only the last attempt's started event). */
  attempt: number;
  /** The worker that ran that attempt: its identity on the started event. */
  startedIdentity: string;
  /** The worker that reported the end, on the completed/failed event. */
  closedIdentity?: string;
  /** How the attempt before the last one ended (e.g. "activity Heartbeat timeout"), when there was one. */
  previousAttemptFailure?: string;
  /** The heartbeat timeout the iteration was scheduled with. */
  heartbeatTimeoutMs?: number;
  scheduledAt?: Date;
  startedAt?: Date;
  closedAt?: Date;
}

/** A task as Temporal records it, read with the test's own client: never through the library. */
export interface TaskRecord {
  taskId: string;
  /** Temporal's execution status: COMPLETED, FAILED, CANCELLED, RUNNING, ... */
  status: string;
  iterations: IterationRecord[];
}

/** Reads a task's execution status and history from Temporal. */
export async function taskRecord(client: Client, taskId: string): Promise<TaskRecord> {
  const handle = client.workflow.getHandle(taskId);
  const description = await handle.describe();
  const events = (await handle.fetchHistory()).events ?? [];
  const iterations = new Map<string, IterationRecord>();
  const byStartedEvent = new Map<string, IterationRecord>();
  for (const event of events) {
    const eventId = String(event.eventId);
    const scheduled = event.activityTaskScheduledEventAttributes;
    if (scheduled && scheduled.activityType?.name === description.type) {
      iterations.set(eventId, {
        attempt: 0,
        startedIdentity: '',
        heartbeatTimeoutMs: optionalTsToMs(scheduled.heartbeatTimeout),
        scheduledAt: optionalTsToDate(event.eventTime),
      });
    }
    const started = event.activityTaskStartedEventAttributes;
    const iteration = started ? iterations.get(String(started.scheduledEventId)) : undefined;
    if (started && iteration) {
      iteration.attempt = started.attempt ?? 0;
      iteration.startedIdentity = started.identity ?? '';
      iteration.startedAt = optionalTsToDate(event.eventTime);
      if (started.lastFailure?.message) iteration.previousAttemptFailure = started.lastFailure.message;
      byStartedEvent.set(eventId, iteration);
    }
    const closed =
      event.activityTaskCompletedEventAttributes ?? event.activityTaskFailedEventAttributes ?? event.activityTaskCanceledEventAttributes;
    const closedIteration = closed ? byStartedEvent.get(String(closed.startedEventId)) : undefined;
    if (closed && closedIteration) {
      closedIteration.closedIdentity = closed.identity ?? undefined;
      closedIteration.closedAt = optionalTsToDate(event.eventTime);
    }
  }
  return { taskId, status: description.status.name, iterations: [...iterations.values()] };
}

/** Reads many task records, a few at a time. */
export async function taskRecords(client: Client, taskIds: readonly string[], concurrency = 8): Promise<Map<string, TaskRecord>> {
  const records = new Map<string, TaskRecord>();
  await forEachLimit(taskIds, concurrency, async (taskId) => {
    records.set(taskId, await taskRecord(client, taskId));
  });
  return records;
}

/** Temporal's own count of the executions of a task queue, by execution status (its visibility store's count API). */
export async function temporalCounts(client: Client, taskQueue: string): Promise<Record<string, number>> {
  const statuses = ['Running', 'Completed', 'Failed', 'Canceled', 'Terminated', 'TimedOut', 'ContinuedAsNew'];
  const counts: Record<string, number> = {};
  for (const status of statuses) {
    counts[status] = (await client.workflow.count(`TaskQueue = '${taskQueue}' AND ExecutionStatus = '${status}'`)).count;
  }
  counts.total = (await client.workflow.count(`TaskQueue = '${taskQueue}'`)).count;
  return counts;
}

/** Waits for the end of a task with Temporal's own long poll; resolves with its status name, never throws for an outcome. */
export async function waitForEnd(client: Client, taskId: string): Promise<string> {
  const handle = client.workflow.getHandle(taskId);
  await handle.result().catch(() => undefined);
  return (await handle.describe()).status.name;
}

/** Runs `work` over `items`, at most `limit` at once. */
export async function forEachLimit<T>(items: readonly T[], limit: number, work: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      await work(items[index]!, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
}
