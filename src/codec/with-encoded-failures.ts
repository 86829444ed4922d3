import type { DataConverter } from '@temporalio/common';
import { ENCODED_FAILURE_CONVERTER_PATH } from './encoded-failure-converter-path';

/**
 * The data converter as the library hands it to Temporal: with a payload codec and no failure converter of the
 * user's, failures are encoded too (`ENCODED_FAILURE_CONVERTER_PATH`). A codec alone leaves failure messages and stack
 * traces, which often quote the data a task failed on, in plain text; a user's own `failureConverterPath` is kept.
 */
export function withEncodedFailures<T extends Pick<DataConverter, 'payloadCodecs' | 'failureConverterPath'>>(dataConverter: T | undefined): T | undefined {
  if (typeof dataConverter !== 'object' || dataConverter === null) return dataConverter;
  const { payloadCodecs, failureConverterPath } = dataConverter;
  if (!Array.isArray(payloadCodecs) || payloadCodecs.length === 0 || failureConverterPath !== undefined) return dataConverter;
  return { ...dataConverter, failureConverterPath: ENCODED_FAILURE_CONVERTER_PATH };
}
