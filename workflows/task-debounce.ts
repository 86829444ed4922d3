/**
 * Debounce, on the workflow side: the thin Temporal adapter around the timing decisions of task-debounce-timing.ts.
 * Nothing here writes history unless a task uses debounce (its memo carries `debounce`, or a debounced trigger
 * reached it), so histories of other tasks replay unchanged.
 */
import { condition, makeContinueAsNewFunc, setHandler, upsertMemo, workflowInfo } from '@temporalio/workflow';
import { addDebounceTrigger, debounceStartAt, debounceTriggerTime, type TaskDebounceTiming, type TaskDebounceWindow } from './task-debounce-timing';
import { taskDebounceSignal, type TaskDebounceCycle, type TaskDebounceTrigger, type TaskLateTriggers } from './task-debounce.messages';
import { retrySettings } from './task-deadline';
import { MEMO, TASK_STATUS_SEARCH_ATTRIBUTE, type TaskCarry, type TaskSettings } from './task-workflow.types';

/** The debounced triggers a run has received: how many, the latest, and the window of their times. */
export interface TaskDebounceTriggers {
  received: number;
  latest?: TaskDebounceTrigger;
  window?: TaskDebounceWindow;
}

/**
 * Receives debounced triggers (registering a handler writes no history). A run that opens a new cycle after late
 * triggers starts from that cycle's window; a run continued to keep its history short, from the late triggers its
 * previous run had received.
 */
export function listenForDebounceTriggers(cycle?: TaskDebounceCycle, late?: TaskLateTriggers): TaskDebounceTriggers {
  const from = late ?? cycle;
  const triggers: TaskDebounceTriggers = { received: 0, latest: late?.latest, window: from ? { firstAt: Date.parse(from.firstAt), lastAt: Date.parse(from.lastAt) } : undefined };
  setHandler(taskDebounceSignal, (trigger) => {
    triggers.received += 1;
    triggers.latest = trigger;
    triggers.window = addDebounceTrigger(triggers.window, debounceTriggerTime(trigger.at, Date.now()));
  });
  return triggers;
}

/**
 * The wait of a debounced task before it starts (status `pending`): a durable wait that starts again with each new
 * trigger, until `delay` has passed since the latest or `maxDelay` since the first. The expected start is kept in the
 * memo for `get()`. Then the task continues as new with the latest input, so that its iterations, hooks, `get().input`
 * and `retry` all see that input as the task's own. An abort meanwhile ends the task aborted (no iteration ran).
 */
export async function startAfterQuiet(input: unknown, timing: TaskDebounceTiming, triggers: TaskDebounceTriggers): Promise<never> {
  let shown: number | undefined;
  for (;;) {
    // Signal-with-start records the first trigger with the start, and a run that carries on a cycle starts from its
    // window: only a run started some other way has none, and counts from its start.
    const window = (triggers.window ??= { firstAt: workflowInfo().runStartTime.getTime(), lastAt: workflowInfo().runStartTime.getTime() });
    const startAt = debounceStartAt(window, timing);
    const waitMs = startAt - Date.now();
    if (waitMs <= 0) break;
    // Each trigger costs the history a few events: a key triggered without end carries its cycle into a fresh run.
    if (workflowInfo().continueAsNewSuggested) await continueCycle(triggers.latest ? triggers.latest.input : input, window);
    if (startAt !== shown) {
      upsertMemo({ [MEMO.debounceStartAt]: new Date(startAt).toISOString() });
      shown = startAt;
    }
    const seen = triggers.received;
    await condition(() => triggers.received !== seen, waitMs);
  }
  const info = workflowInfo();
  const triggeredAt = new Date(triggers.window.firstAt).toISOString();
  const memo = { ...withoutKeys(info.memo, [MEMO.debounceStartAt]), [MEMO.triggeredAt]: triggeredAt };
  const carry: TaskCarry = { iteration: 1, state: undefined, triggeredAt, children: [], childResults: [] };
  return makeContinueAsNewFunc({ memo, typedSearchAttributes: info.typedSearchAttributes })(triggers.latest ? triggers.latest.input : input, carry);
}

/** Continues a waiting run as new in the same cycle (same window, latest input), `pending` still. */
async function continueCycle(input: unknown, window: TaskDebounceWindow): Promise<never> {
  const { memo, typedSearchAttributes } = workflowInfo();
  const cycle = cycleOf(window);
  return makeContinueAsNewFunc({ memo: { ...memo, [MEMO.triggeredAt]: cycle.firstAt }, typedSearchAttributes })(input, undefined, cycle);
}

/**
 * At the end of a task (success or failure, after its hook), debounced triggers that arrived once it had started are
 * not dropped: the task continues as new into a fresh debounce cycle with the latest of them, `pending` again, so at
 * most one task runs per key and no trigger is lost. Without late triggers it returns and the task ends as usual.
 */
export async function continueWithLateTriggers(triggers: TaskDebounceTriggers, settings: TaskSettings): Promise<void> {
  const { latest, window } = triggers;
  if (!latest || !window) return;
  const info = workflowInfo();
  const libraryKeys: readonly string[] = Object.values(MEMO);
  const memo = {
    ...withoutKeys(info.memo, libraryKeys),
    // The new cycle is a new run of the task: a deadline that was a duration counts from its first trigger.
    [MEMO.settings]: { ...retrySettings(settings, window.firstAt), debounce: latest.debounce },
    [MEMO.triggeredAt]: new Date(window.firstAt).toISOString(),
  };
  const cycle = cycleOf(window);
  const typedSearchAttributes = info.typedSearchAttributes.updateCopy([{ key: TASK_STATUS_SEARCH_ATTRIBUTE, value: 'pending' }]);
  await makeContinueAsNewFunc({ memo, typedSearchAttributes })(latest.input, undefined, cycle);
}

/** The late triggers a run has received, for the carry of a continue-as-new; nothing when there are none. */
export function carriedLateTriggers(triggers: TaskDebounceTriggers): { lateTriggers?: TaskLateTriggers } {
  const { latest, window } = triggers;
  return latest && window ? { lateTriggers: { latest, ...cycleOf(window) } } : {};
}

function cycleOf(window: TaskDebounceWindow): TaskDebounceCycle {
  return { firstAt: new Date(window.firstAt).toISOString(), lastAt: new Date(window.lastAt).toISOString() };
}

function withoutKeys(record: Record<string, unknown> | undefined, keys: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record ?? {}).filter(([key]) => !keys.includes(key)));
}
