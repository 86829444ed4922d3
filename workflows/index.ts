/**
 * The workflow bundle's entry point. The worker resolves every workflow type (one per task definition) to the
 * default export, so this one bundle serves all definitions and can be built ahead of time.
 */
export { taskWorkflow as default, taskWorkflow } from './task.workflow';
export * from './task-workflow.messages';
export * from './task-workflow.types';
