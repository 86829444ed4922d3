import type { Connection } from '@temporalio/client';
import type { NativeConnection } from '@temporalio/worker';
import { SearchAttributesMissingError } from '../errors/search-attributes-missing.error';
import { TASK_SEARCH_ATTRIBUTES } from '../tasks.constants';

/** `temporal.api.enums.v1.IndexedValueType` by the names TASK_SEARCH_ATTRIBUTES uses, without a direct dependency on the protos. */
const INDEXED_VALUE_TYPE = { Keyword: 2, KeywordList: 7 } as const;

/**
 * Registers the library's search attributes on the namespace when they are missing. Works wherever the operator
 * API is open to the caller (dev server, self-hosted); elsewhere (e.g. Temporal Cloud) it throws
 * `SearchAttributesMissingError`, whose message says how to register them by hand.
 */
export async function ensureSearchAttributes(connection: Connection | NativeConnection, namespace: string): Promise<void> {
  const names = Object.keys(TASK_SEARCH_ATTRIBUTES);
  let missing: string[] = names;
  try {
    const { customAttributes } = await connection.operatorService.listSearchAttributes({ namespace });
    missing = names.filter((name) => !(name in (customAttributes ?? {})));
    if (missing.length === 0) return;
    await connection.operatorService.addSearchAttributes({
      namespace,
      searchAttributes: Object.fromEntries(missing.map((name) => [name, INDEXED_VALUE_TYPE[TASK_SEARCH_ATTRIBUTES[name]!]])),
    });
  } catch (err) {
    throw new SearchAttributesMissingError(namespace, missing, err);
  }
}
