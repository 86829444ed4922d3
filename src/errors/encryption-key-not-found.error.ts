import { TasksError } from './tasks.error';

/**
 * Thrown by `AesGcmPayloadCodec` when it decodes a payload encrypted with a key id it was not given: a key that was
 * rotated out too early, or a process configured with other keys than the one that wrote the payload.
 */
export class EncryptionKeyNotFoundError extends TasksError {
  readonly code = 'ENCRYPTION_KEY_NOT_FOUND';

  constructor(
    /** The key id the payload names. */
    readonly keyId: string,
    /** The key ids the codec has. */
    readonly knownKeyIds: readonly string[],
  ) {
    super(
      `A payload was encrypted with the key "${keyId}", which this codec does not have (it has ${knownKeyIds.map((id) => `"${id}"`).join(', ')}). Add that key to AesGcmPayloadCodec's keys: keep every key that encrypted payloads still in Temporal (until their retention has passed) and encrypt with the newest.`,
    );
  }
}
