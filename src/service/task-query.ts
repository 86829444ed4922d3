import { TASK_DEFINITION_SEARCH_ATTRIBUTE, TASK_PARENT_SEARCH_ATTRIBUTE, type TaskStatus } from '../../workflows/task-workflow.types';
import { TASK_TAGS_SEARCH_ATTRIBUTE } from '../tasks.constants';
import { statusQuery } from './task-status';

/**
 * A value as a string literal of Temporal's visibility query language. Its parser is a SQL tokenizer: inside a quoted
 * string `\` escapes the next character (so `\` is escaped first, then `'`), and `\0 \b \n \r \t \Z` stand for control
 * characters. No value can end its string early or swallow the closing quote.
 */
export function queryString(value: string): string {
  return `'${value.replace(/[\\'\0\b\n\r\t\x1a]/g, (char) => ESCAPES[char]!)}'`;
}

const ESCAPES: Record<string, string> = { '\\': '\\\\', "'": "\\'", '\0': '\\0', '\b': '\\b', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\x1a': '\\Z' };

/**
 * Characters an equality cannot match on Temporal's SQL visibility store (seen on the dev server's SQLite, escaped or
 * not; likely the server writing the literal back into its SQL with MySQL's escapes, which SQLite and PostgreSQL read
 * literally). A value that holds one is matched by the prefix before it (`STARTS_WITH`, which does match) and checked
 * exactly by the caller.
 */
const UNMATCHABLE = /[\\"]/;

/** `field = 'value'`, or a prefix match (see `UNMATCHABLE`) that the caller narrows to `value` itself. */
function exactly(field: string, value: string): { clause?: string; exact: boolean } {
  const at = value.search(UNMATCHABLE);
  if (at < 0) return { clause: `${field} = ${queryString(value)}`, exact: true };
  return { clause: at > 0 ? `${field} STARTS_WITH ${queryString(value.slice(0, at))}` : undefined, exact: false };
}

/** `field = 'a'`, or `field IN ('a', 'b')` for several values. */
function oneOf(field: string, values: readonly string[]): string {
  return values.length === 1 ? `${field} = ${queryString(values[0]!)}` : `${field} IN (${values.map(queryString).join(', ')})`;
}

/** Where this application's tasks are: its task queues and its definitions (the workflow types it registers). */
export interface TaskScope {
  queues: readonly string[];
  definitions: readonly string[];
}

/** The filters a query may add to the scope: each already checked (`checkListOptions`, `checkTaskId`). */
export interface TaskQueryFilters {
  definition?: string;
  parentId?: string;
  status?: TaskStatus;
  /** One task: every run of its id, continue-as-new runs included (for `delete()`). */
  taskId?: string;
  /** Tasks carrying every one of these tags (checked by `tagProblems`: no `\` or `"`, so always exact). */
  tags?: readonly string[];
  /** Tasks whose current run started after this time. */
  createdAfter?: Date;
  /** Tasks whose current run started before this time. */
  createdBefore?: Date;
  /** Only runs in these execution states, whatever `status` says: `'open'` (Running) or `'closed'` (ended, not continued as new). */
  execution?: 'open' | 'closed';
}

/** A visibility query, and the check that narrows what it returns to exactly the filters' values. */
export interface TaskQuery {
  query: string;
  /** False for an execution the query let through by prefix alone (see `UNMATCHABLE`): leave it out. */
  matches(execution: { workflowId: string; parentId?: string }): boolean;
  /** Whether the query alone selects exactly the filters' tasks (no `matches` needed): what a server-side batch needs. */
  exact: boolean;
}

/**
 * The one builder of visibility queries: this application's tasks alone (its queues, its workflow types, each marked
 * with the library's `TaskDefinition` search attribute), narrowed by filters. Every value is escaped by `queryString`;
 * everything else is the library's own text. `scope.definitions` must not be empty (no task can match: callers answer
 * without asking).
 */
export function taskQuery(scope: TaskScope, filters: TaskQueryFilters = {}): TaskQuery {
  const definitions = filters.definition !== undefined ? [filters.definition] : scope.definitions;
  const clauses = [oneOf('TaskQueue', scope.queues), oneOf('WorkflowType', definitions), oneOf(TASK_DEFINITION_SEARCH_ATTRIBUTE.name, definitions)];
  const id = filters.taskId !== undefined ? exactly('WorkflowId', filters.taskId) : undefined;
  const parent = filters.parentId !== undefined ? exactly(TASK_PARENT_SEARCH_ATTRIBUTE.name, filters.parentId) : undefined;
  for (const part of [id, parent]) if (part?.clause) clauses.push(part.clause);
  for (const tag of filters.tags ?? []) clauses.push(`${TASK_TAGS_SEARCH_ATTRIBUTE.name} = ${queryString(tag)}`);
  if (filters.createdAfter !== undefined) clauses.push(`StartTime > ${queryString(filters.createdAfter.toISOString())}`);
  if (filters.createdBefore !== undefined) clauses.push(`StartTime < ${queryString(filters.createdBefore.toISOString())}`);
  if (!id) clauses.push(`ExecutionStatus != 'ContinuedAsNew'`);
  if (filters.status !== undefined) clauses.push(`(${statusQuery(filters.status)})`);
  if (filters.execution === 'open') clauses.push(`ExecutionStatus = 'Running'`);
  if (filters.execution === 'closed') clauses.push(`ExecutionStatus IN ('Completed', 'Failed', 'Canceled', 'Terminated', 'TimedOut')`);
  return {
    query: clauses.join(' AND '),
    matches: (execution) => (id?.exact !== false || execution.workflowId === filters.taskId) && (parent?.exact !== false || execution.parentId === filters.parentId),
    exact: id?.exact !== false && parent?.exact !== false,
  };
}
