import { TasksError } from './tasks.error';

/** Thrown at start-up, and by calls that need it, when the configured namespace does not exist on the server. */
export class TemporalNamespaceNotFoundError extends TasksError {
  readonly code = 'TEMPORAL_NAMESPACE_NOT_FOUND';

  constructor(
    readonly namespace: string,
    readonly address: string,
    cause?: unknown,
  ) {
    super(
      `Namespace "${namespace}" does not exist on the Temporal server at ${address}. Create it ("temporal operator namespace create --namespace ${namespace}", or the Temporal Cloud console), or set the module's namespace option to one that exists.`,
      { cause },
    );
  }
}
