import type { RawExtras } from './raw/raw-extras';
import type { RawClientMode } from './raw/raw-target';
import type { WorkerTuning } from './worker-settings';

/**
 * How one arm of a comparison is set up. A lever is a setting that may move throughput or latency: those the library
 * exposes today are set on both sides the same way; the others run on the raw side only, with the library change
 * they would need. An overhead is something the library does for every task, added to the raw side alone to price it.
 */
export interface Lever {
  id: string;
  name: string;
  /** How the lever is set, in the words a user would look for. */
  setting: string;
  payload: 'baseline' | 'large';
  /** Worker settings on both sides (the library passes them through `runner` and `runner.workerOptions`). */
  tuning?: WorkerTuning;
  raw?: { clientMode?: RawClientMode; extras?: RawExtras };
  /** The library's `runner.eagerStart`; off unless a lever turns it on, so the baseline matches the raw SDK's default. */
  libraryEagerStart?: boolean;
  /** A lever the library cannot use today, or an overhead it could shed: the change it needs. Raw side only. */
  libraryChange?: string;
}

export const BASELINE: Lever = {
  id: 'baseline',
  name: 'Baseline',
  setting:
    'library defaults on both sides (40 workflow / 100 activity task slots, SDK poller defaults) but runner.eagerStart: false, to match the raw SDK default; eager activity dispatch on (server dynamic config, worker default of 3 reservations); client on its own gRPC Connection',
  payload: 'baseline',
};

export const LEVERS: readonly Lever[] = [
  {
    id: 'eager-activity-off',
    name: 'Eager activity dispatch off',
    setting: 'maxEagerActivityReservationsPerWorkflowTask: 0 (what the baseline gains from eager activities)',
    payload: 'baseline',
    tuning: { maxEagerActivityReservationsPerWorkflowTask: 0 },
  },
  {
    id: 'worker-connection',
    name: "Client on the worker's NativeConnection",
    setting: "the client shares the worker's NativeConnection instead of opening a gRPC Connection",
    payload: 'baseline',
    raw: { clientMode: 'worker-connection' },
    libraryChange: "TasksClient builds its Client on the Runner's NativeConnection when the process runs a Runner",
  },
  {
    id: 'eager-workflow-start',
    name: 'Eager workflow start',
    setting: "library: runner.eagerStart (its default); raw: requestEagerStart: true, with the client on the worker's NativeConnection",
    payload: 'baseline',
    raw: { clientMode: 'eager-start' },
    libraryEagerStart: true,
  },
  {
    id: 'more-pollers',
    name: 'More pollers',
    setting: 'maxConcurrentWorkflowTaskPolls: 20, maxConcurrentActivityTaskPolls: 20 (SDK default: 10 each)',
    payload: 'baseline',
    tuning: { maxConcurrentWorkflowTaskPolls: 20, maxConcurrentActivityTaskPolls: 20 },
  },
  {
    id: 'autoscaling-pollers',
    name: 'Autoscaling pollers',
    setting: "workflowTaskPollerBehavior and activityTaskPollerBehavior: { type: 'autoscaling' }",
    payload: 'baseline',
    tuning: { workflowTaskPollerBehavior: { type: 'autoscaling' }, activityTaskPollerBehavior: { type: 'autoscaling' } },
  },
  {
    id: 'more-slots',
    name: 'More task slots',
    setting: 'maxConcurrentWorkflowTaskExecutions: 100, maxConcurrentActivityTaskExecutions: 500',
    payload: 'baseline',
    tuning: { maxConcurrentWorkflowTaskExecutions: 100, maxConcurrentActivityTaskExecutions: 500 },
  },
  {
    id: 'large-payload',
    name: 'Large input',
    setting: 'task input of the large payload size instead of the baseline size',
    payload: 'large',
  },
];

/** What a library task asks of the server beyond the raw workflow's one activity, one item at a time. */
export const OVERHEADS: readonly Lever[] = [
  {
    id: 'start-attributes',
    name: 'Start attributes',
    setting:
      'the raw client starts with the search attributes (TaskDefinition, TaskStatus), static summary and id policies that TaskService.trigger sets',
    payload: 'baseline',
    raw: { extras: { startAttributes: true } },
    libraryChange: 'none proposed: list() filters and the Web UI rely on them',
  },
  {
    id: 'status-upserts',
    name: 'Status upserts',
    setting: 'the raw workflow upserts TaskStatus (running, then success) and the memo, as the task workflow does',
    payload: 'baseline',
    raw: { extras: { statusUpserts: true } },
    libraryChange:
      'leave TaskStatus of closed tasks to the execution status (Completed, Failed, Canceled) and write the memo only when it changed',
  },
  {
    id: 'heartbeat-at-start',
    name: 'Heartbeat at start',
    setting: 'the raw activity heartbeats once as it starts, as the Runner does for every handler',
    payload: 'baseline',
    raw: { extras: { heartbeatAtStart: true } },
    libraryChange: 'the Runner beats first after heartbeatInterval, not at once: an abort still arrives within one interval',
  },
  {
    id: 'all-extras',
    name: 'All three',
    setting: 'start attributes, status upserts and the heartbeat together: what the server does for a library task',
    payload: 'baseline',
    raw: { extras: { startAttributes: true, statusUpserts: true, heartbeatAtStart: true } },
    libraryChange: "what is left between this arm and the library is the library's own cost in the worker and client",
  },
];
