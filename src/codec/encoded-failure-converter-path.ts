import { resolve } from 'node:path';

/**
 * Path of a module whose `failureConverter` encodes failure messages and stack traces as payloads (Temporal's
 * `DefaultFailureConverter` with `encodeCommonAttributes: true`). Without it, a payload codec leaves them in plain
 * text: give it as `dataConverter.failureConverterPath` next to the codec, so that error messages (which often quote
 * the data they failed on) are encrypted too. The Runner bundles it into the workflow code.
 */
export const ENCODED_FAILURE_CONVERTER_PATH = resolve(__dirname, '..', '..', 'workflows', 'encoded-failure-converter');
