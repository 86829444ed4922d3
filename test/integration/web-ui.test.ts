import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import type { TaskHandle } from '../../src';
import { TemporalDevServer } from '../../src/testing/temporal-dev-server';
import { PurgeCacheTask, RebuildSearchIndexTask } from '../fixtures/web-ui-tasks';
import { createTaskTestApp, eventually, type TaskTestApp } from '../support/task-test-app';

/** Debian's Chromium; CHROMIUM_PATH points elsewhere. playwright-core drives it and downloads no browser. */
const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const SCREENSHOTS = join(__dirname, '..', '..', 'test-output', 'web-ui');
/** The UI is a single-page app that fetches after it renders: wait for what it shows, generously. */
const UI_TIMEOUT_MS = 30_000;

/**
 * The Web UI is the library's management UI: it must tell a task's story without reading JSON. A running task is
 * findable by its definition, in a list with the library's columns and a saved view; its page shows the user's input
 * alone, its title, and its state and latest logs as text; a failed task's page says why. The suite's shared server is
 * headless, so this file starts a dev server of its own with the UI. Screenshots go to test-output/web-ui.
 */
describe('Temporal Web UI tells a task story', () => {
  let server: TemporalDevServer | undefined;
  let t: TaskTestApp | undefined;
  let browser: Browser | undefined;
  let page: Page;
  let task: TaskHandle | undefined;

  beforeAll(async () => {
    if (!existsSync(CHROMIUM_PATH)) {
      throw new Error(
        `Chromium not found at ${CHROMIUM_PATH}: the Web UI test drives the Temporal Web UI in a headless Chromium. Install it with \`apt-get install -y chromium\` (Debian/Ubuntu, as root), or set CHROMIUM_PATH to a Chromium binary.`,
      );
    }
    mkdirSync(SCREENSHOTS, { recursive: true });
    for (const file of readdirSync(SCREENSHOTS)) rmSync(join(SCREENSHOTS, file), { force: true });
    server = await TemporalDevServer.start({ ui: true, startTimeoutMs: 120_000 });
    t = await createTaskTestApp([RebuildSearchIndexTask, PurgeCacheTask], { connection: { address: server.address }, taskQueue: `web-ui-${randomUUID().slice(0, 8)}` });
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
    page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    page.setDefaultTimeout(UI_TIMEOUT_MS);
  }, 180_000);

  afterAll(async () => {
    t?.app.get(RebuildSearchIndexTask).release();
    await task?.result().catch(() => undefined);
    await browser?.close();
    await t?.app.close();
    await server?.stop();
  }, 60_000);

  it('lists tasks with the TaskDefinition and TaskStatus columns and a saved view, and shows input, state, logs and errors as text', async () => {
    const uiUrl = server?.uiUrl;
    if (!uiUrl || !t) throw new Error('TemporalDevServer.start({ ui: true }) gave no uiUrl');
    const { tasks, taskQueue } = t;
    const running = await tasks.trigger(RebuildSearchIndexTask, { documents: 1000 });
    task = running;
    const delayed = await tasks.trigger(RebuildSearchIndexTask, { documents: 5 }, { delay: '1 hour' });
    const failed = await tasks.trigger(PurgeCacheTask, { region: 'eu-west' });
    await failed.result().catch(() => undefined);
    // Second iteration running, its heartbeat carrying progress 70, and every task visible to list queries.
    await eventually(async () => {
      const info = await tasks.get(running.id);
      return info.iterations === 2 && info.progress?.value === 70 ? info : undefined;
    }, 30_000, 'the second iteration to report progress 70');
    await eventually(async () => ((await tasks.list({ pageSize: 100 })).tasks.length === 3 ? true : undefined), 30_000, 'the tasks in visibility');

    try {
      // The list, with the library's columns: Configure Columns → add TaskDefinition and TaskStatus (Run ID and End
      // removed to make room). The delayed task reads "pending".
      await page.goto(`${uiUrl}/namespaces/default/workflows`);
      await expectVisible(page.getByTestId('workflows-summary-configurable-table-row').filter({ hasText: failed.id }));
      await page.getByTestId('workflows-summary-table-configuration-button').click();
      for (const column of ['Run ID', 'End']) await page.getByTestId(`orderable-list-item-${column}-remove-button`).click();
      for (const column of ['TaskDefinition', 'TaskStatus']) await page.getByTestId(`orderable-list-item-${column}-add-button`).click();
      await page.getByTestId('drawer-close-button').click();
      await page.getByTestId('drawer-close-button').waitFor({ state: 'hidden' });
      await expectVisible(page.getByRole('columnheader', { name: 'TaskDefinition' }));
      await expectVisible(page.getByRole('columnheader', { name: 'TaskStatus' }));
      const delayedRow = page.getByTestId('workflows-summary-configurable-table-row').filter({ hasText: delayed.id });
      await expectVisible(delayedRow.getByText('pending', { exact: true }));
      await expectVisible(page.getByTestId('workflows-summary-configurable-table-row').filter({ hasText: failed.id }).getByText('purgeCache', { exact: true }).first());
      await page.screenshot({ path: join(SCREENSHOTS, '1-list-with-task-columns.png'), fullPage: true });

      // A saved view: the query TaskDefinition = "rebuildSearchIndex", saved as "Search index rebuilds", and picked
      // again from Saved Views on the unfiltered list.
      await page.goto(`${uiUrl}/namespaces/default/workflows?query=${encodeURIComponent('TaskDefinition="rebuildSearchIndex"')}`);
      await expectVisible(page.getByTestId('workflows-summary-configurable-table-row').filter({ hasText: running.id }));
      await page.getByTestId('create-view-button').click();
      await page.getByTestId('workflow-save-view-modal-input').fill('Search index rebuilds');
      await page.getByTestId('confirm-modal-button').filter({ visible: true }).click();
      await page.goto(`${uiUrl}/namespaces/default/workflows`);
      await expectVisible(page.getByTestId('workflows-summary-configurable-table-row').filter({ hasText: failed.id }));
      await page.getByTestId('saved-views-button').click();
      await page.getByText('Search index rebuilds').filter({ visible: true }).first().click();
      await expectVisible(page.getByTestId('workflows-summary-configurable-table-row').filter({ hasText: running.id }));
      await page.getByTestId('workflows-summary-configurable-table-row').filter({ hasText: failed.id }).waitFor({ state: 'detached' });
      await page.screenshot({ path: join(SCREENSHOTS, '2-saved-view.png'), fullPage: true });

      // The task's page: status, type, queue, and the user's input alone (the library's settings are in the memo).
      await page.goto(`${uiUrl}/namespaces/default/workflows/${encodeURIComponent(running.id)}/${running.runId ?? ''}`);
      await expectVisible(page.getByTestId('workflow-id-heading').filter({ hasText: running.id }));
      await expectVisible(page.getByTestId('execution-status').getByText('Running', { exact: false }));
      await expectVisible(page.getByRole('link', { name: 'rebuildSearchIndex' }).filter({ visible: true }).first());
      await expectVisible(page.getByRole('link', { name: taskQueue }));
      await expectVisible(page.getByText(/"documents": 1000/).filter({ visible: true }).first());
      expect(await page.getByText('definitionId').count()).toBe(0);
      await page.screenshot({ path: join(SCREENSHOTS, '3-task-input.png'), fullPage: true });

      // Summary (the title) and current details: status, iteration, progress and the latest log lines, as text.
      await page.getByTestId('user-metadata-tab').click();
      await expectVisible(page.frameLocator('#user-metadata-summary').getByText('Rebuild the search index'));
      const details = page.frameLocator('#user-metadata-current-details');
      await expectVisible(details.getByText(/running · iteration 2 of at most 50 · progress 40/));
      await expectVisible(details.getByText(/info · #1\.1 · indexed the first batch \{"indexed":400\}/));
      await page.screenshot({ path: join(SCREENSHOTS, '4-task-state-and-logs.png'), fullPage: true });

      // The running iteration's own progress travels in its heartbeat details.
      await page.getByTestId('pending-activities-tab').click();
      await expectVisible(page.getByText('Heartbeat Details').filter({ visible: true }).first());
      await expectVisible(page.getByText(/"value": 70/).filter({ visible: true }).first());
      await page.screenshot({ path: join(SCREENSHOTS, '5-task-pending-iteration.png'), fullPage: true });

      // A failed task says why, and shows the line it logged, without opening any JSON.
      await page.goto(`${uiUrl}/namespaces/default/workflows/${encodeURIComponent(failed.id)}/${failed.runId ?? ''}`);
      await page.getByTestId('user-metadata-tab').click();
      const failedDetails = page.frameLocator('#user-metadata-current-details');
      await expectVisible(failedDetails.getByText(/Failed: cache server unreachable/));
      await expectVisible(failedDetails.getByText(/error · #1\.1 · the cache server refused the purge/));
      await page.screenshot({ path: join(SCREENSHOTS, '6-failed-task.png'), fullPage: true });
    } catch (err) {
      await page.screenshot({ path: join(SCREENSHOTS, 'failure.png'), fullPage: true }).catch(() => undefined);
      throw err;
    }

    // The task was only held open for the UI: it still finishes normally.
    t.app.get(RebuildSearchIndexTask).release();
    await expect(running.result()).resolves.toEqual({ indexed: 1000 });
    await tasks.abort(delayed.id, 'not needed after all');
  }, 180_000);
});

/** Waits for the locator to be visible; on timeout, fails with what was expected and the page it was on. */
async function expectVisible(locator: Locator): Promise<void> {
  try {
    await locator.waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
  } catch (err) {
    throw new Error(`Temporal Web UI at ${locator.page().url()} did not show ${String(locator)} within ${UI_TIMEOUT_MS} ms. See test-output/web-ui/failure.png.`, { cause: err });
  }
}
