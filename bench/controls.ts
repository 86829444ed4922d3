import { progress, type BenchContext } from './bench-context';
import { measureSend, type SendResult } from './measure/send';
import { measureTriggerMany, type TriggerManyResult } from './measure/trigger-many';
import { measureWaiting, type WaitingResult } from './measure/waiting';
import { measureWatch, type WatchResult } from './measure/watch';

/**
 * What the controls suite (`--suite=controls`) measured, by row id: each row is optional, as a run may measure some
 * rows only (`--controls=watch`). A new row adds its result type here, its measure function in bench/measure/, an entry in
 * `CONTROL_ROWS`, its goal rows in bench/controls-goals.ts and its table in bench/controls-report.ts.
 */
export interface ControlRowResults {
  /** `TaskService.triggerMany` against the raw SDK client starting the same workflows (issue 21, part 1). */
  triggerMany?: TriggerManyResult;
  /** `TaskService.watch` of running tasks: history events and requests it costs (issue 20, part 4). */
  watch?: WatchResult;
  /** Tasks waiting for a message hold no activity slot: a task that must run at once among them (issue 20, part 4). */
  waiting?: WaitingResult;
  /** `TaskService.send` to `result()` against a raw SDK signal (and Update) round trip (issue 20, part 4). */
  send?: SendResult;
}

export type ControlRowId = keyof ControlRowResults;

/** One row of the controls suite: what it is called and how it is measured. */
export interface ControlRow<K extends ControlRowId = ControlRowId> {
  id: K;
  name: string;
  measure(context: ControlsContext): Promise<NonNullable<ControlRowResults[K]>>;
}

/** What every control row shares: the run's settings and servers, and the queues it used (for the clean-up). */
export interface ControlsContext extends BenchContext {
  /** Every task queue a row started workflows on: the clean-up terminates what is left on them. */
  usedQueues: string[];
}

const row = <K extends ControlRowId>(entry: ControlRow<K>): ControlRow<K> => entry;

/** The rows of the controls suite, in the order they run. */
export const CONTROL_ROWS = [
  row({ id: 'triggerMany', name: 'triggerMany against raw SDK starts', measure: measureTriggerMany }),
  row({ id: 'watch', name: 'watch of running tasks', measure: measureWatch }),
  row({ id: 'waiting', name: 'a task that must run at once among waiting tasks', measure: measureWaiting }),
  row({ id: 'send', name: 'send to result against raw SDK signal and update', measure: measureSend }),
] as const;

/** Measures the rows the config selects, one after the other. */
export async function measureControls(context: ControlsContext): Promise<ControlRowResults> {
  const { controls } = context.config;
  const known = CONTROL_ROWS.map((entry) => entry.id as string);
  const unknown = controls === 'all' ? [] : controls.filter((id) => !known.includes(id));
  if (unknown.length > 0) throw new Error(`Unknown control rows: ${unknown.join(', ')}. Known: ${known.join(', ')} (or all).`);
  const results: ControlRowResults = {};
  for (const entry of CONTROL_ROWS) {
    if (controls !== 'all' && !controls.includes(entry.id)) continue;
    progress(`controls: ${entry.name}`);
    await measureRow(entry, context, results);
  }
  return results;
}

async function measureRow<K extends ControlRowId>(entry: ControlRow<K>, context: ControlsContext, results: ControlRowResults): Promise<void> {
  results[entry.id] = await entry.measure(context);
}
