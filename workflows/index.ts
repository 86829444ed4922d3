/**
 * The workflow bundle's entry point. The worker resolves every workflow type (one per task definition) to the
 * default export, so this one bundle serves all definitions and can be built ahead of time. The default export is the
 * task workflow bounded by the task's deadline (bounded-task.workflow.ts).
 */
export { boundedTaskWorkflow as default } from './bounded-task.workflow';
export { taskWorkflow } from './task.workflow';
export * from './task-workflow.messages';
export * from './task-workflow.types';
