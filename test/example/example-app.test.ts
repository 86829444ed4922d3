import { Client, Connection } from '@temporalio/client';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { eventually } from '../support/task-test-app';
import { freePort } from '../support/free-port';

/**
 * `npm start`, as a newcomer runs it: the compiled example app with no TEMPORAL_ADDRESS starts a Temporal dev server
 * of its own, serves its HTTP API, runs a task triggered through it, and on SIGTERM drains and stops the server.
 */
const MAIN = join(__dirname, '..', '..', 'examples', 'basic', 'dist', 'main.js');

describe('the example app (npm start)', () => {
  let app: ChildProcess | undefined;
  let output = '';

  afterAll(() => {
    app?.kill('SIGKILL');
  });

  it('starts its own Temporal server, runs a task triggered over HTTP, and stops cleanly on SIGTERM', async () => {
    const port = await freePort();
    const { TEMPORAL_ADDRESS: _ignored, ...env } = process.env;
    app = spawn(process.execPath, [MAIN], { env: { ...env, PORT: String(port) }, stdio: ['ignore', 'pipe', 'pipe'] });
    app.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    app.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    await eventually(() => (output.includes('HTTP API') ? true : undefined), 120_000, `the example to print its addresses:\n${output}`);
    expect(output).toMatch(/Temporal server {3}127\.0\.0\.1:\d+ \(embedded dev server, stopped with this process\)/);
    const serverAddress = /Temporal server {3}(127\.0\.0\.1:\d+)/.exec(output)![1]!;

    const base = `http://127.0.0.1:${port}`;
    const triggered = (await (await fetch(`${base}/imports`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ rows: ['a', 'b'] }) })).json()) as {
      taskId: string;
      resultUrl: string;
    };
    expect(triggered.taskId).toMatch(/^importEntries\//);
    const result = (await (await fetch(`${base}${triggered.resultUrl}`)).json()) as unknown;
    expect(result).toEqual({ taskId: triggered.taskId, status: 'success', output: { imported: 2 } });

    // The URL's id is anyone's to choose: another application's workflow in the namespace, even one named like an
    // import, is a 404 that shows nothing of it; what cannot be an id is a 400.
    const connection = await Connection.connect({ address: serverAddress });
    const foreign = await new Client({ connection }).workflow.start('importEntries', { taskQueue: 'another-app', workflowId: 'importEntries/foreign', args: [{ rows: ['SECRET'] }] });
    for (const id of [foreign.workflowId, 'payrollRun/1', 'importEntries/no-such-task']) {
      const answer = await fetch(`${base}/imports/${encodeURIComponent(id)}`);
      expect(answer.status).toBe(404);
      expect(await answer.text()).not.toContain('SECRET');
      expect((await fetch(`${base}/imports/${encodeURIComponent(id)}/abort`, { method: 'POST' })).status).toBe(404);
    }
    expect((await foreign.describe()).status.name).toBe('RUNNING');
    expect((await fetch(`${base}/imports/${encodeURIComponent('importEntries/a\nb')}`)).status).toBe(400);
    await foreign.terminate();
    await connection.close();

    app.kill('SIGTERM');
    // Nest's shutdown hooks close the app (the Runner drains, then the dev server stops), then re-raise the signal.
    const [code, signal] = (await once(app, 'exit')) as [number | null, NodeJS.Signals | null];
    expect({ code, signal }).toEqual({ code: null, signal: 'SIGTERM' });
    expect(output).not.toMatch(/ERROR/);
    // The embedded server is gone with the app.
    await expect(fetch(`http://${serverAddress}`).catch((err: unknown) => err)).resolves.toBeInstanceOf(Error);
  }, 180_000);
});

