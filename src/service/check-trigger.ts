import type { LoadedDataConverter } from '@temporalio/common';
import { encodeToPayloads } from '@temporalio/common/lib/internal-non-workflow';
import { msToNumber } from '@temporalio/common/lib/time';
import { InvalidTaskIdError } from '../errors/invalid-task-id.error';
import { InvalidTriggerOptionsError } from '../errors/invalid-trigger-options.error';
import { TaskIdTooLongError } from '../errors/task-id-too-long.error';
import { TaskPayloadTooLargeError } from '../errors/task-payload-too-large.error';
import { deadlineProblems } from './task-deadline';
import { debounceProblems } from './check-debounce';
import type { TaskConflictPolicy, TaskReusePolicy, TaskTriggerOptions } from './task-trigger.options';

/**
 * Checks the options of a trigger that the definition's own rules do not cover (retry and timeout overrides are
 * checked with the definition): throws `InvalidTriggerOptionsError` listing every problem. Nothing is started.
 */
export function checkTriggerOptions(definitionId: string, options: TaskTriggerOptions): void {
  const problems: string[] = [];
  if (typeof options !== 'object' || options === null) throw new InvalidTriggerOptionsError(definitionId, ['the options must be an object']);
  if (options.id !== undefined && (typeof options.id !== 'string' || options.id.length === 0)) {
    problems.push(`id (the idempotency key) must be a non-empty string, got ${JSON.stringify(options.id)}`);
  } else if (options.id !== undefined && CONTROL_CHARACTER.test(options.id)) {
    problems.push(`id (the idempotency key) ${JSON.stringify(options.id)} holds a control character: keys are printable text`);
  }
  if (options.delay !== undefined) {
    let ms: number | undefined;
    try {
      ms = msToNumber(options.delay);
    } catch {
      problems.push(`delay ${JSON.stringify(options.delay)} is not a duration: use milliseconds or a string such as '30s' or '5 minutes'`);
    }
    if (ms !== undefined && !(ms >= 0 && Number.isFinite(ms))) problems.push(`delay must be zero or more, got ${JSON.stringify(options.delay)}`);
  }
  if (options.parentId !== undefined && (typeof options.parentId !== 'string' || options.parentId.length === 0)) {
    problems.push(`parentId must be a task id, got ${JSON.stringify(options.parentId)}`);
  }
  if (options.memo !== undefined && (typeof options.memo !== 'object' || options.memo === null || Array.isArray(options.memo))) {
    problems.push(`memo must be an object of tags, got ${JSON.stringify(options.memo)}`);
  }
  if (options.onConflict !== undefined && !CONFLICT_POLICIES.includes(options.onConflict)) {
    problems.push(`onConflict must be 'useExisting' or 'fail', got ${JSON.stringify(options.onConflict)}`);
  }
  if (options.reuse !== undefined && !REUSE_POLICIES.includes(options.reuse)) {
    problems.push(`reuse must be 'never', 'afterFailure' or 'afterClose', got ${JSON.stringify(options.reuse)}`);
  }
  if (options.tags !== undefined) problems.push(...tagProblems(options.tags, 'tags'));
  problems.push(...deadlineProblems(options.deadline, options.delay, Date.now()));
  problems.push(...debounceProblems(options));
  if (problems.length > 0) throw new InvalidTriggerOptionsError(definitionId, problems);
}

const CONFLICT_POLICIES: readonly unknown[] = ['useExisting', 'fail'] satisfies TaskConflictPolicy[];
const REUSE_POLICIES: readonly unknown[] = ['never', 'afterFailure', 'afterClose'] satisfies TaskReusePolicy[];

/** Most tags a task may carry, and the longest tag. */
export const TAG_LIMITS = { count: 20, length: 100 } as const;

/**
 * What is wrong with a list of tags (of a trigger, or a filter): at most 20 strings of 1 to 100 printable characters.
 * `\` and `"` are refused: SQL visibility stores cannot match them exactly (see task-query.ts), and a tag that no
 * filter could find would be worse than none.
 */
export function tagProblems(tags: unknown, field: string): string[] {
  if (!Array.isArray(tags)) return [`${field} must be an array of strings, got ${JSON.stringify(tags) ?? String(tags)}`];
  const problems: string[] = [];
  if (tags.length > TAG_LIMITS.count) problems.push(`${field} holds ${tags.length} tags, over the limit of ${TAG_LIMITS.count}`);
  for (const tag of tags) {
    if (typeof tag !== 'string' || tag.length === 0 || tag.length > TAG_LIMITS.length) {
      problems.push(`${field}: each tag is a string of 1 to ${TAG_LIMITS.length} characters, got ${JSON.stringify(tag) ?? String(tag)}`);
    } else if (CONTROL_CHARACTER.test(tag) || /[\\"]/.test(tag)) {
      problems.push(`${field}: tag ${JSON.stringify(tag)} holds a control character, \\ or ": tags are printable text without those`);
    }
  }
  return problems;
}

/** Characters no task id holds: C0 controls and DEL (a key is printable text; `\`, quotes and `--` are fine). */
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f]/;

/** Refuses a task id longer than the cluster takes (`limits.taskIdLength`). */
export function checkTaskIdLength(taskId: string, limit: number): void {
  if (taskId.length > limit) throw new TaskIdTooLongError(taskId, limit);
}

/**
 * Refuses what cannot be a task id, before asking Temporal about it: a task id is a non-empty string no longer than
 * the cluster takes.
 */
export function checkTaskId(taskId: unknown, operation: string, limit: number): asserts taskId is string {
  if (typeof taskId !== 'string' || taskId.trim() === '') throw new InvalidTaskIdError(taskId, operation, 'a task id must be a non-empty string.');
  if (taskId.length > limit) throw new InvalidTaskIdError(taskId, operation, `it is ${taskId.length} characters long, over limits.taskIdLength (${limit}): no task can have it.`);
  if (CONTROL_CHARACTER.test(taskId)) throw new InvalidTaskIdError(taskId, operation, 'it holds a control character, which no task id holds.');
}

/**
 * Refuses a payload whose encoding (through the client's data converter and codecs, as Temporal would receive it)
 * is larger than `limitBytes`.
 */
export async function checkPayloadSize(converter: LoadedDataConverter, definitionId: string, payload: string, values: unknown[], limitBytes: number): Promise<void> {
  const size = await encodedPayloadSize(converter, values);
  if (size > limitBytes) throw new TaskPayloadTooLargeError(definitionId, payload, size, limitBytes);
}

/** The size of values encoded as Temporal receives them: data and metadata of each payload, after the codecs. */
export async function encodedPayloadSize(converter: LoadedDataConverter, values: unknown[]): Promise<number> {
  const payloads = await encodeToPayloads(converter, ...values);
  return (payloads ?? []).reduce((sum, { data, metadata }) => sum + (data?.length ?? 0) + Object.entries(metadata ?? {}).reduce((meta, [key, value]) => meta + key.length + value.length, 0), 0);
}
