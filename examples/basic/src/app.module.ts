import { Module, type DynamicModule, type Provider } from '@nestjs/common';
import { TasksModule } from 'nestjs-temporal-tasks';
import { EntriesController } from './entries.controller.js';
import { EntriesModule } from './entries.module.js';
import { tasksOptions } from './tasks-options.js';

export interface AppModuleOptions {
  /** `host:port` of the Temporal frontend. */
  temporalAddress: string;
  /** False makes this web process client-only: it triggers and follows tasks, worker processes run them. */
  runner: boolean;
  /** Further providers; main.ts adds the embedded dev server here, so that Nest stops it last. */
  providers?: Provider[];
}

/** The web process: the HTTP API, and (unless `runner` is false) a Runner that runs the tasks too. */
@Module({})
export class AppModule {
  static forRoot({ temporalAddress, runner, providers = [] }: AppModuleOptions): DynamicModule {
    return {
      module: AppModule,
      imports: [TasksModule.forRoot(tasksOptions(temporalAddress, runner)), EntriesModule],
      controllers: [EntriesController],
      providers,
    };
  }
}
