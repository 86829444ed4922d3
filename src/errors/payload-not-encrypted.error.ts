import { TasksError } from './tasks.error';

/**
 * Thrown by `AesGcmPayloadCodec` with `requireEncryption: true` when it is asked to decode a payload that it did not
 * encrypt: one written before encryption was turned on, by a process without the codec, or put into Temporal by
 * someone who can write there but does not hold the keys (a `temporal workflow start --input ...`, say).
 */
export class PayloadNotEncryptedError extends TasksError {
  readonly code = 'PAYLOAD_NOT_ENCRYPTED';

  constructor(
    /** The payload's metadata `encoding` (e.g. `json/plain`), when it has one: never its data. */
    readonly encoding: string | undefined,
  ) {
    super(
      `A payload is not encrypted (its encoding is ${encoding === undefined ? 'not set' : `"${encoding}"`}), and AesGcmPayloadCodec has requireEncryption: true, so it is refused unread. It was written before encryption was turned on, by a process without the codec, or by someone who can write to Temporal without the keys. Give every process the codec; and keep requireEncryption off until the namespace's retention has passed since encryption was turned on, if payloads from before are still to be read.`,
    );
  }
}
