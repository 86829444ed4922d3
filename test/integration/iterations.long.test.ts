import type { Client } from '@temporalio/client';
import { CountToTask } from '../fixtures/iteration-tasks';
import { expectCountedAcrossRuns } from '../support/count-across-runs';
import { createTaskTestApp, temporalClient, type TaskTestApp } from '../support/task-test-app';

/**
 * Long: runs only with TASKS_LONG_TESTS=1 (`npm run test:long`), about 3 minutes on 2 cores. `npm test` runs the same
 * shape at 300 iterations on a server that suggests continue-as-new early (continue-as-new.test.ts).
 */
describe('Iterations at length, on the run server with its default limits', () => {
  let t: TaskTestApp;
  let client: Client;
  let closeClient: () => Promise<void>;

  beforeAll(async () => {
    t = await createTaskTestApp([CountToTask]);
    ({ client, close: closeClient } = await temporalClient());
  });

  afterAll(async () => {
    await t?.app.close();
    await closeClient?.();
  });

  it('finishes a task of 10 000 iterations with a bounded history, continuing as new', async () => {
    // Temporal suggests continue-as-new at a few thousand events; every run stays near that bound.
    await expectCountedAcrossRuns(t, client, 10_000, { minRuns: 2, maxRunHistoryLength: 12_000 });
  }, 900_000);
});
