import { Client, Connection } from '@temporalio/client';
import { randomUUID } from 'node:crypto';
import { TRIGGER_MANY_DEFAULT_CONCURRENCY } from '../../src/service/task-trigger-many.options';
import { TASK_DEFINITION_SEARCH_ATTRIBUTE } from '../../workflows/task-workflow.types';
import { forEachLimited } from '../measure/concurrency';
import { RequestCounter } from '../measure/request-counter';
import type { BenchInput } from '../payload';
import type { BenchTriggerer } from '../triggerer';

/**
 * The raw SDK side of the triggerMany row: `client.workflow.start` on a gRPC `Connection` of its own (as the library's
 * client-only app has), at most `concurrency` starts in flight. Each start is the one the library sends for a
 * definition with the defaults: the same workflow type, id shape (`<definition>/<uuid>`), task queue, input, static
 * summary (the title, which is the id), search attribute (`TaskDefinition`), no memo, and the same id policies.
 */
export async function createRawTriggerer(options: { address: string; taskQueue: string }): Promise<BenchTriggerer> {
  const connection = await Connection.connect({ address: options.address });
  const client = new Client({ connection, namespace: 'default' });
  const type = 'benchTask';
  const counter = new RequestCounter(connection.workflowService);
  return {
    async triggerMany(input: BenchInput, items: number, concurrency: number | undefined) {
      counter.reset();
      let accepted = 0;
      const errors: string[] = [];
      await forEachLimited(
        Array.from({ length: items }, (_, index) => index),
        concurrency ?? TRIGGER_MANY_DEFAULT_CONCURRENCY,
        async () => {
          try {
            await client.workflow.start(type, {
              workflowId: `${type}/${randomUUID()}`,
              taskQueue: options.taskQueue,
              args: [input],
              staticSummary: type,
              typedSearchAttributes: [{ key: TASK_DEFINITION_SEARCH_ATTRIBUTE, value: type }],
              workflowIdConflictPolicy: 'FAIL',
              workflowIdReusePolicy: 'REJECT_DUPLICATE',
            });
            accepted += 1;
          } catch (err) {
            errors.push(err instanceof Error ? err.message : String(err));
          }
        },
      );
      return { accepted, refused: errors.length, ...(errors[0] ? { firstError: errors[0] } : {}), requests: counter.snapshot().byMethod };
    },
    close: () => connection.close(),
  };
}
