/**
 * A parent's `onParentEnd: 'abort'` children, as plain functions over plain data: which of them the parent's end
 * aborts, and the reason they record. The task workflow and the in-memory engine of `nestjs-temporal-tasks/testing`
 * call the same ones. Imported by the workflow bundle: nothing here may touch Node, Nest, timers or the workflow APIs.
 */
import type { TaskChildResult } from './task-workflow.types';

/** How a parent task ended, as its aborted children's reason tells it. */
export type TaskParentEnd = TaskChildResult['status'];

/** Adds the ids an iteration (or a failed attempt) reports as `'abort'` children, each once. */
export function addAbortChildren(known: string[], ids: readonly string[] | undefined): void {
  for (const id of ids ?? []) if (!known.includes(id)) known.push(id);
}

/** The `'abort'` children a parent's end aborts: those not known to have ended (a child that did is left alone). */
export function childrenToAbort(abortChildren: readonly string[], childResults: readonly TaskChildResult[]): string[] {
  return abortChildren.filter((id) => !childResults.some((result) => result.id === id));
}

/** The abort reason an `'abort'` child records when its parent ends: it names the parent and how it ended. */
export function parentEndedReason(parentId: string, end: TaskParentEnd): string {
  return `parent task ${parentId} ended (${end}), and this task was triggered with onParentEnd: 'abort'`;
}
