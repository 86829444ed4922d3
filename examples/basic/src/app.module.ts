import { Module, type DynamicModule, type Provider } from '@nestjs/common';
import { TasksModule } from 'nestjs-temporal-tasks';
import { EntriesController } from './entries.controller.js';
import { EntriesModule } from './entries.module.js';
import { ImportApprovalController } from './import-approval.controller.js';
import { ImportProgressController } from './import-progress.controller.js';
import { webOperabilityModules } from './operability.js';
import { tasksOptions } from './tasks-options.js';

export interface AppModuleOptions {
  /** `host:port` of the Temporal frontend. */
  temporalAddress: string;
  /** False makes this web process client-only: it triggers and follows tasks, worker processes run them. */
  runner: boolean;
  /** Further providers; main.ts adds the embedded dev server here, so that Nest stops it last. */
  providers?: Provider[];
  /** Origins of the Temporal Web UI, allowed to call the codec server (operability.ts). */
  uiOrigins?: string[];
}

/** The web process: the HTTP API, and (unless `runner` is false) a Runner that runs the tasks too. */
@Module({})
export class AppModule {
  static forRoot({ temporalAddress, runner, providers = [], uiOrigins = [] }: AppModuleOptions): DynamicModule {
    return {
      module: AppModule,
      imports: [TasksModule.forRoot(tasksOptions(temporalAddress, runner)), EntriesModule, ...webOperabilityModules(uiOrigins)],
      controllers: [EntriesController, ImportProgressController, ImportApprovalController],
      providers,
    };
  }
}
