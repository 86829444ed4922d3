import { resolve } from 'node:path';

/**
 * Path of a module whose `failureConverter` encodes failure messages and stack traces as payloads (Temporal's
 * `DefaultFailureConverter` with `encodeCommonAttributes: true`), so that a payload codec encrypts error messages
 * (which often quote the data they failed on) too. The module uses it as `dataConverter.failureConverterPath`
 * whenever `payloadCodecs` are given without a failure converter; the Runner bundles it into the workflow code.
 */
export const ENCODED_FAILURE_CONVERTER_PATH = resolve(__dirname, '..', '..', 'workflows', 'encoded-failure-converter');
