import { BadRequestException, Body, ConflictException, Controller, Get, HttpCode, NotFoundException, Param, Post } from '@nestjs/common';
import { InvalidSendOptionsError, InvalidTaskIdError, TaskAbortedError, TaskEndedError, TaskFailedError, TaskNotFoundError, TaskService, TaskStateError, TaskTerminatedError, type TaskInfo } from 'nestjs-temporal-tasks';
import { IMPORT_MAX_ITERATIONS, ImportEntriesTask, type ImportEntriesInput, type ImportEntriesOutput } from './import-entries.task.js';
import { needsApproval } from './import-approval.js';
import { importTaskId } from './import-id.js';

/**
 * Triggers imports and reports on them. Task ids look like `importEntries/<uuid>`: in a URL the `/` is sent as
 * `%2F`, which is why the answer of `POST /imports` carries ready-made URLs.
 *
 * The id comes from the URL, so anyone can send any id. `TaskService` answers `TaskNotFoundError` for anything that is
 * not one of this application's tasks (another application's workflow in the same namespace included) and
 * `InvalidTaskIdError` for what cannot be an id; these routes also keep to imports (`importEntries/...`) alone.
 */
@Controller('imports')
export class EntriesController {
  constructor(private readonly tasks: TaskService) {}

  /** Starts an import and answers at once: the work runs in the background, on whichever worker picks it up. */
  @Post()
  @HttpCode(202)
  async trigger(@Body() body: ImportEntriesInput): Promise<{ taskId: string; statusUrl: string; resultUrl: string; abortUrl: string; pageUrl: string; eventsUrl: string }> {
    if (!Array.isArray(body?.rows) || !body.rows.every((row) => typeof row === 'string')) {
      throw new BadRequestException('Send a JSON body of the form { "rows": ["a", "b"] }.');
    }
    const { rowsPerIteration } = body;
    if (rowsPerIteration !== undefined && !(Number.isInteger(rowsPerIteration) && rowsPerIteration > 0)) {
      throw new BadRequestException(`"rowsPerIteration" must be a whole number above 0, got ${JSON.stringify(rowsPerIteration)}.`);
    }
    // The wait for an approval is an iteration too.
    if (rowsPerIteration && Math.ceil(body.rows.length / rowsPerIteration) + (needsApproval(body.rows.length) ? 1 : 0) > IMPORT_MAX_ITERATIONS) {
      throw new BadRequestException(`${body.rows.length} rows take more than ${IMPORT_MAX_ITERATIONS} iterations of ${rowsPerIteration}: send a larger "rowsPerIteration".`);
    }
    const task = await this.tasks.trigger(ImportEntriesTask, { rows: body.rows, ...(rowsPerIteration ? { rowsPerIteration } : {}) });
    const path = `/imports/${encodeURIComponent(task.id)}`;
    return { taskId: task.id, statusUrl: path, resultUrl: `${path}/result`, abortUrl: `${path}/abort`, pageUrl: `${path}/page`, eventsUrl: `${path}/events` };
  }

  /** The task id of an import, from the URL: 404 for an id of another definition. */
  private importId(id: string): string {
    return importTaskId(id);
  }

  /** Waits until the task ends, then answers with its output or how it failed. Fine for a demo; long for an API. */
  @Get(':id/result')
  async result(@Param('id') id: string): Promise<{ taskId: string; status: string; output?: ImportEntriesOutput; error?: string }> {
    try {
      const output = await this.tasks.getHandle<ImportEntriesOutput>(this.importId(id)).result();
      return { taskId: id, status: 'success', output };
    } catch (err) {
      if (err instanceof TaskFailedError) return { taskId: id, status: 'failed', error: err.failureMessage };
      if (err instanceof TaskAbortedError) return { taskId: id, status: 'aborted', error: err.message };
      if (err instanceof TaskTerminatedError) return { taskId: id, status: 'failed', error: err.message };
      throw httpError(err);
    }
  }

  /** Where the task stands right now: status, iteration, progress, attempts. Answers at once. */
  @Get(':id')
  async status(@Param('id') id: string): Promise<TaskInfo> {
    try {
      return await this.tasks.get(this.importId(id));
    } catch (err) {
      throw httpError(err);
    }
  }

  /** Asks a running task to stop; its handler sees `context.signal` abort between two rows. */
  @Post(':id/abort')
  @HttpCode(202)
  async abort(@Param('id') id: string): Promise<{ taskId: string }> {
    try {
      await this.tasks.abort(this.importId(id), 'aborted through the HTTP API');
    } catch (err) {
      throw httpError(err);
    }
    return { taskId: id };
  }
}

/**
 * The answer for what the library refused: 404 for no such import, 400 for what cannot be an id or a message the task
 * refuses, 409 for the wrong state (an import that has ended takes no more messages).
 */
export function httpError(err: unknown): unknown {
  if (err instanceof TaskNotFoundError) return new NotFoundException(err.message);
  if (err instanceof InvalidTaskIdError || err instanceof InvalidSendOptionsError) return new BadRequestException(err.message);
  if (err instanceof TaskStateError || err instanceof TaskEndedError) return new ConflictException(err.message);
  return err;
}
