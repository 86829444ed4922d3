/**
 * The raw side's workflows: the same work as a library task, written directly with the Temporal SDK. Bundled on its
 * own by bundleWorkflowCode, so it imports only workflow-safe modules.
 */
import { patched, proxyActivities, proxyLocalActivities } from '@temporalio/workflow';
import { LOCAL_ITERATIONS_PATCH } from '../../workflows/task-workflow.types';
import type { BenchInput } from '../payload';
import type { RawActivities } from './activities';
import { RAW_ACTIVITY_OPTIONS, RAW_LOCAL_ACTIVITY_OPTIONS } from './activity-options';

const { rawTask } = proxyActivities<RawActivities>(RAW_ACTIVITY_OPTIONS);
const local = proxyLocalActivities<RawActivities>(RAW_LOCAL_ACTIVITY_OPTIONS);

/** Runs the one activity; `heartbeatAtStart` makes it heartbeat as it starts (a lever). */
export async function rawTaskWorkflow(input: BenchInput, heartbeatAtStart?: boolean): Promise<void> {
  await (heartbeatAtStart ? rawTask(input, true) : rawTask(input));
}

/** Runs the one activity as a local activity; `localPatch` first takes the library's patch of local iterations (a lever). */
export async function rawLocalTaskWorkflow(input: BenchInput, localPatch?: boolean): Promise<void> {
  if (localPatch) patched(LOCAL_ITERATIONS_PATCH);
  await local.rawTask(input);
}

export { rawWaitWorkflow } from './wait-workflows';
