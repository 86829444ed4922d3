import type { LoggerService } from '@nestjs/common';
import type { TaskLogEntry } from '../workflows/task-workflow.types';
import type { TaskLogger } from '../src/task.interfaces';

/**
 * The Context's logger: keeps the lines of this attempt so they travel back to the workflow with the outcome
 * (that is what makes them durable), and writes each to the Nest logger as it happens.
 */
export class TaskLogCollector implements TaskLogger {
  readonly entries: TaskLogEntry[] = [];

  constructor(
    private readonly taskId: string,
    private readonly iteration: number,
    private readonly attempt: number,
    private readonly nestLogger: LoggerService,
  ) {}

  info(message: string, data?: unknown): void {
    this.write('info', message, data);
  }

  warn(message: string, data?: unknown): void {
    this.write('warn', message, data);
  }

  error(message: string, data?: unknown): void {
    this.write('error', message, data);
  }

  private write(level: TaskLogEntry['level'], message: string, data: unknown): void {
    this.entries.push({ level, message, ...(data === undefined ? {} : { data }), iteration: this.iteration, attempt: this.attempt, at: new Date().toISOString() });
    const line = `[${this.taskId} #${this.iteration}.${this.attempt}] ${message}`;
    const method = level === 'info' ? 'log' : level;
    if (data === undefined) this.nestLogger[method](line);
    else this.nestLogger[method](line, data);
  }
}
