import { randomBytes } from 'node:crypto';
import { defaultPayloadConverter, type Payload } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { AesGcmPayloadCodec, EncryptionKeyNotFoundError, InvalidEncryptionKeyError, PayloadDecryptionError, PayloadNotEncryptedError } from '../../src';
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

  it('rotates keys in two phases: the new key decrypts first, then encrypts; every payload names its key', async () => {
    const before = new AesGcmPayloadCodec({ keys: [{ id: 'k1', key: key1 }] });
    // Phase 1: the new key is there, encryptWith still names the old one.
    const phase1 = new AesGcmPayloadCodec({ keys: [{ id: 'k2', key: key2 }, { id: 'k1', key: key1 }], encryptWith: 'k1' });
    // Phase 2: once every process has k2, it encrypts.
    const phase2 = new AesGcmPayloadCodec({ keys: [{ id: 'k2', key: key2 }, { id: 'k1', key: key1 }], encryptWith: 'k2' });
    const [old] = await before.encode([payload('old')]);
    const [during] = await phase1.encode([payload('during')]);
    const [fresh] = await phase2.encode([payload('new')]);
    expect([meta(old, 'encryption-key-id'), meta(during, 'encryption-key-id'), meta(fresh, 'encryption-key-id')]).toEqual(['k1', 'k1', 'k2']);
    // What phase 1 writes, a process that has not got k2 yet still reads.
    expect(defaultPayloadConverter.fromPayload((await before.decode([during!]))[0]!)).toBe('during');
    for (const codec of [phase1, phase2]) {
      expect((await codec.decode([old!, during!, fresh!])).map((p) => defaultPayloadConverter.fromPayload(p))).toEqual(['old', 'during', 'new']);
    }
    // The failure the two phases avoid: encrypting with k2 while a process lacks it.
    await expect(before.decode([fresh!])).rejects.toBeInstanceOf(EncryptionKeyNotFoundError);
  });

  it('requires encryptWith with more than one key, naming the two phases of a rotation', () => {
    const make = () => new AesGcmPayloadCodec({ keys: [{ id: 'k2', key: key2 }, { id: 'k1', key: key1 }] });
    expect(make).toThrow(InvalidEncryptionKeyError);
    expect(make).toThrow(/with more than one key \("k2", "k1"\), name the one that encrypts in encryptWith[\s\S]*first add the new key[\s\S]*then, once every process has it, make the new key encryptWith/);
    expect(() => new AesGcmPayloadCodec({ keys: `k2:${key2.toString('base64')},k1:${key1.toString('base64')}` })).toThrow(/name the one that encrypts in encryptWith/);
    // One key needs no choice.
    expect(new AesGcmPayloadCodec({ keys: [{ id: 'k1', key: key1 }] }).keyIds).toEqual(['k1']);
  });

  it('with requireEncryption, refuses a payload it did not encrypt instead of passing it through', async () => {
    const strict = new AesGcmPayloadCodec({ keys: [{ id: 'k1', key: key1 }], requireEncryption: true });
    const plain = payload({ injected: 'by someone without the keys' });
    const refused = await strict.decode([plain]).catch((err: unknown) => err);
    expect(refused).toBeInstanceOf(PayloadNotEncryptedError);
    expect(refused).toMatchObject({ code: 'PAYLOAD_NOT_ENCRYPTED', encoding: 'json/plain' });
    expect((refused as Error).message).toMatch(/not encrypted \(its encoding is "json\/plain"\)[\s\S]*requireEncryption: true/);
    expect((refused as Error).message).not.toContain('someone without the keys"');
    await expect(strict.decode([{ data: Buffer.from('no metadata') }])).rejects.toMatchObject({ code: 'PAYLOAD_NOT_ENCRYPTED', encoding: undefined });
    // Its own payloads read as ever; one batch with a plain payload in it is refused whole.
    const [own] = await strict.encode([payload('mine')]);
    expect(defaultPayloadConverter.fromPayload((await strict.decode([own!]))[0]!)).toBe('mine');
    await expect(strict.decode([own!, plain])).rejects.toBeInstanceOf(PayloadNotEncryptedError);
    // Off by default: the same payload passes through.
    expect(await new AesGcmPayloadCodec({ keys: [{ id: 'k1', key: key1 }] }).decode([plain])).toEqual([plain]);
  });

  it('does not bind ciphertext to where it is stored: a payload copied from one task to another decrypts (no associated data)', async () => {
    const codec = new AesGcmPayloadCodec({ keys: [{ id: 'k1', key: key1 }], requireEncryption: true });
    const [ofTaskA] = await codec.encode([payload({ task: 'a' })]);
    // Nothing in the payload says which task it belongs to: decoding it elsewhere gives the same value.
    expect(defaultPayloadConverter.fromPayload((await codec.decode([structuredClone(ofTaskA!)]))[0]!)).toEqual({ task: 'a' });
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
    expect(make([{ id: 'short', key: randomBytes(16) }])).toThrow(expect.objectContaining({ code: 'ENCRYPTION_KEY_INVALID', keyId: 'short' }));
  });

  it('reads keys from one string of id:base64 pairs, for an environment variable', async () => {
    const codec = new AesGcmPayloadCodec({ keys: `k2:${key2.toString('base64')}, k1:${key1.toString('base64')}`, encryptWith: 'k2' });
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
