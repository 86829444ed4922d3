import type { Client, WorkflowHandle } from '@temporalio/client';
import { decodeArrayFromPayloads } from '@temporalio/common/lib/internal-non-workflow';
import { RUN_HOOK_ACTIVITY, type TaskFailureMeta, type TaskLogEntry, type TaskWorkflowInput } from '../../workflows/task-workflow.types';

type HistoryEvent = NonNullable<Awaited<ReturnType<WorkflowHandle['fetchHistory']>>['events']>[number];
type Payloads = Parameters<typeof decodeArrayFromPayloads>[1];

/**
 * Reads a task's durable record straight from its Temporal history, so that input and logs are readable for
 * running and finished tasks alike, with or without a worker.
 */
export class TaskHistory {
  constructor(
    private readonly client: Client,
    private readonly namespace: string,
  ) {}

  /** The workflow input of the task's latest run (the first event of its history). */
  async startInput(taskId: string, runId?: string): Promise<TaskWorkflowInput> {
    const page = await this.client.workflowService.getWorkflowExecutionHistory({
      namespace: this.namespace,
      execution: { workflowId: taskId, runId },
      maximumPageSize: 1,
    });
    const started = page.history?.events?.[0]?.workflowExecutionStartedEventAttributes;
    const [input] = await this.decode(started?.input?.payloads);
    return input as TaskWorkflowInput;
  }

  /**
   * The durable logs of the task: lines carried from earlier runs, then the lines of each ended iteration and hook
   * (a failed one's included, carried in its failure details), in order.
   */
  async logs(taskId: string): Promise<TaskLogEntry[]> {
    const events = (await this.client.workflow.getHandle(taskId).fetchHistory()).events ?? [];
    const scheduled = new Map<string, string>();
    const logs: TaskLogEntry[] = [];
    for (const event of events) {
      const started = event.workflowExecutionStartedEventAttributes;
      if (started) {
        const [input] = (await this.decode(started.input?.payloads)) as [TaskWorkflowInput | undefined];
        logs.push(...(input?.carry?.logs ?? []));
      }
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
    const failed = event.activityTaskFailedEventAttributes;
    if (failed) {
      const details = await this.decode(failed.failure?.applicationFailureInfo?.details?.payloads);
      const meta = details[1] as Partial<TaskFailureMeta> | undefined;
      if (Array.isArray(meta?.logs)) return meta.logs;
    }
    return [];
  }

  private decode(payloads: Payloads): Promise<unknown[]> {
    return decodeArrayFromPayloads(this.client.options.loadedDataConverter, payloads);
  }
}

function isLogCarrier(value: unknown): value is { logs: TaskLogEntry[] } {
  return typeof value === 'object' && value !== null && Array.isArray((value as { logs?: unknown }).logs);
}
