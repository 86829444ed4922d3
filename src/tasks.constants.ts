import { defineSearchAttributeKey } from '@temporalio/common';

/** Reflect-metadata key under which `@Task` stores its options. Namespaced so it clashes with nothing. */
export const TASK_METADATA = 'nestjs-temporal-tasks:task';

/** Search attribute recording a task's definition id, so visibility queries can filter on it. */
export const TASK_DEFINITION_SEARCH_ATTRIBUTE = defineSearchAttributeKey('TaskDefinition', 'KEYWORD');

/** Every custom search attribute the library writes, with its type, for registration on a server. */
export const TASK_SEARCH_ATTRIBUTES: Readonly<Record<string, 'Keyword'>> = {
  [TASK_DEFINITION_SEARCH_ATTRIBUTE.name]: 'Keyword',
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
  heartbeatTimeout: '30 seconds',
  maxIterations: 50,
} as const;
