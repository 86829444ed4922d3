import type { Payload } from '@temporalio/common';

/** A payload in the JSON of Temporal's remote codec protocol: protobuf's JSON mapping, bytes as base64. */
export interface RemoteCodecPayload {
  metadata?: Record<string, string>;
  data?: string;
}

/**
 * The payloads of a remote codec request body (`{ payloads: [...] }`), or the reason it is not one. Strict about
 * the shape, so that a malformed request is answered 400 instead of being passed to the codec half-read.
 */
export function payloadsFromJson(body: unknown): Payload[] | string {
  const payloads = (body as { payloads?: unknown } | null | undefined)?.payloads;
  if (typeof body !== 'object' || body === null || !Array.isArray(payloads))
    return 'the body must be JSON of the form { "payloads": [{ "metadata": { ... }, "data": "<base64>" }] }';
  const result: Payload[] = [];
  for (const [index, item] of payloads.entries()) {
    if (typeof item !== 'object' || item === null) return `payloads[${index}] must be an object`;
    const { metadata = {}, data = '' } = item as { metadata?: unknown; data?: unknown };
    if (typeof metadata !== 'object' || metadata === null || Array.isArray(metadata))
      return `payloads[${index}].metadata must be an object of base64 strings`;
    const decoded: Record<string, Uint8Array> = {};
    for (const [key, value] of Object.entries(metadata)) {
      if (typeof value !== 'string' || !isBase64(value)) return `payloads[${index}].metadata.${key} must be a base64 string`;
      decoded[key] = Buffer.from(value, 'base64');
    }
    if (typeof data !== 'string' || !isBase64(data)) return `payloads[${index}].data must be a base64 string`;
    result.push({ metadata: decoded, data: Buffer.from(data, 'base64') });
  }
  return result;
}

/** The response body for `payloads`: `{ payloads: [...] }` in the same JSON form. */
export function payloadsToJson(payloads: readonly Payload[]): { payloads: RemoteCodecPayload[] } {
  return {
    payloads: payloads.map((payload) => ({
      metadata: Object.fromEntries(
        Object.entries(payload.metadata ?? {}).map(([key, value]) => [key, Buffer.from(value ?? new Uint8Array(0)).toString('base64')]),
      ),
      data: Buffer.from(payload.data ?? new Uint8Array(0)).toString('base64'),
    })),
  };
}

function isBase64(value: string): boolean {
  return /^[A-Za-z0-9+/_-]*={0,2}$/.test(value);
}
