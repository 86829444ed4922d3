import { TasksError } from './tasks.error';

/**
 * Thrown by `TasksTestingModule`'s in-memory `TaskService` for a method its engine does not model (bulk actions,
 * `triggerMany`, `count`, `watch`, schedules): test those against a real server, `TasksTestingModule.forRoot({ temporal })`.
 */
export class NotModelledInMemoryError extends TasksError {
  readonly code = 'NOT_MODELLED_IN_MEMORY';

  constructor(readonly method: string) {
    super(
      `TaskService.${method} is not modelled by TasksTestingModule's in-memory engine: test it against a Temporal server with TasksTestingModule.forRoot({ temporal: <address or TemporalDevServer> }) (see docs/testing.md).`,
    );
  }
}
