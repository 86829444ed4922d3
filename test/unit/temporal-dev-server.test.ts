import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TasksError } from '../../src';
import { TemporalDevServer, TemporalDevServerStartError } from '../../src/testing';

/**
 * What `TemporalDevServer.start` asks of the Temporal CLI, read from a stand-in CLI that records its arguments
 * (whether the real server then dispatches faster is the bench's to show: docs/performance.md).
 */
describe('TemporalDevServer.start', () => {
  let dir: string;
  let cliPath: string;
  let argsFile: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'fake-temporal-cli-'));
    argsFile = join(dir, 'args');
    cliPath = join(dir, 'temporal');
    // `server start-dev ...` records its arguments and stays up until stopped; `operator cluster health` succeeds.
    writeFileSync(cliPath, `#!/bin/sh\nif [ "$1" = server ]; then printf '%s\\n' "$@" > '${argsFile}'; exec sleep 60; fi\nexit 0\n`);
    chmodSync(cliPath, 0o755);
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  async function dynamicConfigOf(options: Parameters<typeof TemporalDevServer.start>[0]): Promise<Record<string, string>> {
    const server = await TemporalDevServer.start({ cliPath, ...options });
    try {
      const args = readFileSync(argsFile, 'utf8').trim().split('\n');
      const values = args.flatMap((arg, index) => (args[index - 1] === '--dynamic-config-value' ? [arg] : []));
      return Object.fromEntries(values.map((value) => [value.slice(0, value.indexOf('=')), value.slice(value.indexOf('=') + 1)]));
    } finally {
      await server.stop();
    }
  }

  it('starts the server with eager activities on and the transfer queue read up to 1 000 times a second', async () => {
    expect(await dynamicConfigOf({})).toEqual({ 'system.enableActivityEagerExecution': 'true', 'history.transferProcessorMaxPollRPS': '1000' });
  });

  it('serves the Prometheus metrics on the port asked for, and says where (metricsUrl); none unless asked', async () => {
    for (const metricsPort of [undefined, 9464]) {
      const server = await TemporalDevServer.start({ cliPath, metricsPort });
      try {
        const args = readFileSync(argsFile, 'utf8').trim().split('\n');
        expect(args.includes('--metrics-port')).toBe(metricsPort !== undefined);
        if (metricsPort) expect(args[args.indexOf('--metrics-port') + 1]).toBe(String(metricsPort));
        expect(server.metricsUrl).toBe(metricsPort ? `http://127.0.0.1:${metricsPort}/metrics` : undefined);
      } finally {
        await server.stop();
      }
    }
  });

  it('lets dynamicConfig override a default key and add others', async () => {
    expect(await dynamicConfigOf({ dynamicConfig: { 'history.transferProcessorMaxPollRPS': 20, 'matching.enableFairness': true } })).toEqual({
      'system.enableActivityEagerExecution': 'true',
      'history.transferProcessorMaxPollRPS': '20',
      'matching.enableFairness': 'true',
    });
  });

  it('throws TemporalDevServerStartError, with the cause, when the CLI exits at once', async () => {
    const err: unknown = await TemporalDevServer.start({ cliPath: '/bin/false' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TemporalDevServerStartError);
    expect(err).toBeInstanceOf(TasksError);
    const startError = err as TemporalDevServerStartError;
    expect(startError).toMatchObject({ code: 'TEMPORAL_DEV_SERVER_START_FAILED', cliPath: '/bin/false', problem: 'exited' });
    expect((startError.cause as Error).message).toMatch(/^exit code 1/);
    expect(startError.message).toContain('exited before it was ready');
  });

  it('throws TemporalDevServerStartError, with the process error as cause, when the CLI cannot be run', async () => {
    const notExecutable = join(dir, 'not-executable');
    writeFileSync(notExecutable, 'not a program');
    const err: unknown = await TemporalDevServer.start({ cliPath: notExecutable }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TemporalDevServerStartError);
    expect(err).toMatchObject({ problem: 'spawn-failed', cause: expect.objectContaining({ code: 'EACCES' }) });
  });
});
