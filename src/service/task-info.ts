import type { TaskChildResult, TaskProgress, TaskStatus } from '../../workflows/task-workflow.types';

export type { TaskStatus, TaskProgress, TaskChildResult };

/** Why a task failed. */
export interface TaskErrorInfo {
  message: string;
  /** The `name` of the Error the handler threw or passed to `controller.error` (or a library failure type). */
  type: string;
  /** False when the error was marked non-retryable (`retryable: false`, or a type in `nonRetryableErrorTypes`); true when retries ran out. */
  retryable: boolean;
  /** Details passed to `controller.error(err, { details })`. */
  details?: unknown;
}

/** A task in a listing. */
export interface TaskSummary {
  id: string;
  definitionId: string;
  status: TaskStatus;
  parentId?: string;
  createdAt: Date;
  finishedAt?: Date;
}

/** Everything `TaskService.get` knows about a task. */
export interface TaskInfo extends TaskSummary {
  title: string;
  /** The task's input (after the schema); for a debounced task, its latest trigger's. */
  input: unknown;
  /** The output, once the task succeeded. */
  output?: unknown;
  /** Why it failed, once the task failed. */
  error?: TaskErrorInfo;
  /** Why it was aborted, when a reason was given. */
  abortReason?: string;
  /**
   * Attempt of the running iteration, or of the last one once the task ended; 0 before the first attempt and while a
   * task waits between iterations (a delay, or its children).
   */
  attempts: number;
  /** Iteration the task is in (or ended in), starting at 1. */
  iterations: number;
  /** The latest progress reported through `context.progress`. */
  progress?: TaskProgress;
  /** Ids of the tasks this task triggered. */
  children: string[];
  /** When a Runner may start it: later than `createdAt` for a delayed task; moving with each trigger while a debounced task waits. */
  startAt?: Date;
  /** While the task is `waiting`: the message it waits for (`controller.waitFor`), and until when when it may time out. */
  waitingFor?: { name: string; until?: Date };
  /**
   * Messages sent to the task (`TaskService.send`) that it has not taken yet, oldest first, without their payloads;
   * absent when there are none. A message is taken by the `waitFor` of its name.
   */
  messages?: TaskPendingMessage[];
}

/** A message a task received and has not taken yet, as `TaskInfo.messages` lists it. */
export interface TaskPendingMessage {
  name: string;
  /** When the task received it. */
  receivedAt: Date;
  /** The `messageId` it was sent with, if any. */
  id?: string;
}

/** How many of this application's tasks a filter selects (`TaskService.count`), in all and by status. */
export interface TaskCounts {
  /** Every selected task. */
  total: number;
  /** The selected tasks by status: each status is present, zero when none. */
  byStatus: Record<TaskStatus, number>;
}

/** A page of `TaskService.list`. */
export interface TaskPage {
  tasks: TaskSummary[];
  /** Pass to `list` for the next page; undefined on the last page. */
  nextPageToken?: string;
}

/** Which of this application's tasks `list`, `count` and the bulk actions (`abortMany`, ...) select. */
export interface TaskFilter {
  /** Only tasks of this definition id: one this application declares. @default all definitions */
  definition?: string;
  /** Only tasks in this status (as visibility knows it: see Statuses): `pending`, `running`, `waiting`, `success`, `failed` or `aborted`. @default all statuses */
  status?: TaskStatus;
  /** Only the children of this task (a task id). @default all tasks */
  parentId?: string;
  /** Only tasks carrying every one of these tags (`trigger(..., { tags })`), checked as trigger checks tags. @default any tags, or none */
  tags?: string[];
  /**
   * Only tasks created after this time (exclusive). Read from visibility's start time of the task's current run: a
   * task that continued as new, or was retried, counts from its latest run.
   * @default no lower bound
   */
  createdAfter?: Date;
  /** Only tasks created before this time (exclusive), as `createdAfter` reads it. @default no upper bound */
  createdBefore?: Date;
}

/** Filters and paging of `TaskService.list`. */
export interface TaskListOptions extends TaskFilter {
  /** Tasks per page: a whole number from 1 to 1 000 (Temporal's own cap on a page). @default 20 */
  pageSize?: number;
  /** The `nextPageToken` of the previous page, as it was returned. @default none (the first page) */
  nextPageToken?: string;
}

