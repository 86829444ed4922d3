/**
 * `nestjs-temporal-tasks/testing`: `runTask`, which runs a task in memory with the library's own semantics and a
 * virtual clock (docs/testing.md), and a local Temporal dev server for tests and local development, started from the
 * Temporal CLI.
 */
export { DEV_SERVER_DYNAMIC_CONFIG, TemporalDevServer, findTemporalCli, temporalCliCacheDir, type TemporalDevServerOptions } from './temporal-dev-server';
export { TemporalCliNotFoundError } from '../errors/temporal-cli-not-found.error';
export { TemporalDevServerStartError } from '../errors/temporal-dev-server-start.error';
export { runTask } from './run-task';
export type { RunTaskOptions, RunTaskResult, RunTaskChild, RunTaskDelay, RunTaskMessage, RunTaskWait } from './run-task.options';
export { NotATaskError } from '../errors/not-a-task.error';
export { TasksTestingModule } from './tasks-testing.module';
export type { TasksTestingModuleOptions } from './tasks-testing-module.options';
export { TaskTestClock } from './task-test-clock';
export { NotModelledInMemoryError } from '../errors/not-modelled-in-memory.error';
