import { ConfigurableModuleBuilder } from '@nestjs/common';
import type { TasksModuleOptions } from './options/tasks-module.options';

/** Options of `TasksModule.forRoot` and `forRootAsync` besides the module options. */
export interface TasksModuleExtras {
  /**
   * Registers the module globally, so `TaskService` is injectable in every module without importing `TasksModule`
   * again. Set `false` to scope it.
   * @default true
   */
  isGlobal?: boolean;
}

export const {
  ConfigurableModuleClass: TasksConfigurableModule,
  MODULE_OPTIONS_TOKEN: TASKS_MODULE_OPTIONS,
  OPTIONS_TYPE: TASKS_OPTIONS_TYPE,
  ASYNC_OPTIONS_TYPE: TASKS_ASYNC_OPTIONS_TYPE,
} = new ConfigurableModuleBuilder<TasksModuleOptions>()
  .setClassMethodName('forRoot')
  .setExtras<TasksModuleExtras>({ isGlobal: true }, (definition, extras) => ({ ...definition, global: extras.isGlobal }))
  .build();

/** Options of `TasksModule.forRoot`: the module options plus `isGlobal` (default true: TaskService injectable everywhere). */
export type TasksModuleForRootOptions = typeof TASKS_OPTIONS_TYPE;
/** Options of `TasksModule.forRootAsync`. */
export type TasksModuleForRootAsyncOptions = typeof TASKS_ASYNC_OPTIONS_TYPE;
