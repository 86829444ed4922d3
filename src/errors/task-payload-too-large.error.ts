import { TasksError } from './tasks.error';

/**
 * Thrown by `TaskService.trigger` (nothing is started) when the input or memo, encoded, is larger than
 * `limits.payloadBytes`; and raised inside the Runner (the task fails at once, without retries) when an output,
 * a state or the logs of an iteration are.
 */
export class TaskPayloadTooLargeError extends TasksError {
  readonly code = 'TASK_PAYLOAD_TOO_LARGE';

  constructor(
    readonly definitionId: string,
    /** Which payload: `input`, `memo`, `output`, `state`, `logs`, `progress`. */
    readonly payload: string,
    readonly sizeBytes: number,
    readonly limitBytes: number,
  ) {
    super(
      `The ${payload} of task "${definitionId}" is ${formatBytes(sizeBytes)} encoded, over the limit of ${formatBytes(limitBytes)} (limits.payloadBytes; Temporal refuses payloads over its blob size limit, 2 MB by default). Pass a reference instead (a storage key or URL), or raise the limit if your cluster allows larger payloads.`,
    );
  }
}

function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(2)} MiB (${bytes} bytes)` : `${bytes} bytes`;
}
