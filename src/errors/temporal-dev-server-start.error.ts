import { TasksError } from './tasks.error';

/**
 * Thrown by `TemporalDevServer.start` (`nestjs-temporal-tasks/testing`) when the Temporal CLI it runs cannot be
 * started, exits before the server is ready, or does not answer health checks in time. The `cause` holds the
 * process error, or the CLI's exit code and the end of its error output.
 */
export class TemporalDevServerStartError extends TasksError {
  readonly code = 'TEMPORAL_DEV_SERVER_START_FAILED';

  constructor(
    /** The CLI that was run. */
    readonly cliPath: string,
    /** The `host:port` the server was to listen on. */
    readonly address: string,
    /** What went wrong: the CLI could not be run, exited early, or never became healthy. */
    readonly problem: 'spawn-failed' | 'exited' | 'not-healthy',
    cause: unknown,
  ) {
    const what = {
      'spawn-failed': 'could not be run',
      exited: 'exited before it was ready',
      'not-healthy': 'did not answer health checks in time',
    }[problem];
    super(
      `temporal server start-dev (${cliPath}) at ${address} ${what}: ${cause instanceof Error ? cause.message : String(cause)}. Check that ${cliPath} is a working Temporal CLI ("${cliPath} --version"; pass cliPath or TEMPORAL_CLI_PATH for another one) and that ${address} is free, or set TEMPORAL_ADDRESS to a running Temporal server.`,
      { cause },
    );
  }
}
