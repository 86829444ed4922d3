import { TasksError } from './tasks.error';

/**
 * Thrown by `new AesGcmPayloadCodec(...)` when its keys cannot be used: none given, a key id that is empty, repeated
 * or not in `keys` (`encryptWith`), or a key that is not 32 bytes (AES-256 needs exactly 256 bits).
 */
export class InvalidEncryptionKeyError extends TasksError {
  readonly code = 'ENCRYPTION_KEY_INVALID';

  constructor(
    /** The key id concerned, when one is. */
    readonly keyId: string | undefined,
    /** What is wrong with it. */
    readonly problem: string,
  ) {
    super(`AesGcmPayloadCodec: ${keyId === undefined ? '' : `key "${keyId}": `}${problem}`);
  }
}
