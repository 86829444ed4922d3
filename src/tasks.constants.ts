import {
  LOCAL_ITERATION_MAX_TIMEOUT,
  TASK_RUN_DEFAULTS,
  TASK_DEFINITION_SEARCH_ATTRIBUTE,
  TASK_PARENT_SEARCH_ATTRIBUTE,
  TASK_STATUS_SEARCH_ATTRIBUTE,
} from '../workflows/task-workflow.types';
import { defineSearchAttributeKey } from '@temporalio/common';

/** Reflect-metadata key under which `@Task` stores its options. Namespaced so it clashes with nothing. */
export const TASK_METADATA = 'nestjs-temporal-tasks:task';

/**
 * The tags of a task (`trigger(..., { tags })`): a keyword list, set at start (the workflow never writes it) and
 * carried across continue-as-new with the task's other search attributes.
 */
export const TASK_TAGS_SEARCH_ATTRIBUTE = defineSearchAttributeKey('TaskTags', 'KEYWORD_LIST');

/** Every custom search attribute the library writes, with its type, for registration on a server. */
export const TASK_SEARCH_ATTRIBUTES: Readonly<Record<string, 'Keyword' | 'KeywordList'>> = {
  [TASK_DEFINITION_SEARCH_ATTRIBUTE.name]: 'Keyword',
  [TASK_STATUS_SEARCH_ATTRIBUTE.name]: 'Keyword',
  [TASK_PARENT_SEARCH_ATTRIBUTE.name]: 'Keyword',
  [TASK_TAGS_SEARCH_ATTRIBUTE.name]: 'KeywordList',
};

/** Defaults of a definition's options, where neither the definition nor the module's `defaults` set them. */
export const TASK_DEFAULTS = TASK_RUN_DEFAULTS;

/** Longest `timeout` with which a `local: true` definition's iterations run as local activities (see `@Task({ local })`). */
export { LOCAL_ITERATION_MAX_TIMEOUT };
