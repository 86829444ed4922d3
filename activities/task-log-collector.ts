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
    // Data goes on the same line: Nest's logger would print a second argument as a context or a separate block.
    const line = `[${this.taskId} #${this.iteration}.${this.attempt}] ${message}${data === undefined ? '' : ` ${safeJson(data)}`}`;
    this.nestLogger[level === 'info' ? 'log' : level](line);
  }
}

function safeJson(data: unknown): string {
  try {
    return JSON.stringify(data) ?? String(data);
  } catch {
    return String(data);
  }
}
