/**
 * A task workflow changed without care: it sleeps before doing what the library's does. Replaying a history recorded
 * by the real one against it must fail, which shows that replay.test.ts catches such a change.
 */
import { sleep } from '@temporalio/workflow';
import { taskWorkflow } from '../../workflows';

export default async function changedTaskWorkflow(input: unknown): Promise<unknown> {
  await sleep('1 second');
  return taskWorkflow(input);
}
