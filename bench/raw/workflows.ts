/**
 * The raw side's workflows: the same work as a library task, written directly with the Temporal SDK. Bundled on its
 * own by bundleWorkflowCode, so it imports only workflow-safe modules.
 */
import { proxyActivities, proxyLocalActivities } from '@temporalio/workflow';
import type { BenchInput } from '../payload';
import type { RawActivities } from './activities';
import { RAW_ACTIVITY_OPTIONS, RAW_LOCAL_ACTIVITY_OPTIONS } from './activity-options';

const { rawTask } = proxyActivities<RawActivities>(RAW_ACTIVITY_OPTIONS);
const local = proxyLocalActivities<RawActivities>(RAW_LOCAL_ACTIVITY_OPTIONS);

/** Runs the one activity; `heartbeatAtStart` makes it heartbeat as it starts (a lever). */
export async function rawTaskWorkflow(input: BenchInput, heartbeatAtStart?: boolean): Promise<void> {
  await (heartbeatAtStart ? rawTask(input, true) : rawTask(input));
}

/** Runs the one activity as a local activity. */
export async function rawLocalTaskWorkflow(input: BenchInput): Promise<void> {
  await local.rawTask(input);
}
