import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { AesGcmPayloadCodec, TasksCodecServerModule, type CodecServerRequest, type TaskHandle } from '../../src';
import { TemporalDevServer } from '../../src/testing/temporal-dev-server';
import { PayrollExportTask, SECRETS } from '../fixtures/encryption-tasks';
import { createTaskTestApp, eventually, type TaskTestApp } from '../support/task-test-app';
import { freePort } from '../support/free-port';

/** Debian's Chromium; CHROMIUM_PATH points elsewhere. playwright-core drives it and downloads no browser. */
const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const SCREENSHOTS = join(__dirname, '..', '..', 'test-output', 'codec-server-web-ui');
const UI_TIMEOUT_MS = 30_000;


/**
 * The Web UI of a dev server whose codec endpoint is the app's own TasksCodecServerModule: Temporal stores only
 * ciphertext (payload-encryption.test.ts proves it), so plain text on the page can only come from the codec server
 * decrypting for the browser, across origins (the UI and the app listen on different ports).
 */
describe('Temporal Web UI with the codec server', () => {
  let server: TemporalDevServer | undefined;
  let t: TaskTestApp | undefined;
  let browser: Browser | undefined;
  let page: Page;
  let task: TaskHandle | undefined;
  const authorized: unknown[] = [];

  beforeAll(async () => {
    if (!existsSync(CHROMIUM_PATH)) {
      throw new Error(`Chromium not found at ${CHROMIUM_PATH}: install it with \`apt-get install -y chromium\` (Debian/Ubuntu, as root), or set CHROMIUM_PATH to a Chromium binary.`);
    }
    mkdirSync(SCREENSHOTS, { recursive: true });
    rmSync(join(SCREENSHOTS, 'failure.png'), { force: true });
    const appPort = await freePort();
    server = await TemporalDevServer.start({ ui: true, uiCodecEndpoint: `http://127.0.0.1:${appPort}/temporal-codec`, startTimeoutMs: 120_000 });
    const codec = new AesGcmPayloadCodec({ keys: [{ id: 'ui-test', key: randomBytes(32) }] });
    t = await createTaskTestApp([PayrollExportTask], {
      connection: { address: server.address },
      taskQueue: `codec-ui-${randomUUID().slice(0, 8)}`,
      dataConverter: { payloadCodecs: [codec] },
      imports: [
        TasksCodecServerModule.forRoot({
          codec,
          corsOrigins: [server.uiUrl!],
          // The UI names the namespace of the payloads it asks about; this app decodes only its own.
          authorize: (request: CodecServerRequest) => {
            authorized.push(request.headers['x-namespace']);
            return request.headers['x-namespace'] === 'default';
          },
        }),
      ],
    });
    await t.app.listen(appPort, '127.0.0.1');
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
    page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    page.setDefaultTimeout(UI_TIMEOUT_MS);
  }, 180_000);

  afterAll(async () => {
    t?.app.get(PayrollExportTask).release();
    await task?.result().catch(() => undefined);
    await browser?.close();
    await t?.app.close();
    await server?.stop();
  }, 60_000);

  it('shows the encrypted task decoded: its input, its summary, its current details and its heartbeat progress', async () => {
    const uiUrl = server?.uiUrl;
    if (!uiUrl || !t) throw new Error('TemporalDevServer.start({ ui: true }) gave no uiUrl');
    const handler = t.app.get(PayrollExportTask);
    handler.reset();
    const running = await t.tasks.trigger(PayrollExportTask, { secret: SECRETS.input }, { memo: { note: SECRETS.memo } });
    task = running;
    await eventually(() => (handler.holding ? true : undefined), 30_000, 'the second iteration');

    try {
      await page.goto(`${uiUrl}/namespaces/default/workflows/${encodeURIComponent(running.id)}/${running.runId ?? ''}/history`);
      await expectVisible(page.getByTestId('workflow-id-heading').filter({ hasText: running.id }));
      // The input, as the codec server decrypted it.
      await expectVisible(page.getByText(SECRETS.input).filter({ visible: true }).first());
      await page.screenshot({ path: join(SCREENSHOTS, '1-decoded-input.png'), fullPage: true });

      // Summary (the title) and current details, which the workflow reports through a query answered with ciphertext.
      await page.getByTestId('user-metadata-tab').click();
      await expectVisible(page.frameLocator('#user-metadata-summary').getByText(`Payroll export ${SECRETS.title}`));
      await expectVisible(page.frameLocator('#user-metadata-current-details').getByText(/iteration 2 of at most 50/));
      await page.screenshot({ path: join(SCREENSHOTS, '2-decoded-summary-and-details.png'), fullPage: true });

      // The running iteration's heartbeat details.
      await page.getByTestId('pending-activities-tab').click();
      await expectVisible(page.getByText(SECRETS.heartbeat).filter({ visible: true }).first());
      await page.screenshot({ path: join(SCREENSHOTS, '3-decoded-heartbeat.png'), fullPage: true });
    } catch (err) {
      await page.screenshot({ path: join(SCREENSHOTS, 'failure.png'), fullPage: true }).catch(() => undefined);
      throw err;
    }
    // Every decode the page asked for went through authorize, with the namespace the UI named.
    expect(authorized.length).toBeGreaterThan(0);
    expect(new Set(authorized)).toEqual(new Set(['default']));

    handler.release();
    await expect(running.result()).resolves.toMatchObject({ memoSeenByActivityClient: SECRETS.memo });
  }, 150_000);
});

/** Waits for the locator to be visible; on timeout, fails with what was expected and the page it was on. */
async function expectVisible(locator: Locator): Promise<void> {
  try {
    await locator.waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
  } catch (err) {
    throw new Error(`Temporal Web UI at ${locator.page().url()} did not show ${String(locator)} within ${UI_TIMEOUT_MS} ms. See test-output/codec-server-web-ui/failure.png.`, { cause: err });
  }
}
