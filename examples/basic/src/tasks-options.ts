import type { TasksModuleOptions } from 'nestjs-temporal-tasks';
import { operabilityOptions } from './operability.js';

/**
 * TasksModule options shared by the web and the worker process. With TASKS_WORKFLOW_BUNDLE set (see
 * bundle-workflows.ts), the Runner loads a workflow bundle built ahead of time instead of running webpack at start-up.
 * TASKS_TASK_QUEUE names the task queue (default `tasks`): a web process and its workers must agree on it.
 */
export function tasksOptions(temporalAddress: string, runner: boolean): TasksModuleOptions & { isGlobal: boolean } {
  const bundlePath = process.env.TASKS_WORKFLOW_BUNDLE;
  return {
    isGlobal: true,
    connection: { address: temporalAddress },
    ...(process.env.TASKS_TASK_QUEUE ? { taskQueue: process.env.TASKS_TASK_QUEUE } : {}),
    runner: runner ? { ...(bundlePath ? { workflowBundle: { codePath: bundlePath } } : {}) } : false,
    ...operabilityOptions(),
  };
}
