import { TasksError } from './tasks.error';

/** Thrown by `runTask` (`nestjs-temporal-tasks/testing`) when what it was given is not an instance of a `@Task` class. Nothing runs. */
export class NotATaskError extends TasksError {
  readonly code = 'NOT_A_TASK';

  constructor(
    /** The class name of what was given, or its type. */
    readonly given: string,
  ) {
    super(
      `runTask() needs an instance of a class decorated with @Task, got ${given}. Decorate the class with @Task({ id: '...' }) and pass an instance: new MyTask(deps), or moduleRef.get(MyTask) from Test.createTestingModule.`,
    );
  }
}
