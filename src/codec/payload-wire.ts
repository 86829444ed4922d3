import type { Payload } from '@temporalio/common';

/**
 * A Temporal `Payload` in its protobuf wire format (`temporal.api.common.v1.Payload`: field 1 `map<string, bytes>
 * metadata`, field 2 `bytes data`), the form encryption codecs of every Temporal SDK encrypt, so a payload this
 * library encrypts can be decrypted by a codec of another language with the same key, and the other way round.
 * Written out here because the protobuf classes live in `@temporalio/proto`, which an application need not depend on.
 */
export function encodePayloadWire(payload: Payload): Buffer {
  const parts: Buffer[] = [];
  for (const [key, value] of Object.entries(payload.metadata ?? {})) {
    if (value === null || value === undefined) continue;
    const entry = Buffer.concat([field(1, Buffer.from(key, 'utf8')), field(2, Buffer.from(value))]);
    parts.push(field(1, entry));
  }
  if (payload.data && payload.data.length > 0) parts.push(field(2, Buffer.from(payload.data)));
  return Buffer.concat(parts);
}

/** The `Payload` that `encodePayloadWire` wrote. Throws on bytes that are not one (the caller says whose they are). */
export function decodePayloadWire(bytes: Uint8Array): Payload {
  const metadata: Record<string, Uint8Array> = {};
  let data: Uint8Array = new Uint8Array(0);
  for (const { number, value } of fields(bytes)) {
    if (number === 1) {
      let key = '';
      let entryValue: Uint8Array = new Uint8Array(0);
      for (const entry of fields(value)) {
        if (entry.number === 1) key = Buffer.from(entry.value).toString('utf8');
        else if (entry.number === 2) entryValue = entry.value;
      }
      metadata[key] = entryValue;
    } else if (number === 2) {
      data = value;
    }
  }
  return { metadata, data };
}

/** A length-delimited field (wire type 2). */
function field(number: number, value: Buffer): Buffer {
  return Buffer.concat([varint((number << 3) | 2), varint(value.length), value]);
}

function varint(value: number): Buffer {
  const bytes: number[] = [];
  let rest = value;
  while (rest > 0x7f) {
    bytes.push((rest & 0x7f) | 0x80);
    rest = Math.floor(rest / 128);
  }
  bytes.push(rest);
  return Buffer.from(bytes);
}

/** The fields of a message. Only length-delimited fields are kept (a Payload has no others we read); varint and fixed ones are skipped. */
function* fields(bytes: Uint8Array): Generator<{ number: number; value: Uint8Array }> {
  let offset = 0;
  const readVarint = (): number => {
    let result = 0;
    let multiplier = 1;
    for (;;) {
      if (offset >= bytes.length) throw new Error('truncated varint');
      const byte = bytes[offset++]!;
      result += (byte & 0x7f) * multiplier;
      if ((byte & 0x80) === 0) return result;
      multiplier *= 128;
      if (multiplier > 2 ** 49) throw new Error('varint too long');
    }
  };
  while (offset < bytes.length) {
    const tag = readVarint();
    const wireType = tag & 7;
    const number = Math.floor(tag / 8);
    if (wireType === 2) {
      const length = readVarint();
      if (offset + length > bytes.length) throw new Error('truncated field');
      yield { number, value: bytes.subarray(offset, offset + length) };
      offset += length;
    } else if (wireType === 0) {
      readVarint();
    } else if (wireType === 1) {
      offset += 8;
    } else if (wireType === 5) {
      offset += 4;
    } else {
      throw new Error(`unsupported wire type ${wireType}`);
    }
  }
}
