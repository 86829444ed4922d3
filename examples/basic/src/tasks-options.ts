import type { TasksModuleOptions } from 'nestjs-temporal-tasks';
import { operabilityOptions } from './operability.js';

/**
 * TasksModule options shared by the web and the worker process. With TASKS_WORKFLOW_BUNDLE set (see
 * bundle-workflows.ts), the Runner loads a workflow bundle built ahead of time instead of running webpack at start-up.
 */
export function tasksOptions(temporalAddress: string, runner: boolean): TasksModuleOptions & { isGlobal: boolean } {
  const bundlePath = process.env.TASKS_WORKFLOW_BUNDLE;
  return {
    isGlobal: true,
    connection: { address: temporalAddress },
    runner: runner ? { ...(bundlePath ? { workflowBundle: { codePath: bundlePath } } : {}) } : false,
    ...operabilityOptions(),
  };
}
