import { TasksError } from './tasks.error';

/** Thrown at start-up when the options of `TasksModule.forRoot` / `forRootAsync` are invalid, listing every problem at once. */
export class InvalidTasksModuleOptionsError extends TasksError {
  readonly code = 'INVALID_MODULE_OPTIONS';

  constructor(readonly problems: readonly string[]) {
    super(`TasksModule options are invalid:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
  }
}
