import type { TaskStatus } from '../../workflows/task-workflow.types';
import { InvalidListOptionsError } from '../errors/invalid-list-options.error';
import { InvalidTaskIdError } from '../errors/invalid-task-id.error';
import { checkTaskId, tagProblems } from './check-trigger';
import type { TaskFilter, TaskListOptions } from './task-info';

/** The statuses a task can have, in the order of its life. */
export const TASK_STATUSES: readonly TaskStatus[] = ['pending', 'running', 'waiting', 'success', 'failed', 'aborted'];

/** Largest `pageSize` of `list()`: Temporal's own cap on a visibility page (`limit.visibilityMaxPageSize`, 1 000). */
export const MAX_LIST_PAGE_SIZE = 1_000;

/**
 * Refuses list options that could not select this application's tasks, before any of them reaches a query: a filter
 * is a known definition id, a valid task id, a known status; `pageSize` is a whole number from 1 to 1 000; the page
 * token is one `list()` returned (base64). Throws `InvalidListOptionsError` naming every problem.
 */
export function checkListOptions(options: TaskListOptions, definitions: readonly string[], taskIdLength: number): void {
  if (typeof options !== 'object' || options === null) throw new InvalidListOptionsError(['the options must be an object']);
  const problems = filterProblems(options, definitions, taskIdLength);
  const { pageSize, nextPageToken } = options;
  if (pageSize !== undefined && !(Number.isInteger(pageSize) && pageSize >= 1 && pageSize <= MAX_LIST_PAGE_SIZE)) {
    problems.push(`pageSize must be a whole number from 1 to ${MAX_LIST_PAGE_SIZE}, got ${JSON.stringify(pageSize) ?? String(pageSize)}`);
  }
  if (nextPageToken !== undefined && !(typeof nextPageToken === 'string' && /^[A-Za-z0-9+/]+={0,2}$/.test(nextPageToken))) {
    problems.push('nextPageToken must be the nextPageToken of a previous list() page, as it was returned');
  }
  if (problems.length > 0) throw new InvalidListOptionsError(problems);
}

/**
 * What is wrong with a filter of `list`, `count` or a bulk action (each problem in words): an undeclared definition, a
 * parent that is no task id, an unknown status, tags a trigger would refuse, created bounds that are not dates.
 */
export function filterProblems(filter: TaskFilter, definitions: readonly string[], taskIdLength: number): string[] {
  const problems: string[] = [];
  const { definition, parentId, status, tags, createdAfter, createdBefore } = filter;
  if (definition !== undefined && !(typeof definition === 'string' && definitions.includes(definition))) {
    problems.push(`definition ${JSON.stringify(definition)} is not a definition of this application: use one of ${definitions.map((id) => `"${id}"`).join(', ') || '(none declared)'}`);
  }
  if (parentId !== undefined) {
    try {
      checkTaskId(parentId, 'list', taskIdLength);
    } catch (err) {
      if (!(err instanceof InvalidTaskIdError)) throw err;
      problems.push(`parentId ${JSON.stringify(parentId) ?? String(parentId)} is not a task id: ${err.problem}`);
    }
  }
  if (status !== undefined && !TASK_STATUSES.includes(status)) {
    problems.push(`status ${JSON.stringify(status) ?? String(status)} is not a task status: use one of ${TASK_STATUSES.map((s) => `'${s}'`).join(', ')}`);
  }
  if (tags !== undefined) problems.push(...tagProblems(tags, 'tags'));
  for (const [name, value] of [['createdAfter', createdAfter], ['createdBefore', createdBefore]] as const) {
    if (value !== undefined && !(value instanceof Date && Number.isFinite(value.getTime()))) {
      problems.push(`${name} must be a valid Date, got ${JSON.stringify(value) ?? String(value)}`);
    }
  }
  return problems;
}

/** Refuses a filter of `count` or a bulk action that `filterProblems` finds wrong: `InvalidListOptionsError`. */
export function checkFilter(filter: TaskFilter, operation: string, definitions: readonly string[], taskIdLength: number): void {
  if (typeof filter !== 'object' || filter === null) throw new InvalidListOptionsError(['the filter must be an object'], operation);
  const problems = filterProblems(filter, definitions, taskIdLength);
  if (problems.length > 0) throw new InvalidListOptionsError(problems, operation);
}
