import {
  LOCAL_ITERATION_MAX_TIMEOUT,
  TASK_RUN_DEFAULTS,
  TASK_DEFINITION_SEARCH_ATTRIBUTE,
  TASK_PARENT_SEARCH_ATTRIBUTE,
  TASK_STATUS_SEARCH_ATTRIBUTE,
} from '../workflows/task-workflow.types';

/** Reflect-metadata key under which `@Task` stores its options. Namespaced so it clashes with nothing. */
export const TASK_METADATA = 'nestjs-temporal-tasks:task';

/** Every custom search attribute the library writes, with its type, for registration on a server. */
export const TASK_SEARCH_ATTRIBUTES: Readonly<Record<string, 'Keyword'>> = {
  [TASK_DEFINITION_SEARCH_ATTRIBUTE.name]: 'Keyword',
  [TASK_STATUS_SEARCH_ATTRIBUTE.name]: 'Keyword',
  [TASK_PARENT_SEARCH_ATTRIBUTE.name]: 'Keyword',
};

/** Defaults of a definition's options, where neither the definition nor the module's `defaults` set them. */
export const TASK_DEFAULTS = TASK_RUN_DEFAULTS;

/** Longest `timeout` with which a `local: true` definition's iterations run as local activities (see `@Task({ local })`). */
export { LOCAL_ITERATION_MAX_TIMEOUT };
