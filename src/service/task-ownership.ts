import type { WorkflowExecutionDescription } from '@temporalio/client';
import { TASK_DEFINITION_SEARCH_ATTRIBUTE } from '../../workflows/task-workflow.types';
import type { TaskScope } from './task-query';

/**
 * Whether an id can name a task of this application at all: every task id is `<definitionId>/<key>` with a definition
 * this application declares. An id that cannot is answered as not found without asking Temporal.
 */
export function mayBeOwnTaskId(scope: TaskScope, taskId: string): boolean {
  const slash = taskId.indexOf('/');
  return slash > 0 && scope.definitions.includes(taskId.slice(0, slash));
}

/**
 * Whether a workflow is a task of this application: its type is a definition this module declares, it runs on one of
 * this application's task queues, and it carries the library's mark (the `TaskDefinition` search attribute, set at
 * every start, equal to its type) under an id of that definition. A namespace is shared: anything else is another
 * application's workflow, which `TaskService` must neither read nor act on.
 */
export function isOwnTask(scope: TaskScope, description: Pick<WorkflowExecutionDescription, 'workflowId' | 'type' | 'taskQueue' | 'typedSearchAttributes'>): boolean {
  return (
    scope.definitions.includes(description.type) &&
    scope.queues.includes(description.taskQueue) &&
    description.typedSearchAttributes.get(TASK_DEFINITION_SEARCH_ATTRIBUTE) === description.type &&
    description.workflowId.startsWith(`${description.type}/`)
  );
}
