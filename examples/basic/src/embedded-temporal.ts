import type { OnApplicationShutdown } from '@nestjs/common';
import { TemporalDevServer } from 'nestjs-temporal-tasks/testing';

/**
 * The embedded default: with no TEMPORAL_ADDRESS, the example starts a local Temporal dev server (in memory, with
 * its Web UI) for itself. As a provider it is stopped in Nest's last shutdown phase, after the Runner has drained
 * its running tasks in `beforeApplicationShutdown` and the HTTP server has closed.
 */
export class EmbeddedTemporal implements OnApplicationShutdown {
  private constructor(readonly server: TemporalDevServer) {}

  /** `uiCodecEndpoint`: the app's codec server, for the Web UI to decode encrypted payloads with. */
  static async start(uiCodecEndpoint?: string): Promise<EmbeddedTemporal> {
    return new EmbeddedTemporal(await TemporalDevServer.start({ ui: true, uiCodecEndpoint }));
  }

  async onApplicationShutdown(): Promise<void> {
    await this.server.stop();
  }
}
