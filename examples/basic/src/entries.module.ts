import { Module } from '@nestjs/common';
import { EntriesService } from './entries.service.js';
import { ImportEntriesTask } from './import-entries.task.js';

/**
 * The task definitions and what they depend on. Both processes import it: the web process needs the definitions to
 * trigger tasks, the worker process to run them.
 */
@Module({
  providers: [EntriesService, ImportEntriesTask],
  exports: [EntriesService],
})
export class EntriesModule {}
