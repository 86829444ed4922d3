import { Connection } from '@temporalio/client';
import { TASK_SEARCH_ATTRIBUTES } from 'nestjs-temporal-tasks';

/** `temporal.api.enums.v1.IndexedValueType`, by the type names of TASK_SEARCH_ATTRIBUTES. */
const INDEXED_VALUE_TYPES: Record<(typeof TASK_SEARCH_ATTRIBUTES)[string], number> = { Keyword: 2, KeywordList: 7 };

const TIMEOUT_MS = 180_000;

/**
 * Registers the search attributes the library records on every task (TASK_SEARCH_ATTRIBUTES) on a Temporal server.
 * The one-shot `temporal-setup` service of docker-compose.yml runs it before the app and the workers start. It
 * waits for the server and its namespace, and adds only what is missing, so it can run at every `up`.
 *
 * Environment: TEMPORAL_ADDRESS (default localhost:7233), TEMPORAL_NAMESPACE (default `default`).
 */
async function main(): Promise<void> {
  const address = process.env.TEMPORAL_ADDRESS ?? 'localhost:7233';
  const namespace = process.env.TEMPORAL_NAMESPACE ?? 'default';
  const deadline = Date.now() + TIMEOUT_MS;
  for (;;) {
    try {
      await register(address, namespace);
      return;
    } catch (err) {
      // Until the server is up and has created its namespace, every call fails: try again.
      if (Date.now() > deadline) throw err;
      console.log(`Waiting for Temporal at ${address} (namespace "${namespace}"): ${err instanceof Error ? err.message : String(err)}`);
      await new Promise((resolve) => setTimeout(resolve, 2_000));
    }
  }
}

async function register(address: string, namespace: string): Promise<void> {
  const connection = await Connection.connect({ address });
  try {
    const { customAttributes = {} } = await connection.operatorService.listSearchAttributes({ namespace });
    const missing = Object.entries(TASK_SEARCH_ATTRIBUTES).filter(([name]) => !(name in customAttributes));
    if (missing.length > 0) {
      await connection.operatorService.addSearchAttributes({
        namespace,
        searchAttributes: Object.fromEntries(missing.map(([name, type]) => [name, INDEXED_VALUE_TYPES[type]])),
      });
    }
    const names = Object.keys(TASK_SEARCH_ATTRIBUTES).join(', ');
    console.log(
      missing.length > 0 ? `Registered ${names} in namespace "${namespace}".` : `${names} already registered in namespace "${namespace}".`,
    );
  } finally {
    await connection.close();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
