import type { WorkerTuning } from './worker-settings';

/** Which side an arm runs: the library (a Nest app with TasksModule), or the same work written with the raw SDK. */
export type Side = 'library' | 'raw';

/** How one process of an arm is set up. Each arm's process is fresh: nothing carries over from another arm. */
export interface ArmProcess {
  side: Side;
  /**
   * Tasks start eagerly: the server hands the first workflow task straight back to this process's worker, which must
   * share its connection with the client (library: `runner.eagerStart`, its default; raw: `requestEagerStart` on the
   * worker's `NativeConnection`). Without it the raw client has a gRPC `Connection` of its own, as the SDK's samples do.
   */
  eagerStart: boolean;
  /** Iterations run as local activities (library: `@Task({ local: true })`; raw: `proxyLocalActivities`). */
  local: boolean;
  /** Worker settings beyond each side's defaults (library: through `runner` and `runner.workerOptions`). */
  tuning?: WorkerTuning;
  /** Raw only: the activity heartbeats as it starts, as the Runner did before 0.3.0. */
  heartbeatAtStart?: boolean;
  /** Raw only, with `local`: the workflow calls the library's `patched()` of local iterations first, as a local task does. */
  localPatch?: boolean;
  /**
   * Library only (issue 11): the app declares two definitions on two task queues, and this process serves the listed
   * ones (`runner.queues`) and triggers tasks of those alone. Without it, one definition on the module's queue.
   */
  twoQueues?: { serve: Array<0 | 1> };
}

/** One side of a comparison, as it runs: one process, or (for worker roles) several sharing the tasks. */
export interface Arm {
  id: string;
  /** How the report names it. */
  label: string;
  /** The dev server started with the library's dynamic config (`main`), or one with the server's stock config. */
  server: 'main' | 'stock';
  processes: ArmProcess[];
}

const arm = (id: string, label: string, process: ArmProcess, server: Arm['server'] = 'main'): Arm => ({ id, label, server, processes: [process] });

/**
 * The arms of the goal table. "Defaults" are each side's own: the library's Runner starts tasks eagerly and runs
 * iterations as regular activities; the raw SDK starts through the task queue. "Like for like" pairs each library
 * arm with the raw SDK making the same choices.
 */
export const MAIN_ARMS: readonly Arm[] = [
  arm('library', 'library, defaults', { side: 'library', eagerStart: true, local: false }),
  arm('raw', 'raw SDK, defaults', { side: 'raw', eagerStart: false, local: false }),
  arm('raw-eager', 'raw SDK, eager start', { side: 'raw', eagerStart: true, local: false }),
  arm('library-local', 'library, local: true', { side: 'library', eagerStart: true, local: true }),
  arm('raw-local', 'raw SDK, eager start, local activity', { side: 'raw', eagerStart: true, local: true }),
];

/** The main arm a library arm is compared with like for like: the raw SDK making the same choices. */
export const LIKE_FOR_LIKE: Readonly<Record<string, string>> = { library: 'raw-eager', 'library-local': 'raw-local' };

/**
 * A lever: a setting measured against the arm it changes, both in fresh processes, next to each other. A lever may
 * change several arms at once (the server's config changes every arm on it): one pair per arm.
 */
export interface Lever {
  id: string;
  name: string;
  /** What it sets, in the words a user would look for. */
  setting: string;
  /** Each arm without the lever (the reference) and with it. */
  pairs: Array<{ reference: Arm; arm: Arm }>;
  /** Whether the library keeps it (as a default or an option), and why. */
  verdict: string;
}

const LIBRARY = MAIN_ARMS[0]!;
const RAW = MAIN_ARMS[1]!;
const RAW_EAGER = MAIN_ARMS[2]!;
const LIBRARY_LOCAL = MAIN_ARMS[3]!;
const RAW_LOCAL = MAIN_ARMS[4]!;

/** An arm of the same processes as `base`, on the stock dev server. */
const onStockServer = (base: Arm): Arm => ({ ...base, id: `${base.id}-stock`, label: `${base.label}, stock dev server`, server: 'stock' });

/** The library with the given worker settings on top of its defaults. */
const libraryWith = (id: string, label: string, tuning: ArmProcess['tuning']): Arm => arm(id, label, { side: 'library', eagerStart: true, local: false, tuning });

/**
 * The levers issue 12 asked to evaluate, each against the arms it changes. Local iterations are measured by the main
 * arms (library-local against library), so they need no lever of their own here.
 */
export const LEVERS: readonly Lever[] = [
  {
    id: 'transfer-reads',
    name: 'Transfer queue read rate (the 40 ms wait)',
    setting:
      "the stock dev server's `history.transferProcessorMaxPollRPS` (20 reads a second per shard) against the library's dev server (1 000): the reference is each arm on the library's server",
    pairs: [RAW, LIBRARY, LIBRARY_LOCAL].map((reference) => ({ reference, arm: onStockServer(reference) })),
    verdict: 'kept: the default of every dev server the library starts (`DEV_SERVER_DYNAMIC_CONFIG`)',
  },
  {
    id: 'eager-start',
    name: 'Eager workflow start',
    setting: 'the library with `runner.eagerStart: false` against its default (true), the tasks triggered in a burst',
    pairs: [{ reference: LIBRARY, arm: arm('library-no-eager', 'library, eagerStart: false', { side: 'library', eagerStart: false, local: false }) }],
    verdict: 'kept: on by default',
  },
  {
    id: 'eager-slots',
    name: 'Eager start under bursts: more workflow task slots',
    setting:
      '`maxConcurrentWorkflowTaskExecutions: 200` (default 40): a start is eager only while the worker has a free workflow task slot, so a burst of triggers gets about 28 eager starts with 40 slots',
    pairs: [{ reference: LIBRARY, arm: libraryWith('library-200-slots', 'library, 200 workflow task slots', { maxConcurrentWorkflowTaskExecutions: 200 }) }],
    verdict: 'not a default: `runner.maxConcurrentWorkflowTaskExecutions`',
  },
  {
    id: 'eager-activities-off',
    name: 'Eager activity dispatch off',
    setting: '`maxEagerActivityReservationsPerWorkflowTask: 0` (the SDK default is 3; the server must allow it: `system.enableActivityEagerExecution`)',
    pairs: [{ reference: LIBRARY, arm: libraryWith('library-no-eager-activities', 'library, no eager activities', { maxEagerActivityReservationsPerWorkflowTask: 0 }) }],
    verdict: "kept on: the SDK's default, and on in the library's dev server and compose stack",
  },
  {
    id: 'autoscaling-pollers',
    name: 'Autoscaling pollers',
    setting: "`workflowTaskPollerBehavior` and `activityTaskPollerBehavior`: `{ type: 'autoscaling' }` (the SDK default: at most 10 pollers each)",
    pairs: [
      {
        reference: LIBRARY,
        arm: libraryWith('library-autoscaling', 'library, autoscaling pollers', {
          workflowTaskPollerBehavior: { type: 'autoscaling' },
          activityTaskPollerBehavior: { type: 'autoscaling' },
        }),
      },
    ],
    verdict: 'not a default: `runner.workerOptions`',
  },
  {
    id: 'small-cache',
    name: 'Smaller workflow cache',
    setting: "`maxCachedWorkflows: 100` (the SDK's default grows with the heap limit: about 2 300 here); the worker's RSS is read after the run",
    pairs: [{ reference: LIBRARY, arm: libraryWith('library-small-cache', 'library, maxCachedWorkflows: 100', { maxCachedWorkflows: 100 }) }],
    verdict: 'not a default: `runner.workerOptions`',
  },
  {
    id: 'heartbeat-at-start',
    name: 'A heartbeat as each iteration starts',
    setting: 'the raw activity heartbeats once as it starts, as the Runner did for every iteration before 0.3.0, against the raw SDK without',
    pairs: [{ reference: RAW_EAGER, arm: arm('raw-heartbeat', 'raw SDK, eager start, heartbeat at start', { side: 'raw', eagerStart: true, local: false, heartbeatAtStart: true }) }],
    verdict: 'dropped from the Runner: its first heartbeat now comes after one interval',
  },
  {
    id: 'local-patch',
    name: 'The upgrade guard of local iterations',
    setting:
      "the raw local-activity workflow calls `patched('nestjs-temporal-tasks/local-iterations')` before its local activity, as the library's task workflow does for a `local: true` task (a marker and the SDK's `TemporalChangeVersion` search attribute upsert), against the raw workflow without",
    pairs: [
      {
        reference: RAW_LOCAL,
        arm: arm('raw-local-patched', 'raw SDK, eager start, local activity, patched()', { side: 'raw', eagerStart: true, local: true, localPatch: true }),
      },
    ],
    verdict: 'kept: a task triggered with `local: true` during a rolling upgrade from 0.2 carries on whichever version runs it (see Upgrading)',
  },
  {
    id: 'two-queues',
    name: 'Two task queues, two processes (issue 11)',
    setting:
      'two definitions on two task queues (`@Task({ queue })`); the reference is one process serving both, the lever two processes with `runner.queues` naming one each, every process triggering the tasks of the queues it serves',
    pairs: [
      {
        reference: arm('library-two-queues', 'library, two queues, one process', { side: 'library', eagerStart: true, local: false, twoQueues: { serve: [0, 1] } }),
        arm: {
          id: 'library-two-processes',
          label: 'library, two queues, two processes',
          server: 'main',
          processes: [
            { side: 'library', eagerStart: true, local: false, twoQueues: { serve: [0] } },
            { side: 'library', eagerStart: true, local: false, twoQueues: { serve: [1] } },
          ],
        },
      },
    ],
    verdict: 'worker roles: scale a queue by adding processes that serve it (`runner.queues`)',
  },
];
