import 'reflect-metadata';
import { Logger, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module.js';
import { EmbeddedTemporal } from './embedded-temporal.js';
import { CODEC_PATH } from './operability.js';
import { requestSpans, setUpTracing } from './tracing.js';

/**
 * The web process. Environment:
 * - TEMPORAL_ADDRESS: `host:port` of a Temporal server. Unset: a local dev server is started for this process.
 * - TASKS_RUNNER=false: client-only; tasks are triggered here and run by worker processes (worker.ts).
 * - PORT: HTTP port, 3000 by default.
 * - TEMPORAL_UI_URL: where the Temporal Web UI of TEMPORAL_ADDRESS is, to print it (and allow it to call the codec server).
 * - TASKS_TASK_QUEUE: the task queue, `tasks` by default (the workers' must be the same).
 * - TASKS_ENCRYPTION_KEYS, TASKS_METRICS_ADDRESS, TASKS_TRACING, TASKS_HEALTH: opt-in features, see operability.ts.
 * - IMPORT_ROW_DELAY_MS: the fake work per imported row, 300 by default (import-entries.task.ts).
 * - IMPORT_APPROVAL_ROWS, IMPORT_APPROVAL_TIMEOUT: imports of more rows (100) wait for `POST /imports/:id/approve`, at
 *   most that long (1 day), before they write (import-approval.ts).
 */
async function bootstrap(): Promise<void> {
  const logger = new Logger('Example');
  const port = Number(process.env.PORT ?? 3000);
  const runner = process.env.TASKS_RUNNER !== 'false';
  const tracing = setUpTracing();

  let embedded: EmbeddedTemporal | undefined;
  if (!process.env.TEMPORAL_ADDRESS) {
    logger.log('TEMPORAL_ADDRESS is not set: starting a local Temporal dev server (in memory, with its Web UI)...');
    embedded = await EmbeddedTemporal.start(CODEC_PATH ? `http://127.0.0.1:${port}${CODEC_PATH}` : undefined);
  }
  const temporalAddress = embedded?.server.address ?? process.env.TEMPORAL_ADDRESS!;
  const uiUrl = embedded?.server.uiUrl ?? process.env.TEMPORAL_UI_URL;
  // The UI is reached as 127.0.0.1 or as localhost: two origins for the browser.
  const uiOrigins = uiUrl ? [new URL(uiUrl).origin, new URL(uiUrl).origin.replace('127.0.0.1', 'localhost')] : [];

  let app: INestApplication | undefined;
  try {
    app = await NestFactory.create(
      AppModule.forRoot({ temporalAddress, runner, uiOrigins, providers: embedded ? [{ provide: EmbeddedTemporal, useValue: embedded }] : [] }),
      // Throw instead of exiting, so that a failed start still stops the embedded dev server below.
      { abortOnError: false },
    );
    // On SIGINT/SIGTERM Nest closes the app: the Runner drains its running tasks, then the dev server stops.
    app.enableShutdownHooks();
    if (tracing) app.use(requestSpans);
    await app.listen(port);
  } catch (err) {
    await (app ? app.close() : embedded?.server.stop());
    throw err;
  }

  const url = `http://localhost:${port}`;
  console.log(
    [
      '',
      `  HTTP API          ${url}`,
      `  Temporal server   ${temporalAddress}${embedded ? ' (embedded dev server, stopped with this process)' : ''}`,
      `  Temporal Web UI   ${uiUrl ? `${uiUrl}/namespaces/default/workflows` : '(not known: set TEMPORAL_UI_URL to print it)'}`,
      `  Runner            ${runner ? 'in this process' : 'off (TASKS_RUNNER=false): worker processes run the tasks'}`,
      '',
      '  Try it:',
      `    curl -s -X POST ${url}/imports -H 'content-type: application/json' -d '{"rows":["alpha","beta","gamma"]}'`,
      `    curl -s ${url}/imports/<taskId with / as %2F>/result     (or the resultUrl the POST answered)`,
      `    open ${url}/imports/<taskId with / as %2F>/page in a browser: its live progress (the pageUrl the POST answered)`,
      '',
    ].join('\n'),
  );
}

bootstrap().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
