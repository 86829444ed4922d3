import type { LoadedDataConverter } from '@temporalio/common';
import { MAX_MESSAGE_NAME_LENGTH } from '../../activities/task-controller';
import type { TaskMessageSignal } from '../../workflows/task-workflow.types';
import { validateWithSchema } from '../definition/validate-task-input';
import { InvalidSendOptionsError } from '../errors/invalid-send-options.error';
import { TaskEndedError } from '../errors/task-ended.error';
import { TaskStateError } from '../errors/task-state.error';
import type { TaskStatus } from './task-info';
import type { ResolvedTaskDefinition } from '../task.interfaces';
import { assertSerializable } from './assert-serializable';
import { checkPayloadSize } from './check-trigger';
import type { TaskSendOptions } from './task-send.options';

/** Longest `messageId`. */
const MAX_MESSAGE_ID_LENGTH = 200;

/**
 * Refuses a message name or options that no task could take, before anything is asked of Temporal:
 * `InvalidSendOptionsError` naming every problem.
 */
export function checkSendOptions(taskId: string, name: unknown, options: TaskSendOptions): void {
  const problems: string[] = [];
  if (typeof name !== 'string' || name.length === 0 || name.length > MAX_MESSAGE_NAME_LENGTH) {
    problems.push(
      `the message name must be a string of 1 to ${MAX_MESSAGE_NAME_LENGTH} characters, as controller.waitFor(name) waits for it, got ${JSON.stringify(name)}`,
    );
  }
  if (typeof options !== 'object' || options === null) problems.push('the options must be an object');
  else if (
    options.messageId !== undefined &&
    (typeof options.messageId !== 'string' || options.messageId.length === 0 || options.messageId.length > MAX_MESSAGE_ID_LENGTH)
  ) {
    problems.push(`messageId must be a string of 1 to ${MAX_MESSAGE_ID_LENGTH} characters, got ${JSON.stringify(options.messageId)}`);
  }
  if (problems.length > 0) throw new InvalidSendOptionsError(taskId, problems);
}

/**
 * The message as the task receives it, checked as `trigger` checks an input: the definition's schema of that name
 * when it declares `messages` (a name it does not list is refused), plain JSON data, and (given `size`) at most
 * `limitBytes` encoded through the client's converter.
 */
export async function prepareMessage(
  definition: Pick<ResolvedTaskDefinition, 'id' | 'messages'>,
  taskId: string,
  name: string,
  payload: unknown,
  options: TaskSendOptions,
  size?: { converter: LoadedDataConverter; limitBytes: number },
): Promise<TaskMessageSignal> {
  let valid = payload;
  if (definition.messages) {
    const schema = Object.hasOwn(definition.messages, name) ? definition.messages[name] : undefined;
    if (!schema) {
      const known = Object.keys(definition.messages);
      throw new InvalidSendOptionsError(taskId, [
        `@Task({ id: "${definition.id}" }) declares the messages ${known.map((known) => `"${known}"`).join(', ') || '(none)'}, not "${name}"`,
      ]);
    }
    valid = await validateWithSchema(definition.id, schema, payload, 'payload');
  }
  assertSerializable(definition.id, valid, 'payload');
  if (size) await checkPayloadSize(size.converter, definition.id, 'payload', [valid], size.limitBytes);
  return { name, payload: valid, ...(options.messageId === undefined ? {} : { id: options.messageId }) };
}

/**
 * Refuses to send to a task that cannot take a message: one that ended (`TaskEndedError`), and one that waits for
 * its delayed start (`TaskStateError`: a signal would start it at once, before its time). A task that is pending
 * because no Runner has begun it yet takes messages: the server keeps them until it runs.
 */
export function checkSendable(taskId: string, name: string, status: TaskStatus, delayedStart: boolean): void {
  if (status === 'success' || status === 'failed' || status === 'aborted') throw new TaskEndedError(taskId, status, `send "${name}"`);
  if (status === 'pending' && delayedStart) throw new TaskStateError(taskId, status, `send "${name}" to`, ['running', 'waiting']);
}
