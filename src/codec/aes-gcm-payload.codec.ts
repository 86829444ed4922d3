import type { Payload, PayloadCodec } from '@temporalio/common';
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { EncryptionKeyNotFoundError } from '../errors/encryption-key-not-found.error';
import { InvalidEncryptionKeyError } from '../errors/invalid-encryption-key.error';
import { PayloadDecryptionError } from '../errors/payload-decryption.error';
import { PayloadNotEncryptedError } from '../errors/payload-not-encrypted.error';
import { decodePayloadWire, encodePayloadWire } from './payload-wire';

/** One AES-256 key of an `AesGcmPayloadCodec`. */
export interface AesGcmKey {
  /**
   * Names the key in every payload it encrypts (metadata `encryption-key-id`), so that the payload can be decrypted
   * after newer keys have taken over. Not secret: it is stored in plain text.
   */
  id: string;
  /** The key: 32 bytes, or those bytes base64-encoded (`openssl rand -base64 32`). */
  key: Uint8Array | string;
}

/** Options of `new AesGcmPayloadCodec(...)`. */
export interface AesGcmPayloadCodecOptions {
  /**
   * The keys, by id: the codec decrypts every payload whose key id is among them. Either a list, or a string of
   * `id:base64Key` pairs separated by commas (`'2025-06:q1w…=,2025-01:z9x…='`), for one environment variable.
   */
  keys: readonly AesGcmKey[] | string;
  /**
   * The id of the key that encrypts. Required with more than one key, so that no process picks a key by list order:
   * key rotation takes two deployments. First, add the new key to `keys` of every process with `encryptWith` still
   * naming the old one (the new key only decrypts); second, once every process (workers, web processes, the codec
   * server) has it, make the new key `encryptWith`. Keep the old keys for as long as payloads they encrypted are still
   * in Temporal (the namespace's retention after the last task that used them ended).
   * @default the only key, when `keys` has one
   */
  encryptWith?: string;
  /**
   * Refuse to decode a payload this codec did not encrypt (`PayloadNotEncryptedError`), instead of passing it through
   * as it is: turn it on once no payload from before encryption is left to read, so that a payload put into Temporal
   * by someone without the keys (a plain `temporal workflow start --input`, say) is never taken as the task's data.
   * @default false (payloads written before encryption was turned on are read as they are)
   */
  requireEncryption?: boolean;
}

/** Metadata `encoding` of a payload this codec encrypted (the value Temporal's encryption samples use). */
export const ENCRYPTED_ENCODING = 'binary/encrypted';
/** Metadata key naming the key a payload was encrypted with. */
export const ENCRYPTION_KEY_ID_METADATA = 'encryption-key-id';

const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * A Temporal payload codec that encrypts every payload with AES-256-GCM (Node's crypto), so that what the library and
 * its tasks store in Temporal (inputs, outputs, logs, memo, progress) is ciphertext on the server and in its Web UI.
 * Give it to `TasksModule.forRoot({ dataConverter: { payloadCodecs: [codec] } })`; and to a codec server
 * (`TasksCodecServerModule`) so the Web UI can show the payloads decrypted to those allowed to see them.
 *
 * Each payload is encrypted whole (its metadata and data, in protobuf form) with a fresh random 96-bit IV, and
 * stored as `IV ‖ ciphertext ‖ 128-bit tag` with metadata `encoding: binary/encrypted` and the key's id, the format
 * of Temporal's encryption samples in other languages. Payloads without that encoding (written before encryption
 * was turned on) are passed through as they are, so turning it on needs no migration; `requireEncryption` refuses
 * them instead. Ciphertext is not bound to where it is stored (no associated data): a payload copied from one task
 * into another decrypts there too.
 */
export class AesGcmPayloadCodec implements PayloadCodec {
  private readonly keys: ReadonlyMap<string, Buffer>;
  private readonly encryptionKeyId: string;
  private readonly requireEncryption: boolean;

  constructor(options: AesGcmPayloadCodecOptions) {
    const list = typeof options?.keys === 'string' ? parseKeys(options.keys) : options?.keys;
    if (!Array.isArray(list) || list.length === 0)
      throw new InvalidEncryptionKeyError(undefined, 'no keys given: pass keys, e.g. [{ id: "2025-06", key: "<32 bytes, base64>" }].');
    const keys = new Map<string, Buffer>();
    for (const { id, key } of list as readonly AesGcmKey[]) {
      if (typeof id !== 'string' || id.trim() === '')
        throw new InvalidEncryptionKeyError(undefined, `a key id must be a non-empty string, got ${JSON.stringify(id)}.`);
      if (keys.has(id)) throw new InvalidEncryptionKeyError(id, 'the id is given twice: each key needs an id of its own.');
      keys.set(id, keyBytes(id, key));
    }
    if (options.encryptWith === undefined && keys.size > 1) {
      throw new InvalidEncryptionKeyError(
        undefined,
        `with more than one key (${[...keys.keys()].map((id) => `"${id}"`).join(', ')}), name the one that encrypts in encryptWith. To rotate keys, deploy in two phases: first add the new key to keys of every process with encryptWith still naming the old key (the new one only decrypts); then, once every process has it, make the new key encryptWith.`,
      );
    }
    const encryptWith = options.encryptWith ?? (list[0] as AesGcmKey).id;
    if (!keys.has(encryptWith))
      throw new InvalidEncryptionKeyError(
        encryptWith,
        `encryptWith names no key of keys (${[...keys.keys()].map((id) => `"${id}"`).join(', ')}).`,
      );
    this.keys = keys;
    this.encryptionKeyId = encryptWith;
    this.requireEncryption = options.requireEncryption === true;
  }

  /** The ids of the keys it decrypts with. */
  get keyIds(): string[] {
    return [...this.keys.keys()];
  }

  async encode(payloads: Payload[]): Promise<Payload[]> {
    const key = this.keys.get(this.encryptionKeyId)!;
    return payloads.map((payload) => {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const encrypted = Buffer.concat([iv, cipher.update(encodePayloadWire(payload)), cipher.final(), cipher.getAuthTag()]);
      return {
        metadata: { encoding: Buffer.from(ENCRYPTED_ENCODING), [ENCRYPTION_KEY_ID_METADATA]: Buffer.from(this.encryptionKeyId) },
        data: encrypted,
      };
    });
  }

  async decode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => {
      const encoding = payload.metadata?.encoding;
      const encodingName = encoding ? Buffer.from(encoding).toString() : undefined;
      if (encodingName !== ENCRYPTED_ENCODING) {
        if (this.requireEncryption) throw new PayloadNotEncryptedError(encodingName);
        return payload;
      }
      const idBytes = payload.metadata?.[ENCRYPTION_KEY_ID_METADATA];
      if (!idBytes) throw new PayloadDecryptionError(undefined);
      const keyId = Buffer.from(idBytes).toString();
      const key = this.keys.get(keyId);
      if (!key) throw new EncryptionKeyNotFoundError(keyId, this.keyIds);
      const data = Buffer.from(payload.data ?? new Uint8Array(0));
      try {
        if (data.length < IV_BYTES + TAG_BYTES) throw new Error(`${data.length} bytes are too few for an IV and a tag`);
        const decipher = createDecipheriv('aes-256-gcm', key, data.subarray(0, IV_BYTES));
        decipher.setAuthTag(data.subarray(data.length - TAG_BYTES));
        const plain = Buffer.concat([decipher.update(data.subarray(IV_BYTES, data.length - TAG_BYTES)), decipher.final()]);
        return decodePayloadWire(plain);
      } catch (err) {
        throw new PayloadDecryptionError(keyId, err);
      }
    });
  }
}

function keyBytes(id: string, key: Uint8Array | string): Buffer {
  let bytes: Buffer;
  if (typeof key === 'string') {
    if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(key.trim()))
      throw new InvalidEncryptionKeyError(id, 'a key given as a string must be base64 (e.g. from `openssl rand -base64 32`).');
    bytes = Buffer.from(key.trim(), 'base64');
  } else if (key instanceof Uint8Array) {
    bytes = Buffer.from(key);
  } else {
    throw new InvalidEncryptionKeyError(id, `the key must be a Uint8Array or a base64 string, got ${typeof key}.`);
  }
  if (bytes.length !== KEY_BYTES) {
    throw new InvalidEncryptionKeyError(
      id,
      `the key is ${bytes.length} bytes long; AES-256 needs exactly ${KEY_BYTES} bytes (256 bits). Generate one with \`openssl rand -base64 32\`.`,
    );
  }
  return bytes;
}

/** `'id:base64,id:base64'` into keys. */
function parseKeys(text: string): AesGcmKey[] {
  return text
    .split(',')
    .map((pair) => pair.trim())
    .filter(Boolean)
    .map((pair, index) => {
      const separator = pair.indexOf(':');
      // The message must not repeat the entry: it may be a key.
      if (separator <= 0)
        throw new InvalidEncryptionKeyError(
          undefined,
          `entry ${index + 1} of the keys string is not an id:base64Key pair: write keys as 'id:base64Key,id:base64Key'.`,
        );
      return { id: pair.slice(0, separator), key: pair.slice(separator + 1) };
    });
}
