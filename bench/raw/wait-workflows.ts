/**
 * The raw side of the `send` row: a workflow that waits for a message with `condition()` (no activity runs while it
 * waits), then runs the one activity and returns. The message comes as a signal or as an Update.
 */
import { condition, defineSignal, defineUpdate, proxyActivities, setHandler } from '@temporalio/workflow';
import type { BenchInput } from '../payload';
import type { RawActivities } from './activities';
import { RAW_ACTIVITY_OPTIONS } from './activity-options';

const { rawTask } = proxyActivities<RawActivities>(RAW_ACTIVITY_OPTIONS);

export const rawGoSignal = defineSignal<[unknown]>('go');
export const rawGoUpdate = defineUpdate<void, [unknown]>('goUpdate');

export async function rawWaitWorkflow(input: BenchInput): Promise<void> {
  let received = false;
  setHandler(rawGoSignal, () => void (received = true));
  setHandler(rawGoUpdate, () => void (received = true));
  await condition(() => received);
  await rawTask(input);
}
