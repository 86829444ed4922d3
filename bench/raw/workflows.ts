/**
 * The raw side's workflow: the same work as a library task, written directly with the Temporal SDK. Bundled on
 * its own by bundleWorkflowCode, so it imports only workflow-safe modules.
 */
import { proxyActivities, upsertMemo, upsertSearchAttributes } from '@temporalio/workflow';
import { TASK_STATUS_SEARCH_ATTRIBUTE } from '../../workflows/task-workflow.types';
import type { BenchInput } from '../payload';
import type { RawActivities } from './activities';
import { RAW_ACTIVITY_OPTIONS } from './activity-options';
import type { RawExtras } from './raw-extras';

const { rawTask } = proxyActivities<RawActivities>(RAW_ACTIVITY_OPTIONS);

/** Runs the one activity. `extras` (absent in the comparison proper) adds what the library does around it. */
export async function rawTaskWorkflow(input: BenchInput, extras?: RawExtras): Promise<void> {
  if (extras?.statusUpserts) upsertSearchAttributes([{ key: TASK_STATUS_SEARCH_ATTRIBUTE, value: 'running' }]);
  await (extras?.heartbeatAtStart ? rawTask(input, true) : rawTask(input));
  if (extras?.statusUpserts) {
    upsertSearchAttributes([{ key: TASK_STATUS_SEARCH_ATTRIBUTE, value: 'success' }]);
    upsertMemo({ rawIteration: 1, rawProgress: null, rawAttempts: 1 });
  }
}
