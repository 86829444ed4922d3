import { Connection } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { median } from './stats';

export interface HistoryStats {
  samples: number;
  /** Events in a task's history (the median over the samples). */
  events: number;
  /** Size of a task's history as the server sends it (protobuf), in bytes (the median over the samples). */
  bytes: number;
  /** Size of the first event (the start: input, memo, search attributes, summary), in bytes. */
  startEventBytes: number;
  /** Event types of the first sample, in order. */
  eventTypes: string[];
  /**
   * How long each workflow task waited between being scheduled and being started (handed to a worker), in ms: the
   * median over the samples, by position (first workflow task, second, ...). An eagerly started task's first is 0.
   */
  workflowTaskWaitsMs: number[];
}

/** Reads the histories of the given tasks from Temporal and measures them: what each task costs the server to keep. */
type HistoryEvent = temporal.api.history.v1.IHistoryEvent;

const EVENT = temporal.api.enums.v1.EventType;

function timeMs(event: HistoryEvent): number {
  return Number(event.eventTime?.seconds ?? 0) * 1000 + (event.eventTime?.nanos ?? 0) / 1e6;
}

/** Scheduled-to-started time of each workflow task of one history, in order. */
function workflowTaskWaits(events: HistoryEvent[]): number[] {
  const scheduledAt = new Map<string, number>();
  const waits: number[] = [];
  for (const event of events) {
    if (event.eventType === EVENT.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED) scheduledAt.set(String(event.eventId), timeMs(event));
    const started = event.workflowTaskStartedEventAttributes;
    if (event.eventType === EVENT.EVENT_TYPE_WORKFLOW_TASK_STARTED && started) waits.push(timeMs(event) - (scheduledAt.get(String(started.scheduledEventId)) ?? timeMs(event)));
  }
  return waits;
}

/** The median of each position over lists of the same shape (the shortest list decides how many). */
function byPosition(lists: number[][]): number[] {
  const length = Math.min(...lists.map((list) => list.length));
  return Array.from({ length: Number.isFinite(length) ? length : 0 }, (_, index) => median(lists.map((list) => list[index]!)));
}

export async function measureHistories(address: string, taskIds: readonly string[]): Promise<HistoryStats> {
  const connection = await Connection.connect({ address });
  try {
    const histories = [];
    for (const workflowId of taskIds) {
      const response = await connection.workflowService.getWorkflowExecutionHistory({ namespace: 'default', execution: { workflowId } });
      if (response.nextPageToken?.length) throw new Error(`history of ${workflowId} spans several pages: not a one-iteration task`);
      histories.push(response.history ?? {});
    }
    const events = histories.map((history) => history.events ?? []);
    return {
      samples: histories.length,
      events: median(events.map((list) => list.length)),
      bytes: median(histories.map((history) => temporal.api.history.v1.History.encode(history).finish().length)),
      startEventBytes: median(events.map((list) => temporal.api.history.v1.HistoryEvent.encode(list[0] ?? {}).finish().length)),
      eventTypes: (events[0] ?? []).map((event) => String(temporal.api.enums.v1.EventType[event.eventType ?? 0]).replace(/^EVENT_TYPE_/, '')),
      workflowTaskWaitsMs: byPosition(events.map(workflowTaskWaits)),
    };
  } finally {
    await connection.close();
  }
}
