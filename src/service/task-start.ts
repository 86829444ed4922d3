import type { SearchAttributePair } from '@temporalio/common';
import {
  MEMO,
  TASK_DEFINITION_SEARCH_ATTRIBUTE,
  TASK_PARENT_SEARCH_ATTRIBUTE,
  TASK_RUN_DEFAULTS,
  TASK_STATUS_SEARCH_ATTRIBUTE,
  type SerializedRetryPolicy,
  type TaskHookName,
  type TaskSettings,
} from '../../workflows/task-workflow.types';
import { runsLocally } from '../definition/resolve-task-definition';
import { TASK_TAGS_SEARCH_ATTRIBUTE } from '../tasks.constants';
import type { ResolvedTaskDefinition } from '../task.interfaces';

const HOOKS: readonly TaskHookName[] = ['onDone', 'onError', 'onAbort', 'onMaxIterations'];

/** What starting a task's workflow takes: its input alone, and the settings that go to its memo. */
export interface TaskStart {
  definitionId: string;
  /** The task queue it runs on: its definition's. */
  queue: string;
  input: unknown;
  settings: TaskSettings;
  parentId?: string;
  /** The task's tags (`TaskTags`), when it has any. */
  tags?: string[];
  /** For the Web UI: the title as the workflow's static summary, the description as its static details. */
  title: string;
  description?: string;
}

/** The start of a new task of a (resolved, possibly overridden) definition. */
export function taskStart(definition: ResolvedTaskDefinition, input: unknown, parentId?: string): TaskStart {
  return { definitionId: definition.id, queue: definition.queue, input, settings: taskSettings(definition), parentId, title: definition.title, description: definition.description };
}

/**
 * The settings the workflow needs that differ from the defaults it knows (`TASK_RUN_DEFAULTS`, the definition id as
 * title): a definition that keeps the defaults sends none, so its tasks start with the input alone.
 */
export function taskSettings(definition: ResolvedTaskDefinition): TaskSettings {
  const settings: TaskSettings = {};
  if (definition.title !== definition.id) settings.title = definition.title;
  const retry: Partial<SerializedRetryPolicy> = {};
  for (const key of Object.keys(TASK_RUN_DEFAULTS.retry) as Array<keyof SerializedRetryPolicy>) {
    if (JSON.stringify(definition.retry[key]) !== JSON.stringify(TASK_RUN_DEFAULTS.retry[key])) Object.assign(retry, { [key]: definition.retry[key] });
  }
  if (Object.keys(retry).length > 0) settings.retry = retry;
  const local = runsLocally(definition);
  if (local) settings.local = true;
  if (definition.timeout !== (local ? TASK_RUN_DEFAULTS.localTimeout : TASK_RUN_DEFAULTS.timeout)) settings.timeout = definition.timeout;
  if (definition.heartbeatTimeout !== TASK_RUN_DEFAULTS.heartbeatTimeout) settings.heartbeatTimeout = definition.heartbeatTimeout;
  if (definition.maxIterations !== TASK_RUN_DEFAULTS.maxIterations) settings.maxIterations = definition.maxIterations;
  // Counted from the trigger time by the workflow; a trigger through TaskService resolves it to a time instead.
  if (definition.deadline !== undefined) settings.deadlineAfter = definition.deadline;
  const hooks = HOOKS.filter((hook) => typeof definition.handler[hook] === 'function');
  if (hooks.length > 0) settings.hooks = hooks;
  return settings;
}

/** The memo a task starts with: the user's tags, and the task's settings when it has any. */
export function taskStartMemo(settings: TaskSettings, userMemo: Record<string, unknown> = {}): Record<string, unknown> | undefined {
  const memo = Object.keys(settings).length > 0 ? { ...userMemo, [MEMO.settings]: settings } : userMemo;
  return Object.keys(memo).length > 0 ? memo : undefined;
}

/**
 * The search attributes a task starts with: its definition, its parent, its tags, and `TaskStatus = 'pending'` when it waits
 * for a delay (the workflow removes it when it starts).
 */
export function taskSearchAttributes(start: Pick<TaskStart, 'definitionId' | 'parentId' | 'tags'>, delayed: boolean): SearchAttributePair[] {
  return [
    { key: TASK_DEFINITION_SEARCH_ATTRIBUTE, value: start.definitionId },
    ...(delayed ? [{ key: TASK_STATUS_SEARCH_ATTRIBUTE, value: 'pending' }] : []),
    ...(start.parentId ? [{ key: TASK_PARENT_SEARCH_ATTRIBUTE, value: start.parentId }] : []),
    ...(start.tags && start.tags.length > 0 ? [{ key: TASK_TAGS_SEARCH_ATTRIBUTE, value: [...new Set(start.tags)] }] : []),
  ];
}
