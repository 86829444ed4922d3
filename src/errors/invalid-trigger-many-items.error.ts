import { TasksError } from './tasks.error';

/**
 * Thrown by `TaskService.triggerMany` with `allOrNothing: true` when any item fails its checks (definition, options,
 * schema, payload size): none of the items is started. `errors` holds each refused item's own error, by index.
 */
export class InvalidTriggerManyItemsError extends TasksError {
  readonly code = 'INVALID_TRIGGER_MANY_ITEMS';

  constructor(
    readonly definitionId: string,
    /** Each refused item: its index in the items given, and why (a `TasksError`). */
    readonly errors: ReadonlyArray<{ index: number; error: TasksError }>,
    readonly itemCount: number,
  ) {
    const shown = errors.slice(0, 3).map(({ index, error }) => `item ${index}: ${error.message}`);
    super(
      `Cannot trigger ${itemCount} "${definitionId}" tasks: ${errors.length} item(s) refused, so none was started (allOrNothing). ${shown.join(' ')}${errors.length > 3 ? ` ... and ${errors.length - 3} more (see errors).` : ''} Fix those items, or drop allOrNothing to start the valid ones.`,
    );
  }
}
