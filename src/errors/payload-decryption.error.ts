import { TasksError } from './tasks.error';

/**
 * Thrown by `AesGcmPayloadCodec` when an encrypted payload does not decrypt: its key id names a key whose bytes differ
 * from the ones that encrypted it, or the payload was altered (AES-GCM authenticates what it encrypts).
 */
export class PayloadDecryptionError extends TasksError {
  readonly code = 'PAYLOAD_DECRYPTION_FAILED';

  constructor(
    /** The key id the payload names, when it names one. */
    readonly keyId: string | undefined,
    cause?: unknown,
  ) {
    super(
      keyId === undefined
        ? 'An encrypted payload names no key id (metadata "encryption-key-id"): it was not written by AesGcmPayloadCodec, or it was altered.'
        : `A payload encrypted with the key "${keyId}" does not decrypt with the key of that id this codec has: the key's bytes differ from the ones that encrypted it (check the key configured under "${keyId}"), or the payload was altered.`,
      { cause },
    );
  }
}
