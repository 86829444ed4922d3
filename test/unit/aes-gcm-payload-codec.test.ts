import { randomBytes } from 'node:crypto';
import { defaultPayloadConverter, type Payload } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { AesGcmPayloadCodec, EncryptionKeyNotFoundError, InvalidEncryptionKeyError, PayloadDecryptionError } from '../../src';
import { decodePayloadWire, encodePayloadWire } from '../../src/codec/payload-wire';

const key1 = randomBytes(32);
const key2 = randomBytes(32);
const payload = (value: unknown): Payload => defaultPayloadConverter.toPayload(value);
const text = (p: Payload | undefined): string => Buffer.from(p?.data ?? new Uint8Array(0)).toString('utf8');
const meta = (p: Payload | undefined, key: string): string | undefined => (p?.metadata?.[key] ? Buffer.from(p.metadata[key]!).toString() : undefined);

describe('AesGcmPayloadCodec', () => {
  it('encrypts each payload whole, and decrypts it back to the same payload', async () => {
    const codec = new AesGcmPayloadCodec({ keys: [{ id: 'k1', key: key1 }] });
    const originals = [payload({ secret: 'swordfish' }), payload('plain words'), payload(null)];
    const encoded = await codec.encode(originals);
    expect(encoded).toHaveLength(3);
    for (const item of encoded) {
      expect(meta(item, 'encoding')).toBe('binary/encrypted');
      expect(meta(item, 'encryption-key-id')).toBe('k1');
      expect(text(item)).not.toContain('swordfish');
      expect(text(item)).not.toContain('json/plain');
    }
    // A fresh IV each time: the same payload never encrypts to the same bytes.
    const [again] = await codec.encode([originals[0]!]);
    expect(Buffer.from(again!.data!).equals(Buffer.from(encoded[0]!.data!))).toBe(false);
    const decoded = await codec.decode(encoded);
    expect(decoded.map((p) => defaultPayloadConverter.fromPayload(p))).toEqual([{ secret: 'swordfish' }, 'plain words', null]);
  });

  it('passes payloads it did not encrypt through, so switching it on needs no migration', async () => {
    const codec = new AesGcmPayloadCodec({ keys: [{ id: 'k1', key: key1 }] });
    const old = payload({ written: 'before encryption' });
    expect(await codec.decode([old])).toEqual([old]);
  });

  it('rotates keys: encrypts with encryptWith (default the first), decrypts with any key whose id a payload names', async () => {
    const before = new AesGcmPayloadCodec({ keys: [{ id: 'k1', key: key1 }] });
    const after = new AesGcmPayloadCodec({ keys: [{ id: 'k2', key: key2 }, { id: 'k1', key: key1 }] });
    const [old] = await before.encode([payload('old')]);
    const [fresh] = await after.encode([payload('new')]);
    expect(meta(fresh, 'encryption-key-id')).toBe('k2');
    expect((await after.decode([old!, fresh!])).map((p) => defaultPayloadConverter.fromPayload(p))).toEqual(['old', 'new']);
    const pinned = new AesGcmPayloadCodec({ keys: [{ id: 'k2', key: key2 }, { id: 'k1', key: key1 }], encryptWith: 'k1' });
    expect(meta((await pinned.encode([payload('x')]))[0], 'encryption-key-id')).toBe('k1');
  });

  it('fails clearly on a payload whose key it lacks, a wrong key under the same id, or an altered payload', async () => {
    const writer = new AesGcmPayloadCodec({ keys: [{ id: 'k1', key: key1 }] });
    const [encrypted] = await writer.encode([payload('secret')]);
    const missing = await new AesGcmPayloadCodec({ keys: [{ id: 'k2', key: key2 }] }).decode([encrypted!]).catch((err: unknown) => err);
    expect(missing).toBeInstanceOf(EncryptionKeyNotFoundError);
    expect(missing).toMatchObject({ code: 'ENCRYPTION_KEY_NOT_FOUND', keyId: 'k1', knownKeyIds: ['k2'] });
    expect((missing as Error).message).toMatch(/"k1".*does not have.*Add that key/);

    const wrongKey = await new AesGcmPayloadCodec({ keys: [{ id: 'k1', key: key2 }] }).decode([encrypted!]).catch((err: unknown) => err);
    expect(wrongKey).toBeInstanceOf(PayloadDecryptionError);
    expect(wrongKey).toMatchObject({ code: 'PAYLOAD_DECRYPTION_FAILED', keyId: 'k1' });

    const altered = { ...encrypted!, data: Buffer.from(encrypted!.data!).map((byte, i) => (i === 20 ? byte ^ 1 : byte)) };
    await expect(writer.decode([altered])).rejects.toBeInstanceOf(PayloadDecryptionError);
  });

  it('refuses unusable keys when it is made, saying what is wrong', () => {
    const make = (keys: unknown, encryptWith?: string) => () => new AesGcmPayloadCodec({ keys: keys as never, encryptWith });
    expect(make([])).toThrow(InvalidEncryptionKeyError);
    expect(make([{ id: 'short', key: randomBytes(16) }])).toThrow(/key "short": the key is 16 bytes long; AES-256 needs exactly 32 bytes/);
    expect(make([{ id: 'b64', key: randomBytes(24).toString('base64') }])).toThrow(/24 bytes long/);
    expect(make([{ id: '', key: key1 }])).toThrow(/non-empty string/);
    expect(make([{ id: 'k1', key: key1 }, { id: 'k1', key: key2 }])).toThrow(/given twice/);
    expect(make([{ id: 'k1', key: key1 }], 'k9')).toThrow(/encryptWith names no key/);
    expect(make([{ id: 'k1', key: 'not base64!' }])).toThrow(/must be base64/);
    try {
      make([{ id: 'short', key: randomBytes(16) }])();
    } catch (err) {
      expect(err).toMatchObject({ code: 'ENCRYPTION_KEY_INVALID', keyId: 'short' });
    }
  });

  it('reads keys from one string of id:base64 pairs, for an environment variable', async () => {
    const codec = new AesGcmPayloadCodec({ keys: `k2:${key2.toString('base64')}, k1:${key1.toString('base64')}` });
    expect(codec.keyIds).toEqual(['k2', 'k1']);
    const [encrypted] = await new AesGcmPayloadCodec({ keys: [{ id: 'k1', key: key1 }] }).encode([payload('from k1')]);
    expect(defaultPayloadConverter.fromPayload((await codec.decode([encrypted!]))[0]!)).toBe('from k1');
    // A malformed entry is reported without repeating it (it may be a key).
    const secretLooking = key1.toString('base64');
    expect(() => new AesGcmPayloadCodec({ keys: secretLooking })).toThrow(/entry 1 of the keys string is not an id:base64Key pair/);
    expect(() => new AesGcmPayloadCodec({ keys: secretLooking })).not.toThrow(new RegExp(secretLooking.slice(0, 8).replace(/[+/]/g, '.')));
  });
});

describe('the payload wire format', () => {
  it('is the protobuf encoding of temporal.api.common.v1.Payload, both ways', () => {
    const original = payload({ héllo: 'wörld', n: 1 });
    const ours = encodePayloadWire(original);
    const theirs = temporal.api.common.v1.Payload.encode(original).finish();
    expect(Buffer.from(ours).equals(Buffer.from(theirs))).toBe(true);
    const back = decodePayloadWire(theirs);
    expect(defaultPayloadConverter.fromPayload(back)).toEqual({ héllo: 'wörld', n: 1 });
    const big = payload('x'.repeat(70_000));
    expect(Buffer.from(encodePayloadWire(big)).equals(Buffer.from(temporal.api.common.v1.Payload.encode(big).finish()))).toBe(true);
  });
});
