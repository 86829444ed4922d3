import type { TasksError } from '../errors/tasks.error';
import type { TaskHandle } from '../task-handle';
import type { HandlerClass, TaskInputOf } from '../task.interfaces';
import type { TaskTriggerOptions } from './task-trigger.options';

/** `TaskTriggerManyOptions.concurrency` when a call does not set it (the bench's raw SDK side uses it too). */
export const TRIGGER_MANY_DEFAULT_CONCURRENCY = 20;

/** Options of `TaskService.triggerMany`. */
export interface TaskTriggerManyOptions {
  /**
   * Most starts in flight at once, a whole number from 1 to 1 000: it bounds the load on the server (and on the
   * data converter's codecs). Checks run at the same concurrency before the first start.
   * @default 20
   */
  concurrency?: number;
  /**
   * With `true`, one refused item (an unknown definition, bad options, an input its schema refuses, a payload over the
   * limits) starts nothing: `triggerMany` throws `InvalidTriggerManyItemsError` with each refused item's error. With
   * `false`, the valid items start and each refused one has its error in the result.
   * @default false
   */
  allOrNothing?: boolean;
}

/**
 * One item of `triggerMany` with options of its own. An item is read as one when it is an object with an `input` key
 * and no keys but `input` and `options`; any other item is the input itself.
 */
export interface TaskTriggerManyItem<I = unknown> {
  input: I;
  options?: TaskTriggerOptions;
}

/** The input of a definition's tasks: from its class, `unknown` for an id. */
export type TaskInputFor<D> = D extends HandlerClass<infer H> ? TaskInputOf<H> : unknown;

/** What became of one item of `triggerMany`: the handle of its task (started, or the existing one of its key), or why not. */
export type TaskTriggerManyResult<O = unknown> = { ok: true; handle: TaskHandle<O> } | { ok: false; error: TasksError };
