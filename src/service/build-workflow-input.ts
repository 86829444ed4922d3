import type { SearchAttributePair } from '@temporalio/common';
import {
  TASK_DEFINITION_SEARCH_ATTRIBUTE,
  TASK_PARENT_SEARCH_ATTRIBUTE,
  TASK_STATUS_SEARCH_ATTRIBUTE,
  type TaskHookName,
  type TaskWorkflowInput,
} from '../../workflows/task-workflow.types';
import type { ResolvedTaskDefinition } from '../task.interfaces';

const HOOKS: readonly TaskHookName[] = ['onDone', 'onError', 'onAbort', 'onMaxIterations'];

/** The workflow input of a new task of a (resolved, possibly overridden) definition: all it needs to run. */
export function buildWorkflowInput(definition: ResolvedTaskDefinition, input: unknown, parentId?: string): TaskWorkflowInput {
  return {
    definitionId: definition.id,
    title: definition.title,
    input,
    activity: { retry: definition.retry, startToCloseTimeout: definition.timeout, heartbeatTimeout: definition.heartbeatTimeout },
    maxIterations: definition.maxIterations,
    hooks: HOOKS.filter((hook) => typeof definition.handler[hook] === 'function'),
    parentId,
    triggeredAt: new Date().toISOString(),
  };
}

/** The search attributes a new task starts with: its definition, status `pending`, and its parent. */
export function taskSearchAttributes(args: Pick<TaskWorkflowInput, 'definitionId' | 'parentId'>): SearchAttributePair[] {
  return [
    { key: TASK_DEFINITION_SEARCH_ATTRIBUTE, value: args.definitionId },
    { key: TASK_STATUS_SEARCH_ATTRIBUTE, value: 'pending' },
    ...(args.parentId ? [{ key: TASK_PARENT_SEARCH_ATTRIBUTE, value: args.parentId }] : []),
  ];
}
