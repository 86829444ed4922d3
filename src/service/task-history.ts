import type { Client, WorkflowHandle } from '@temporalio/client';
import { decodeArrayFromPayloads } from '@temporalio/common/lib/internal-non-workflow';
import { MAX_KEPT_LOG_ENTRIES, RUN_HOOK_ACTIVITY, type TaskCarry, type TaskFailureMeta, type TaskLogEntry } from '../../workflows/task-workflow.types';

type HistoryEvent = NonNullable<Awaited<ReturnType<WorkflowHandle['fetchHistory']>>['events']>[number];
type Payloads = Parameters<typeof decodeArrayFromPayloads>[1];
type Failure = NonNullable<NonNullable<HistoryEvent['activityTaskFailedEventAttributes']>['failure']>;

/** Marker name of a local activity's result in a history (written by the SDK's core), and its detail holding the result. */
const LOCAL_ACTIVITY_MARKER = 'core_local_activity';
const LOCAL_ACTIVITY_MARKER_RESULT = 'result';

/** What a workflow run was started with: the task's input, and after a continue-as-new where the task stood. */
export interface TaskRunStart {
  input: unknown;
  carry?: TaskCarry;
}

/**
 * Reads a task's durable record straight from its Temporal history, so that input and logs are readable for
 * running and finished tasks alike, with or without a worker, and without visibility queries.
 */
export class TaskHistory {
  constructor(
    private readonly client: Client,
    private readonly namespace: string,
  ) {}

  /** The arguments of a run of the task (its latest run by default): the first event of its history. */
  async runStart(taskId: string, runId?: string): Promise<TaskRunStart> {
    const started = (await this.firstEvent(taskId, runId))?.workflowExecutionStartedEventAttributes;
    const [input, carry] = await this.decode(started?.input?.payloads);
    return { input, carry: carry as TaskCarry | undefined };
  }

  /**
   * The durable logs of the task, oldest first: the lines of each ended iteration and hook (a failed one's included,
   * carried in its failure details), run after run back through continue-as-new, keeping the newest
   * `MAX_KEPT_LOG_ENTRIES`.
   */
  async logs(taskId: string): Promise<TaskLogEntry[]> {
    const runs: TaskLogEntry[][] = [];
    let kept = 0;
    let runId: string | undefined;
    do {
      const events = (await this.client.workflow.getHandle(taskId, runId).fetchHistory()).events ?? [];
      const lines = await this.runLogs(events);
      runs.unshift(lines);
      kept += lines.length;
      // A run that continued an earlier one names it in its first event; a retry starts a chain of its own.
      runId = events[0]?.workflowExecutionStartedEventAttributes?.continuedExecutionRunId || undefined;
    } while (runId && kept < MAX_KEPT_LOG_ENTRIES);
    return runs.flat().slice(-MAX_KEPT_LOG_ENTRIES);
  }

  private async runLogs(events: HistoryEvent[]): Promise<TaskLogEntry[]> {
    const scheduled = new Map<string, string>();
    const logs: TaskLogEntry[] = [];
    for (const event of events) {
      const activityType = event.activityTaskScheduledEventAttributes?.activityType?.name;
      if (activityType) scheduled.set(String(event.eventId), activityType);
      logs.push(...(await this.activityLogs(event, scheduled)));
    }
    return logs;
  }

  private async activityLogs(event: HistoryEvent, scheduled: Map<string, string>): Promise<TaskLogEntry[]> {
    const completed = event.activityTaskCompletedEventAttributes;
    if (completed) {
      const [result] = await this.decode(completed.result?.payloads);
      if (scheduled.get(String(completed.scheduledEventId)) === RUN_HOOK_ACTIVITY) return Array.isArray(result) ? (result as TaskLogEntry[]) : [];
      return isLogCarrier(result) ? result.logs : [];
    }
    const failed = event.activityTaskFailedEventAttributes?.failure;
    if (failed) return this.failureLogs(failed);
    // A local iteration (`@Task({ local: true })`) is recorded as one marker, with its result or its failure.
    const marker = event.markerRecordedEventAttributes;
    if (marker?.markerName === LOCAL_ACTIVITY_MARKER) {
      if (marker.failure) return this.failureLogs(marker.failure);
      const [result] = await this.decode(marker.details?.[LOCAL_ACTIVITY_MARKER_RESULT]?.payloads);
      return isLogCarrier(result) ? result.logs : [];
    }
    return [];
  }

  /** The lines a failed attempt sent along in its failure's details, after the handler's own details. */
  private async failureLogs(failure: Failure): Promise<TaskLogEntry[]> {
    const details = await this.decode(failure.applicationFailureInfo?.details?.payloads);
    const meta = details[1] as Partial<TaskFailureMeta> | undefined;
    return Array.isArray(meta?.logs) ? meta.logs : [];
  }

  private async firstEvent(taskId: string, runId?: string): Promise<HistoryEvent | undefined> {
    const page = await this.client.workflowService.getWorkflowExecutionHistory({
      namespace: this.namespace,
      execution: { workflowId: taskId, runId },
      maximumPageSize: 1,
    });
    return page.history?.events?.[0];
  }

  private decode(payloads: Payloads): Promise<unknown[]> {
    return decodeArrayFromPayloads(this.client.options.loadedDataConverter, payloads);
  }
}

function isLogCarrier(value: unknown): value is { logs: TaskLogEntry[] } {
  return typeof value === 'object' && value !== null && Array.isArray((value as { logs?: unknown }).logs);
}
