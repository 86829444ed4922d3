import type { ControlsResults } from './controls-results';
import type { GoalRow } from './goals';
import { median } from './measure/stats';
import { sendSide } from './measure/send';
import type { TriggerManyResult, TriggerSide } from './measure/trigger-many';
import { waitingLatencies } from './measure/waiting';

/** The median accepted starts per second of one side's runs; undefined when it has none. */
export function acceptedPerSecond(result: TriggerManyResult | undefined, side: TriggerSide): number | undefined {
  const runs = result?.runs.filter((run) => run.side === side && run.refused === 0) ?? [];
  return runs.length === 0 ? undefined : median(runs.map((run) => run.acceptedPerSecond));
}

/**
 * Most requests N watchers of one task may cost beyond one watcher of another task in the same window: one poll's
 * reads (a `describe()` and up to two history pages), since the two polls need not change state as often. Without a
 * shared poll the difference would be N - 1 times a watcher's requests.
 */
export const SHARED_POLL_EXTRA_REQUESTS = 3;

/**
 * Most a latency may grow against its reference: a task among waiting tasks against its usual latency, and `send` to
 * result against the raw SDK's signal round trip (issue 20, part 4).
 */
export const WAITING_LATENCY_TARGET = 1.2;

/**
 * The goals of the controls rows (issue 21 part 1, issue 20 part 4), in the shape of the main goal table. A row the
 * run did not measure has no figures and `met` undefined.
 */
export function controlGoalRows({ rows }: ControlsResults): GoalRow[] {
  const { triggerMany, watch, waiting, send } = rows;
  const library = acceptedPerSecond(triggerMany, 'library');
  const raw = acceptedPerSecond(triggerMany, 'raw');
  const ratio = library === undefined || raw === undefined || raw === 0 ? undefined : library / raw;
  const goals: GoalRow[] = [
    {
      goal: `triggerMany, ${triggerMany?.items ?? '?'} items, accepted per second`,
      comparison: `TaskService.triggerMany / raw SDK client.workflow.start, ${triggerMany?.concurrency ?? '?'} in flight`,
      library,
      raw,
      value: ratio,
      target: '>= 1.00',
      met: ratio === undefined ? undefined : ratio >= 1,
      unit: 'starts/s',
    },
  ];
  const callerEvents = watch?.callerEvents.watched;
  goals.push({
    goal: `history events written by watching ${watch?.runs[0]?.tasks ?? '?'} tasks`,
    comparison: 'signals, updates, cancel requests... in the watched histories (the unwatched control group alongside)',
    library: callerEvents,
    raw: watch?.callerEvents.control,
    value: callerEvents,
    target: '= 0',
    met: callerEvents === undefined ? undefined : callerEvents === 0,
    unit: 'events',
  });
  const shared = watch?.shared;
  const sharedExtra = shared ? shared.manyWatchers.requests - shared.oneWatcher.requests : undefined;
  goals.push({
    goal: `${shared?.watchers ?? '?'} watchers of one task cost one watcher's requests (the shared poll)`,
    comparison: `requests for the task watched ${shared?.watchers ?? '?'} times, minus those for a task watched once, same window (the value: the difference)`,
    library: shared?.manyWatchers.requests,
    raw: shared?.oneWatcher.requests,
    value: sharedExtra,
    target: `<= +${SHARED_POLL_EXTRA_REQUESTS} (one poll's reads)`,
    met: sharedExtra === undefined ? undefined : sharedExtra <= SHARED_POLL_EXTRA_REQUESTS,
    unit: 'requests',
  });
  const latencies = waiting && waiting.amongWaiting.length > 0 ? waitingLatencies(waiting) : undefined;
  goals.push({
    goal: `a task that must run at once, among ${waiting?.waitingTasks ?? '?'} tasks waiting for a message: trigger-to-result p50`,
    comparison: `among the waiting tasks / usual (no task waiting, before and after), one Runner of ${waiting?.activitySlots ?? '?'} activity slots`,
    library: latencies?.amongWaiting,
    raw: latencies?.usual,
    value: latencies?.ratio,
    target: `<= ${WAITING_LATENCY_TARGET.toFixed(2)}`,
    met: latencies === undefined ? undefined : latencies.ratio <= WAITING_LATENCY_TARGET,
    unit: 'ms',
  });
  const inFlight = waiting?.slots.maxInFlightActivities;
  goals.push({
    goal: `activity slots held by ${waiting?.waitingTasks ?? '?'} waiting tasks`,
    comparison: `the Runner's activities in flight while they wait (Worker.getStatus()), of its ${waiting?.activitySlots ?? '?'} slots`,
    library: inFlight,
    raw: waiting?.activitySlots,
    value: inFlight,
    target: '= 0',
    met: inFlight === undefined ? undefined : inFlight === 0 && waiting?.sample.pendingActivities === 0,
    unit: 'slots',
  });
  const [librarySend, rawSignal] = [sendSide(send, 'library'), sendSide(send, 'raw-signal')];
  for (const percentile of ['p50', 'p95'] as const) {
    const [sent, signalled] = [librarySend?.[percentile], rawSignal?.[percentile]];
    const sendRatio = sent === undefined || signalled === undefined || signalled === 0 ? undefined : sent / signalled;
    goals.push({
      goal: `send to result, ${percentile}`,
      comparison: 'TaskService.send → result() / raw SDK handle.signal() → result(), a condition() then one activity',
      library: sent,
      raw: signalled,
      value: sendRatio,
      target: `<= ${WAITING_LATENCY_TARGET.toFixed(2)}`,
      met: sendRatio === undefined ? undefined : sendRatio <= WAITING_LATENCY_TARGET,
      unit: 'ms',
    });
  }
  return goals;
}
