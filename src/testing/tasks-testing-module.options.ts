import type { TaskDefaults, TaskRunnerOptions } from '../options/tasks-module.options';
import type { TemporalDevServer } from './temporal-dev-server';

/** Options of `TasksTestingModule.forRoot`. Every option is optional: by default tasks run in memory on an automatic virtual clock. */
export interface TasksTestingModuleOptions {
  /**
   * Run on this Temporal server instead of in memory: its address (`'localhost:7233'`) or a started
   * `TemporalDevServer`. The module is then `TasksModule.forRoot` with a task queue of its own (the tasks left open are aborted when it closes), and `TaskTestClock` is
   * not provided (time is the server's).
   * @default undefined (in memory)
   */
  temporal?: string | Pick<TemporalDevServer, 'address'>;
  /**
   * How the virtual clock moves: `'auto'` lets every wait (a `continue` delay, a retry backoff, a trigger's `delay`)
   * pass at once; `'manual'` keeps waits pending until the test calls `TaskTestClock.advance`.
   * @default 'auto'
   */
  clock?: 'auto' | 'manual';
  /** Where the virtual clock starts. @default the current time */
  now?: Date;
  /** Defaults of every definition, as `TasksModule.forRoot({ defaults })`. @default none */
  defaults?: TaskDefaults;
  /** The task queue: in memory only a name in `definitions()`; on a server, that queue. @default 'tasks' in memory, a fresh `test-<uuid>` on a server */
  taskQueue?: string;
  /** The Runner's options on a server (ignored in memory). @default {} */
  runner?: TaskRunnerOptions;
}
