import type { BenchInput } from '../payload';
import type { BenchTarget, TriggeredTask } from '../target';
import { forEachLimited } from './concurrency';

/**
 * Results are awaited through at most this many long polls at once: a server may cap the concurrent long polls of a
 * namespace (frontend.namespaceCount), and tasks finish whether or not someone is waiting for them.
 */
const RESULT_WAITERS = 256;
/** Start calls in flight at once: beyond this, a burst only buys retries of calls the server turned away. */
const TRIGGERS_IN_FLIGHT = 1000;

/** Triggers `tasks` tasks at once (up to 1000 start calls in flight), then waits until every one has completed. */
export async function runTasks(target: BenchTarget, tasks: number, input: BenchInput): Promise<TriggeredTask[]> {
  const triggered: TriggeredTask[] = [];
  await forEachLimited(Array.from({ length: tasks }), TRIGGERS_IN_FLIGHT, async () => void triggered.push(await target.trigger(input)));
  await forEachLimited(triggered, RESULT_WAITERS, (task) => task.result());
  return triggered;
}
