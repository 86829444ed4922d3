import { TaskAbortedError } from '../errors/task-aborted.error';
import { TaskFailedError } from '../errors/task-failed.error';
import { TaskHandle } from '../task-handle';
import type { TaskChildResult } from '../../workflows/task-workflow.types';

/** The handle `runTask` gives a handler for a child it triggered: the child is not run, its end is the test's choice. */
export class RecordedTaskHandle<O = unknown> extends TaskHandle<O> {
  constructor(
    id: string,
    definitionId: string,
    private readonly ended: TaskChildResult,
  ) {
    // No server: `result()` below is the only part of a handle that would reach one.
    super(undefined as never, id, definitionId);
  }

  override result(): Promise<O> {
    const { ended } = this;
    if (ended.status === 'success') return Promise.resolve(ended.output as O);
    if (ended.status === 'aborted') return Promise.reject(new TaskAbortedError(this.id, undefined));
    return Promise.reject(new TaskFailedError(this.id, ended.error?.message ?? 'failed', ended.error?.type ?? 'Error', undefined));
  }
}
