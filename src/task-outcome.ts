const OUTCOME = Symbol('nestjs-temporal-tasks.outcome');

/** The data of an outcome, as the Controller built it. */
export type TaskOutcomeData =
  | { kind: 'success'; output: unknown }
  | { kind: 'error'; error: Error; retryable: boolean; details?: unknown }
  | { kind: 'abort'; reason?: string }
  | { kind: 'continue'; state: unknown; delayMs?: number; waitForChildren?: boolean }
  | { kind: 'wait'; name: string; state?: unknown; keepsState: boolean; timeoutMs?: number };

/**
 * How an iteration ends, built by the Controller and returned from `run`. Opaque to users: only the Controller
 * makes one, so a handler cannot return a look-alike by mistake.
 * @typeParam O the task's output type, so that `run` is checked against the definition's output.
 */
export class TaskOutcome<O = unknown> {
  private readonly [OUTCOME] = true;
  /** @internal phantom field carrying the output type. */
  declare readonly __output?: O;

  /** @internal */
  constructor(readonly data: TaskOutcomeData) {}

  /** True for values built by a Controller. */
  static is(value: unknown): value is TaskOutcome {
    return value instanceof TaskOutcome && value[OUTCOME];
  }
}
