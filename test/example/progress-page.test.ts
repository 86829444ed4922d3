import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { TaskWatchInfo } from '../../src';
import { freePort } from '../support/free-port';
import { eventually } from '../support/task-test-app';
import { TEST_BUNDLE_ENV, temporalAddress } from '../support/test-env';

const MAIN = join(__dirname, '..', '..', 'examples', 'basic', 'dist', 'main.js');
/** Debian's Chromium; CHROMIUM_PATH points elsewhere. playwright-core drives it and downloads no browser. */
const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const SCREENSHOTS = join(__dirname, '..', '..', 'test-output', 'progress-page');
/** Fake work per row in the example's import: short, yet long enough for a watcher to see the import move. */
const ROW_DELAY_MS = 250;
/** Imports of more rows wait for an approval: above the 40 rows of the other tests' imports, which wait for none. */
const APPROVAL_ROWS = 40;
/** How long an import waits for its approval: short enough to see one time out. */
const APPROVAL_TIMEOUT = '30s';

/** A state of the task as the events carry it: `TaskWatchInfo` in JSON (dates as strings). */
type WatchedState = Omit<TaskWatchInfo, 'createdAt' | 'finishedAt' | 'startAt'>;

/**
 * The example's live progress: `GET /imports/:id/events` (server-sent events from `TaskService.watch$`) and the page
 * at `GET /imports/:id/page`, driven in headless Chromium. The compiled example app runs as a process of its own
 * against this run's Temporal server, on a task queue of its own. Screenshots and the app's output go to
 * test-output/progress-page.
 */
describe('the example app: live progress of an import', () => {
  let app: ChildProcess | undefined;
  let output = '';
  let base = '';
  let browser: Browser | undefined;

  beforeAll(async () => {
    const port = await freePort();
    app = spawn(process.execPath, [MAIN], {
      env: {
        ...process.env,
        PORT: String(port),
        TEMPORAL_ADDRESS: temporalAddress(),
        TASKS_TASK_QUEUE: `progress-page-${randomUUID().slice(0, 8)}`,
        // The run's prebuilt workflow bundle: the app starts without running webpack.
        TASKS_WORKFLOW_BUNDLE: process.env[TEST_BUNDLE_ENV],
        IMPORT_ROW_DELAY_MS: String(ROW_DELAY_MS),
        IMPORT_APPROVAL_ROWS: String(APPROVAL_ROWS),
        IMPORT_APPROVAL_TIMEOUT: APPROVAL_TIMEOUT,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    app.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    app.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    await eventually(() => (output.includes('HTTP API') ? true : undefined), 120_000, `the example to print its addresses:\n${output}`);
    base = `http://127.0.0.1:${port}`;
  }, 180_000);

  afterAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    writeFileSync(join(SCREENSHOTS, 'app.log'), output);
    await browser?.close();
    await temporal?.connection.close();
    if (app && app.exitCode === null && app.signalCode === null) {
      const exited = once(app, 'exit');
      app.kill('SIGTERM');
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 30_000))]);
      app.kill('SIGKILL');
    }
  }, 60_000);

  async function triggerImport(
    rows: number,
    rowsPerIteration: number,
  ): Promise<{ taskId: string; statusUrl: string; eventsUrl: string; pageUrl: string; abortUrl: string }> {
    const answer = await fetch(`${base}/imports`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ rows: Array.from({ length: rows }, (_, row) => `row-${row + 1}`), rowsPerIteration }),
    });
    expect(answer.status).toBe(202);
    return (await answer.json()) as { taskId: string; statusUrl: string; eventsUrl: string; pageUrl: string; abortUrl: string };
  }

  /** A new page in the headless Chromium, launched on first use. */
  async function newPage(): Promise<Page> {
    if (!existsSync(CHROMIUM_PATH)) {
      throw new Error(
        `Chromium not found at ${CHROMIUM_PATH}: the progress page test drives the example's page in a headless Chromium. Install it with \`apt-get install -y chromium\` (Debian/Ubuntu, as root), or set CHROMIUM_PATH to a Chromium binary.`,
      );
    }
    browser ??= await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
    const page = await browser.newPage({ viewport: { width: 1024, height: 768 } });
    page.setDefaultTimeout(30_000);
    return page;
  }

  let temporal: { connection: Connection; client: Client } | undefined;
  /** A Temporal client of the test's own: Temporal's view of a task, independent of the app. */
  async function temporalClient(): Promise<Client> {
    if (!temporal) {
      const connection = await Connection.connect({ address: temporalAddress() });
      temporal = { connection, client: new Client({ connection }) };
    }
    return temporal.client;
  }

  /** The import as `GET /imports/:id` answers. */
  async function importStatus(
    statusUrl: string,
  ): Promise<{ status: string; waitingFor?: { name: string; until?: string }; abortReason?: string }> {
    return (await (await fetch(`${base}${statusUrl}`)).json()) as {
      status: string;
      waitingFor?: { name: string; until?: string };
      abortReason?: string;
    };
  }

  /** `POST /imports/:id/approve` with this body (a JSON value, or raw text), as `GET`'s URL names the import. */
  function approve(statusUrl: string, body?: unknown): Promise<Response> {
    return fetch(`${base}${statusUrl}/approve`, {
      method: 'POST',
      ...(body === undefined
        ? {}
        : { headers: { 'content-type': 'application/json' }, body: typeof body === 'string' ? body : JSON.stringify(body) }),
    });
  }

  /** Every state the events of an import carry, until its final one. */
  async function followToEnd(eventsUrl: string): Promise<WatchedState[]> {
    const states: WatchedState[] = [];
    for await (const data of eventData(await fetch(`${base}${eventsUrl}`))) states.push(JSON.parse(data) as WatchedState);
    return states;
  }

  describe('POST /imports', () => {
    it('refuses a rowsPerIteration that is not a whole number above 0, or that makes more iterations than the task allows', async () => {
      for (const rowsPerIteration of [0, 1.5, '2']) {
        const answer = await fetch(`${base}/imports`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ rows: ['a'], rowsPerIteration }),
        });
        expect(answer.status).toBe(400);
        expect(await answer.text()).toContain('rowsPerIteration');
      }
      // More iterations than the definition's maxIterations (50) would fail the import at the 51st: refused up front.
      const tooMany = await fetch(`${base}/imports`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ rows: Array.from({ length: 51 }, (_, row) => `row-${row}`), rowsPerIteration: 1 }),
      });
      expect(tooMany.status).toBe(400);
      expect(await tooMany.text()).toContain('more than 50 iterations');
      // An import that waits for an approval spends an iteration on the wait: 50 rows of 1 are 51 iterations.
      const tooManyWithApproval = await fetch(`${base}/imports`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ rows: Array.from({ length: 50 }, (_, row) => `row-${row}`), rowsPerIteration: 1 }),
      });
      expect(tooManyWithApproval.status).toBe(400);
    });
  });

  describe('GET /imports/:id/events', () => {
    it('streams the task as it changes, its final state last, then ends', async () => {
      const { taskId, eventsUrl } = await triggerImport(8, 2);
      const answer = await fetch(`${base}${eventsUrl}`);
      expect(answer.status).toBe(200);
      expect(answer.headers.get('content-type')).toMatch(/^text\/event-stream/);
      const states: WatchedState[] = [];
      // The loop ends when the server ends the stream.
      for await (const data of eventData(answer)) states.push(JSON.parse(data) as WatchedState);

      const last = states.at(-1)!;
      expect(last).toMatchObject({ id: taskId, status: 'success', output: { imported: 8 }, iterations: 4, progress: { value: 100 } });
      // The rows are the user's data, not progress: no event carries them.
      expect(states.every((state) => !('input' in state))).toBe(true);
      expect(last.logs.map((line) => line.message)).toEqual([
        'Importing 8 rows',
        'Saved rows 1 to 2 of 8',
        'Saved rows 3 to 4 of 8',
        'Saved rows 5 to 6 of 8',
        'Saved rows 7 to 8 of 8',
        'Imported 8 rows',
      ]);
      // The import was seen moving: more than one progress value before the end, and never going back.
      const progress = states.map((state) => state.progress?.value ?? 0);
      expect(progress).toEqual([...progress].sort((a, b) => a - b));
      expect(new Set(progress.filter((value) => value > 0 && value < 100)).size).toBeGreaterThanOrEqual(1);
      expect(new Set(progress).size).toBeGreaterThanOrEqual(3);
      expect(states.slice(0, -1).every((state) => state.status !== 'success')).toBe(true);
      await eventually(
        () => (output.includes(`Events of ${taskId}: the task ended, stream closed`) ? true : undefined),
        10_000,
        'the app to close the stream',
      );
    });

    it('answers 404 for an import that does not exist and for an id of another definition, before any stream', async () => {
      for (const id of ['importEntries/no-such-task', 'payrollRun/1']) {
        const answer = await fetch(`${base}/imports/${encodeURIComponent(id)}/events`);
        expect(answer.status).toBe(404);
        expect(answer.headers.get('content-type')).not.toMatch(/event-stream/);
      }
    });

    it('releases the watch when the client disconnects, while the task goes on', async () => {
      const { taskId, eventsUrl, abortUrl } = await triggerImport(40, 1);
      const disconnect = new AbortController();
      const answer = await fetch(`${base}${eventsUrl}`, { signal: disconnect.signal });
      const events = eventData(answer);
      const first = await events.next();
      expect(JSON.parse(first.value as string)).toMatchObject({ id: taskId });
      disconnect.abort();
      await events.return().catch(() => undefined);
      await eventually(
        () => (output.includes(`Events of ${taskId}: the client left, watch released`) ? true : undefined),
        10_000,
        'the app to release the watch',
      );
      const status = (await (await fetch(`${base}/imports/${encodeURIComponent(taskId)}`)).json()) as { status: string };
      expect(['pending', 'running']).toContain(status.status);
      expect((await fetch(`${base}${abortUrl}`, { method: 'POST' })).status).toBe(202);
    });
  });

  describe('POST /imports/:id/approve', () => {
    /** An import that nobody approves: triggered first, so that its wait times out while the other tests run. */
    let unapproved: Awaited<ReturnType<typeof triggerImport>>;
    beforeAll(async () => {
      unapproved = await triggerImport(APPROVAL_ROWS + 1, APPROVAL_ROWS + 1);
    });

    it('lets a large import that waits go on, once for a double click; a bad body is refused and sends nothing', async () => {
      const rows = APPROVAL_ROWS + 1;
      const { taskId, statusUrl, eventsUrl } = await triggerImport(rows, rows);
      const waiting = await eventually(
        async () => {
          const now = await importStatus(statusUrl);
          return now.status === 'waiting' ? now : undefined;
        },
        60_000,
        'the import to wait for its approval',
      );
      expect(waiting.waitingFor).toMatchObject({ name: 'approval', until: expect.any(String) });

      for (const body of [
        '[]',
        '"ada"',
        'not json',
        { approvedBy: 42 },
        { approvedBy: ' ' },
        { approvedBy: 'x'.repeat(201) },
        { by: 'ada' },
      ]) {
        const answer = await approve(statusUrl, body);
        expect(answer.status, JSON.stringify(body)).toBe(400);
      }
      expect((await importStatus(statusUrl)).status).toBe('waiting');

      // A double click: two approvals at once, both answered 202, one taken.
      const answers = await Promise.all([approve(statusUrl, { approvedBy: 'ada' }), approve(statusUrl, { approvedBy: 'ada' })]);
      expect(answers.map((answer) => answer.status)).toEqual([202, 202]);
      expect(await answers[0]!.json()).toEqual({ taskId, approvedBy: 'ada' });

      const last = (await followToEnd(eventsUrl)).at(-1)!;
      expect(last).toMatchObject({ status: 'success', output: { imported: rows }, iterations: 2 });
      expect(last.logs.map((line) => line.message)).toEqual([
        `Importing ${rows} rows: more than ${APPROVAL_ROWS}, waiting for an approval`,
        'Approved by ada',
        `Imported ${rows} rows`,
      ]);
      // The second approval was dropped, not kept as unread.
      expect(last.messages ?? []).toEqual([]);
      // Temporal recorded both (the bad bodies: none), with the same message id.
      const { events } = await (await temporalClient()).workflow.getHandle(taskId).fetchHistory();
      const messages = (events ?? [])
        .map((event) => event.workflowExecutionSignaledEventAttributes)
        .filter((signal) => signal?.signalName === 'taskMessage')
        .map(
          (signal) =>
            JSON.parse(Buffer.from(signal!.input!.payloads![0]!.data!).toString()) as { name: string; id: string; payload: unknown },
        );
      expect(messages).toEqual([
        { name: 'approval', id: `approve ${taskId}`, payload: { approvedBy: 'ada' } },
        { name: 'approval', id: `approve ${taskId}`, payload: { approvedBy: 'ada' } },
      ]);
    }, 120_000);

    it("answers 404 for an import that does not exist, an id of another definition and another application's workflow", async () => {
      const client = await temporalClient();
      const foreign = await client.workflow.start('importEntries', {
        taskQueue: 'another-app',
        workflowId: `importEntries/foreign-${randomUUID()}`,
        args: [{ rows: ['SECRET'] }],
      });
      try {
        for (const id of ['importEntries/no-such-task', 'payrollRun/1', foreign.workflowId]) {
          const answer = await approve(`/imports/${encodeURIComponent(id)}`, { approvedBy: 'ada' });
          expect(answer.status, id).toBe(404);
          expect(await answer.text()).not.toContain('SECRET');
        }
        const { events } = await foreign.fetchHistory();
        expect((events ?? []).some((event) => event.workflowExecutionSignaledEventAttributes)).toBe(false);
      } finally {
        await foreign.terminate();
      }
    });

    it('answers 409 for an import that ended: one that succeeded, and one that nobody approved in time (aborted)', async () => {
      const done = await triggerImport(2, 2);
      expect((await followToEnd(done.eventsUrl)).at(-1)).toMatchObject({ status: 'success' });
      const answer = await approve(done.statusUrl);
      expect(answer.status).toBe(409);
      expect(await answer.text()).toContain('it has ended (success)');

      // The wait's timeout (30 s here) passes: the import is aborted, with nothing written.
      const last = (await followToEnd(unapproved.eventsUrl)).at(-1)!;
      expect(last).toMatchObject({
        status: 'aborted',
        abortReason: `Nobody approved the import of ${APPROVAL_ROWS + 1} rows within ${APPROVAL_TIMEOUT}`,
        iterations: 2,
      });
      expect(last.progress).toBeUndefined();
      expect(last.logs.map((line) => line.message)).toEqual([
        `Importing ${APPROVAL_ROWS + 1} rows: more than ${APPROVAL_ROWS}, waiting for an approval`,
      ]);
      const late = await approve(unapproved.statusUrl, { approvedBy: 'ada' });
      expect(late.status).toBe(409);
      expect(await late.text()).toContain('it has ended (aborted)');
    }, 120_000);
  });

  describe('the progress page, in headless Chromium', () => {
    it('shows the progress bar move, the log lines and the iteration live, then success; the Approve button stays hidden', async () => {
      mkdirSync(SCREENSHOTS, { recursive: true });
      for (const file of readdirSync(SCREENSHOTS)) rmSync(join(SCREENSHOTS, file), { force: true });
      const page = await newPage();

      const { taskId, pageUrl } = await triggerImport(12, 3);
      try {
        await page.goto(`${base}${pageUrl}`);
        await page.locator('#task-id', { hasText: taskId }).waitFor();

        // What the page shows, read from its DOM until the import ends.
        const { shown, final } = await readUntilSuccess(page, '1-running.png', 60_000);
        await page.screenshot({ path: join(SCREENSHOTS, '2-success.png'), fullPage: true });

        const progressSeen = new Set(shown.map((state) => state.progress).filter((value) => value > 0));
        expect(progressSeen.size, `progress values shown: ${[...progressSeen].join(', ')}`).toBeGreaterThanOrEqual(2);
        // Log lines and iterations arrived while the import ran, not only at its end.
        expect(
          shown.some((state) => state.status === 'running' && state.logs.some((line) => line.includes('Saved rows 1 to 3 of 12'))),
        ).toBe(true);
        expect(new Set(shown.filter((state) => state.status === 'running').map((state) => state.iteration)).size).toBeGreaterThanOrEqual(2);
        expect(final).toMatchObject({ status: 'success', progress: 100, iteration: '4' });
        expect(final.logs).toEqual([
          '#1.1 info Importing 12 rows',
          '#1.1 info Saved rows 1 to 3 of 12',
          '#2.1 info Saved rows 4 to 6 of 12',
          '#3.1 info Saved rows 7 to 9 of 12',
          '#4.1 info Saved rows 10 to 12 of 12',
          '#4.1 info Imported 12 rows',
        ]);
        expect(await page.locator('#status').textContent()).toBe('success');
        expect(await page.locator('#progress-text').textContent()).toBe('100 %');
        // Nothing waits in this import: the Approve button never showed.
        expect(shown.every((state) => !state.approveVisible)).toBe(true);
        expect(await page.locator('#approve').isVisible()).toBe(false);

        // The page of an import that does not exist says so.
        await page.goto(`${base}/imports/${encodeURIComponent('importEntries/no-such-task')}/page`);
        await page.locator('#problem', { hasText: 'cannot be followed' }).waitFor();
        await page.screenshot({ path: join(SCREENSHOTS, '3-unknown-import.png'), fullPage: true });
      } catch (err) {
        await page.screenshot({ path: join(SCREENSHOTS, 'failure.png'), fullPage: true }).catch(() => undefined);
        throw err;
      }
    }, 120_000);

    it('shows a large import wait with its Approve button; a click lets it go on, the bar moves, then success', async () => {
      mkdirSync(SCREENSHOTS, { recursive: true });
      const page = await newPage();
      const rows = APPROVAL_ROWS + 5;
      const { taskId, pageUrl } = await triggerImport(rows, 15);
      try {
        await page.goto(`${base}${pageUrl}`);
        await page.locator('#task-id', { hasText: taskId }).waitFor();
        await page.locator('#approve').waitFor({ state: 'visible', timeout: 60_000 });
        const waiting = await page.evaluate<Shown>(READ_PAGE);
        expect(waiting).toMatchObject({
          status: 'waiting',
          waitingFor: 'approval',
          progress: 0,
          logs: [`#1.1 info Importing ${rows} rows: more than ${APPROVAL_ROWS}, waiting for an approval`],
        });
        await page.screenshot({ path: join(SCREENSHOTS, '4-approval-waiting.png'), fullPage: true });

        await page.locator('#approve').click();
        const { shown, final } = await readUntilSuccess(page, '5-approval-running.png', 90_000);
        await page.screenshot({ path: join(SCREENSHOTS, '6-approval-success.png'), fullPage: true });

        // After the click the import went on: the bar moved, and it never waited again.
        const progressSeen = new Set(shown.map((state) => state.progress).filter((value) => value > 0 && value < 100));
        expect(progressSeen.size, `progress values shown: ${[...progressSeen].join(', ')}`).toBeGreaterThanOrEqual(1);
        const firstRunning = shown.findIndex((state) => state.status === 'running');
        expect(firstRunning).toBeGreaterThanOrEqual(0);
        expect(shown.slice(firstRunning).every((state) => state.status !== 'waiting')).toBe(true);
        expect(final).toMatchObject({ status: 'success', progress: 100, iteration: '4', approveVisible: false, problem: '' });
        expect(final.logs).toEqual([
          `#1.1 info Importing ${rows} rows: more than ${APPROVAL_ROWS}, waiting for an approval`,
          '#2.1 info Approved by anonymous',
          `#2.1 info Saved rows 1 to 15 of ${rows}`,
          `#3.1 info Saved rows 16 to 30 of ${rows}`,
          `#4.1 info Saved rows 31 to ${rows} of ${rows}`,
          `#4.1 info Imported ${rows} rows`,
        ]);
        expect(output).toContain(`Approval of ${taskId} by anonymous sent`);
      } catch (err) {
        await page.screenshot({ path: join(SCREENSHOTS, 'failure-approval.png'), fullPage: true }).catch(() => undefined);
        throw err;
      }
    }, 150_000);
  });
});

/** What the progress page shows. */
interface Shown {
  status: string;
  progress: number;
  iteration: string;
  logs: string[];
  approveVisible: boolean;
  /** What the task waits for, as the page names it. */
  waitingFor: string;
  /** The page's problem line (an error, an abort reason, a failed approval). */
  problem: string;
}

/** Reads `Shown` from the page's DOM (a string, since this project's TypeScript has no DOM types). */
const READ_PAGE = `({
  status: document.body.dataset.status,
  progress: document.getElementById('progress').value,
  iteration: document.getElementById('iteration').textContent,
  logs: [...document.querySelectorAll('#logs li')].map((item) => item.textContent),
  approveVisible: !document.getElementById('waiting').hidden,
  waitingFor: document.getElementById('waiting-for').textContent,
  problem: document.getElementById('problem').textContent,
})`;

/**
 * What the page shows, read from its DOM until it shows success: every state seen, and the last. The first state
 * that runs with progress and log lines is kept as a screenshot of this name.
 */
async function readUntilSuccess(page: Page, runningScreenshot: string, timeoutMs: number): Promise<{ shown: Shown[]; final: Shown }> {
  const shown: Shown[] = [];
  let midway = false;
  const final = await eventually(
    async () => {
      const now = await page.evaluate<Shown>(READ_PAGE);
      shown.push(now);
      if (!midway && now.status === 'running' && now.progress > 0 && now.logs.length > 0) {
        midway = true;
        await page.screenshot({ path: join(SCREENSHOTS, runningScreenshot), fullPage: true });
      }
      return now.status === 'success' ? now : undefined;
    },
    timeoutMs,
    'the page to show the import succeed',
  );
  return { shown, final };
}

/** The `data` of each server-sent event of a response, as the stream delivers them; ends when the stream ends. */
async function* eventData(response: Response): AsyncGenerator<string, void, undefined> {
  const decoder = new TextDecoder();
  let buffered = '';
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    buffered += decoder.decode(chunk, { stream: true });
    let end: number;
    while ((end = buffered.indexOf('\n\n')) >= 0) {
      const block = buffered.slice(0, end);
      buffered = buffered.slice(end + 2);
      const data = block
        .split('\n')
        .filter((line) => line.startsWith('data:'))
        .map((line) => line.slice(5).replace(/^ /, ''));
      if (data.length > 0) yield data.join('\n');
    }
  }
}
