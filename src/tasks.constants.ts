import {
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
export const TASK_DEFAULTS = {
  retry: {
    maximumAttempts: 3,
    initialInterval: '1s',
    backoffCoefficient: 2,
    maximumInterval: '1 minute',
    nonRetryableErrorTypes: [] as string[],
  },
  timeout: '10 minutes',
  // Ten of the Runner's 1-second heartbeats: a crashed worker's task runs again about 11 s later (this timeout plus
  // the first retry interval), while a healthy one may miss nine beats in a row (GC pauses, a busy event loop).
  heartbeatTimeout: '10 seconds',
  maxIterations: 50,
} as const;
