import { DefaultLogger, Runtime } from '@temporalio/worker';

// Worker state changes and retried attempts are logged at INFO/WARN by the SDK; keep test output readable.
Runtime.install({ logger: new DefaultLogger('ERROR') });
