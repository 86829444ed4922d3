import { Module, type DynamicModule } from '@nestjs/common';
import { TasksModule } from 'nestjs-temporal-tasks';
import { EntriesModule } from './entries.module.js';
import { tasksOptions } from './tasks-options.js';

/** The worker process: the task definitions and a Runner, no HTTP. Run as many as the load needs. */
@Module({})
export class WorkerModule {
  static forRoot({ temporalAddress }: { temporalAddress: string }): DynamicModule {
    return {
      module: WorkerModule,
      imports: [TasksModule.forRoot(tasksOptions(temporalAddress, true)), EntriesModule],
    };
  }
}
