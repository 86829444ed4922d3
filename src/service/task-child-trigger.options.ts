import type { TaskTriggerOptions } from './task-trigger.options';

/** What a child task does when its parent ends: see `TaskChildTriggerOptions.onParentEnd`. */
export type TaskParentEndPolicy = 'abort' | 'keep';

/** Options of `context.trigger`: those of `TaskService.trigger` (the parent is set for you), and the child's tie to its parent. */
export interface TaskChildTriggerOptions extends Omit<TaskTriggerOptions, 'parentId'> {
  /**
   * What the parent's end does to this child. `'abort'`: when the parent ends in any way (success, failure, abort,
   * `maxIterations`, deadline), a child that has not ended is aborted, as `TaskService.abort` would (status `aborted`,
   * with a reason naming the parent), durably: the parent's workflow asks for it through an activity Temporal retries.
   * `'keep'`: the child runs on whatever its parent does.
   * The default is `'keep'` because children have always been fire-and-forget: a parent may fan out and succeed
   * without waiting, and aborting by default would silently abort those children. Choose `'abort'` for children that
   * only make sense while their parent lives. The attempt tells its task of each such child as it triggers it (a
   * signal), so a child triggered in an attempt that the parent's abort or deadline cuts short is aborted too.
   * @default 'keep'
   */
  onParentEnd?: TaskParentEndPolicy;
}
