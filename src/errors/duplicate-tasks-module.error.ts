import { TasksError } from './tasks.error';

/**
 * Thrown at start-up when one application holds more than one `TasksModule.forRoot` / `forRootAsync`: each would start
 * its own Runner with every definition, so tasks would run twice over in one process.
 */
export class DuplicateTasksModuleError extends TasksError {
  readonly code = 'DUPLICATE_TASKS_MODULE';

  constructor(readonly count: number) {
    super(
      `This application imports TasksModule.forRoot(...) ${count} times. Import it once, in the root module (it is global by default, so TaskService is injectable everywhere); feature modules only list their @Task providers.`,
    );
  }
}
