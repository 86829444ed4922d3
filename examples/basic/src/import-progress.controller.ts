import { Controller, Get, Header, Logger, Param, Sse, type MessageEvent } from '@nestjs/common';
import { TaskService } from 'nestjs-temporal-tasks';
import { finalize, map, tap, type Observable } from 'rxjs';
import { httpError } from './entries.controller.js';
import { importTaskId } from './import-id.js';
import { PROGRESS_PAGE } from './progress-page.js';

/**
 * An import, live: `GET /imports/:id/events` streams its states as server-sent events, and `GET /imports/:id/page`
 * is a page that shows them. Nothing here writes to the task: the events come from `TaskService.watch$`, which reads
 * the task (one poll per task in this process, however many browsers watch it) and completes when the task ends.
 */
@Controller('imports')
export class ImportProgressController {
  private readonly logger = new Logger(ImportProgressController.name);

  constructor(private readonly tasks: TaskService) {}

  /**
   * One event per change of the task (status, iteration, progress, newest logs, what it waits for: the watch's state
   * without the task's input), as JSON in `data`; the stream ends after the task's final state. A browser that leaves unsubscribes, which releases its share of the task's poll.
   */
  @Sse(':id/events')
  async events(@Param('id') id: string): Promise<Observable<MessageEvent>> {
    const taskId = importTaskId(id);
    // A stream sends its headers at once, before the watch's first read could fail: an import that is not there (or
    // not ours) is found out first, so that it is a 404 rather than a stream that carries an error.
    try {
      await this.tasks.get(taskId);
    } catch (err) {
      throw httpError(err);
    }
    let end = 'the client left, watch released';
    return this.tasks.watch$(taskId).pipe(
      // All of the watch's state but the input: the rows are the user's data, and no part of the progress.
      map(({ input: _input, ...task }): MessageEvent => ({ data: task })),
      tap({ complete: () => (end = 'the task ended, stream closed'), error: (err: unknown) => (end = `the watch failed: ${String(err)}`) }),
      finalize(() => this.logger.log(`Events of ${taskId}: ${end}`)),
    );
  }

  /** The progress page: static HTML whose script follows `events` (a URL relative to this one). */
  @Get(':id/page')
  @Header('content-type', 'text/html; charset=utf-8')
  page(@Param('id') id: string): string {
    importTaskId(id);
    return PROGRESS_PAGE;
  }
}
