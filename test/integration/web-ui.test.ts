import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import type { TaskHandle } from '../../src';
import { TemporalDevServer } from '../../src/testing/temporal-dev-server';
import { RebuildSearchIndexTask } from '../fixtures/web-ui-tasks';
import { createTaskTestApp, eventually, type TaskTestApp } from '../support/task-test-app';

/** Debian's Chromium; CHROMIUM_PATH points elsewhere. playwright-core drives it and downloads no browser. */
const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const SCREENSHOTS = join(__dirname, '..', '..', 'test-output', 'web-ui');
/** The UI is a single-page app that fetches after it renders: wait for what it shows, generously. */
const UI_TIMEOUT_MS = 30_000;

/**
 * The Web UI is the library's management UI: a running task must be findable by its definition and show its
 * title, where it stands and its search attributes. The suite's shared server is headless, so this file starts a
 * dev server of its own with the UI.
 */
describe('Temporal Web UI shows a running task', () => {
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
    rmSync(join(SCREENSHOTS, 'failure.png'), { force: true });
    server = await TemporalDevServer.start({ ui: true, startTimeoutMs: 120_000 });
    t = await createTaskTestApp([RebuildSearchIndexTask], { connection: { address: server.address }, taskQueue: `web-ui-${randomUUID().slice(0, 8)}` });
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
    page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    page.setDefaultTimeout(UI_TIMEOUT_MS);
  }, 180_000);

  afterAll(async () => {
    t?.app.get(RebuildSearchIndexTask).release();
    await task?.result().catch(() => undefined);
    await browser?.close();
    await t?.app.close();
    await server?.stop();
  }, 60_000);

  it('lists it under its definition and shows its type, summary, current details, progress and search attributes', async () => {
    const uiUrl = server?.uiUrl;
    if (!uiUrl || !t) throw new Error('TemporalDevServer.start({ ui: true }) gave no uiUrl');
    const { tasks, taskQueue } = t;
    const running = await tasks.trigger(RebuildSearchIndexTask, { documents: 1000 });
    task = running;
    // Second iteration running, its heartbeat carrying progress 70, and the task visible to list queries.
    await eventually(async () => {
      const info = await tasks.get(running.id);
      return info.iterations === 2 && info.progress?.value === 70 ? info : undefined;
    }, 30_000, 'the second iteration to report progress 70');
    await eventually(async () => ((await tasks.list({ definition: 'rebuildSearchIndex' })).tasks.some((summary) => summary.id === running.id) ? true : undefined), 30_000, 'the task in visibility');

    try {
      // The workflows list, filtered by the definition's search attribute through the URL's visibility query.
      await page.goto(`${uiUrl}/namespaces/default/workflows?query=${encodeURIComponent('TaskDefinition="rebuildSearchIndex"')}`);
      const row = page.getByTestId('workflows-summary-configurable-table-row').filter({ hasText: running.id });
      await expectVisible(row);
      await expectVisible(row.getByText('Running', { exact: false }).filter({ visible: true }).first());
      await expectVisible(row.getByRole('link', { name: 'rebuildSearchIndex', exact: true }));
      await page.screenshot({ path: join(SCREENSHOTS, '1-workflows-list.png'), fullPage: true });

      // The task's page: status, id, workflow type (the definition id) and task queue.
      await row.getByRole('link', { name: running.id }).click();
      await page.waitForURL((url) => url.pathname.startsWith(`/namespaces/default/workflows/${encodeURIComponent(running.id)}/${running.runId ?? ''}`));
      await expectVisible(page.getByTestId('workflow-id-heading').filter({ hasText: running.id }));
      await expectVisible(page.getByTestId('execution-status').getByText('Running', { exact: false }));
      await expectVisible(page.getByRole('link', { name: 'rebuildSearchIndex' }).filter({ visible: true }).first());
      await expectVisible(page.getByRole('link', { name: taskQueue }));
      await page.screenshot({ path: join(SCREENSHOTS, '2-task-timeline.png'), fullPage: true });

      // Summary (the title) and current details (iteration and progress), each rendered as markdown in an iframe.
      await page.getByTestId('user-metadata-tab').click();
      await expectVisible(page.frameLocator('#user-metadata-summary').getByText('Rebuild the search index'));
      await expectVisible(page.frameLocator('#user-metadata-current-details').getByText(/running · iteration 2 of at most 50 · progress 40/));
      await page.screenshot({ path: join(SCREENSHOTS, '3-task-summary-and-details.png'), fullPage: true });

      // The running iteration's own progress travels in its heartbeat details.
      await page.getByTestId('pending-activities-tab').click();
      await expectVisible(page.getByText('Heartbeat Details').filter({ visible: true }).first());
      await expectVisible(page.getByText(/"value": 70/).filter({ visible: true }).first());
      await page.screenshot({ path: join(SCREENSHOTS, '4-task-pending-iteration.png'), fullPage: true });

      await page.getByTestId('search-attributes-tab').click();
      await expectVisible(page.getByText(/"TaskDefinition": "rebuildSearchIndex"/).filter({ visible: true }).first());
      await page.screenshot({ path: join(SCREENSHOTS, '5-task-search-attributes.png'), fullPage: true });
    } catch (err) {
      await page.screenshot({ path: join(SCREENSHOTS, 'failure.png'), fullPage: true }).catch(() => undefined);
      throw err;
    }

    // The task was only held open for the UI: it still finishes normally.
    t.app.get(RebuildSearchIndexTask).release();
    await expect(running.result()).resolves.toEqual({ indexed: 1000 });
  }, 150_000);
});

/** Waits for the locator to be visible; on timeout, fails with what was expected and the page it was on. */
async function expectVisible(locator: Locator): Promise<void> {
  try {
    await locator.waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
  } catch (err) {
    throw new Error(`Temporal Web UI at ${locator.page().url()} did not show ${String(locator)} within ${UI_TIMEOUT_MS} ms. See test-output/web-ui/failure.png.`, { cause: err });
  }
}
