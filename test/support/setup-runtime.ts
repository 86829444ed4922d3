import { DefaultLogger, Runtime } from '@temporalio/worker';

/**
 * Test files named `*.own-runtime.test.ts` test how the SDK runtime gets installed (the SDK allows one per process,
 * and each test file runs in a process of its own), so they get none from here.
 */
const OWN_RUNTIME = /\.own-runtime\.test\.ts$/;

// Worker state changes and retried attempts are logged at INFO/WARN by the SDK; keep test output readable.
if (!OWN_RUNTIME.test(expect.getState().testPath ?? '')) Runtime.install({ logger: new DefaultLogger('ERROR') });
