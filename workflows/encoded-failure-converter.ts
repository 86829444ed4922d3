/**
 * A failure converter that moves each failure's message and stack trace into an encoded payload
 * (`encodedAttributes`), so that a payload codec encrypts them like every other payload; Temporal then stores only
 * "Encoded failure" in their place. Loaded by path (`dataConverter.failureConverterPath`), in Node and in the workflow
 * sandbox alike: see `ENCODED_FAILURE_CONVERTER_PATH`.
 */
import { DefaultFailureConverter } from '@temporalio/common';

export const failureConverter = new DefaultFailureConverter({ encodeCommonAttributes: true });
