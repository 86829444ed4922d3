import { TemporalDevServer } from '../../src/testing';
import { freePort } from '../support/free-port';
import { createTaskTestApp, eventually } from '../support/task-test-app';
import { TranscodeTask } from '../fixtures/scaling-tasks';

/** The server's work, counted: what the bench reads per task beside its CPU time (docs/performance.md). */
describe("TemporalDevServer's metrics", () => {
  it("counts the server's persistence requests of the namespace, and they grow as a task runs (within a report interval)", async () => {
    const server = await TemporalDevServer.start({ metricsPort: await freePort(), startTimeoutMs: 120_000 });
    try {
      const requests = async (): Promise<number> => {
        const text = await (await fetch(server.metricsUrl!)).text();
        const lines = text.split('\n').filter((line) => line.startsWith('persistence_requests{') && line.includes('namespace="default"'));
        return lines.reduce((sum, line) => sum + Number(line.slice(line.lastIndexOf(' ') + 1)), 0);
      };
      const t = await createTaskTestApp([TranscodeTask], { connection: { address: server.address } });
      try {
        const before = await requests();
        await expect((await t.tasks.trigger(TranscodeTask, { file: 'a.mp4' })).result()).resolves.toBe('transcoded a.mp4');
        // The server's metrics report once a second.
        const after = await eventually(async () => {
          const now = await requests();
          return now > before ? now : undefined;
        }, 10_000, 'the persistence requests to grow');
        expect(after).toBeGreaterThan(before);
      } finally {
        await t.app.close();
      }
    } finally {
      await server.stop();
    }
  }, 180_000);
});
