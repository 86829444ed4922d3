import { TasksError } from './tasks.error';

/**
 * Thrown by `TaskService.send` when the message name or its options are invalid (a name of 1 to 200 characters, a
 * `messageId` of 1 to 200 characters), or when the definition declares `messages` and not this name. Nothing is sent.
 */
export class InvalidSendOptionsError extends TasksError {
  readonly code = 'INVALID_SEND_OPTIONS';

  constructor(
    readonly taskId: string,
    /** Each problem found, e.g. `messageId must be a non-empty string`. */
    readonly problems: readonly string[],
  ) {
    super(`Cannot send to task ${taskId}: ${problems.join('; ')}.`);
  }
}
