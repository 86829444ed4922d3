import { TasksError } from './tasks.error';
import { TASK_SEARCH_ATTRIBUTES } from '../tasks.constants';

/** Thrown by `TaskService.trigger` when the namespace lacks the search attributes the library records on tasks. */
export class SearchAttributesMissingError extends TasksError {
  readonly code = 'SEARCH_ATTRIBUTES_MISSING';

  constructor(
    readonly namespace: string,
    readonly names: readonly string[],
    cause?: unknown,
  ) {
    super(
      `Namespace "${namespace}" has no search attributes ${names.join(', ')}. Register them once: "temporal operator search-attribute create --namespace ${namespace} ${names.map((n) => `--name ${n} --type ${TASK_SEARCH_ATTRIBUTES[n] ?? 'Keyword'}`).join(' ')}" (or start the dev server with ${names.map((n) => `--search-attribute ${n}=${TASK_SEARCH_ATTRIBUTES[n] ?? 'Keyword'}`).join(' ')}).`,
      { cause },
    );
  }
}
