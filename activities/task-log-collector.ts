import type { LoggerService } from '@nestjs/common';
import type { TaskLogEntry } from '../workflows/task-workflow.types';
import type { TaskLogger } from '../src/task.interfaces';

/**
 * Room kept in the budget for the line that says how many were dropped, so that the lines and that line together
 * stay within it.
 */
const DROPPED_LINE_RESERVE_BYTES = 512;

/**
 * The Context's logger: keeps the lines of this attempt so they travel back to the workflow with the outcome
 * (that is what makes them durable), and writes each to the Nest logger as it happens.
 *
 * What it keeps is bounded by `budgetBytes` of JSON (`limits.logBytes`): the newest lines that fit, then, when older
 * ones had to go, one last `warn` line "N earlier log lines dropped (over the log budget ...)" with
 * `data: { droppedLines: N }`. Without the bound, an attempt that logs a lot ends with a result (or a failure) larger
 * than Temporal accepts, which the server refuses, and a successful attempt fails on a heartbeat timeout.
 */
export class TaskLogCollector implements TaskLogger {
  private kept: Array<{ entry: TaskLogEntry; bytes: number }> = [];
  /** Index of the oldest kept line in `kept`: dropping from the front moves it instead of shifting the array. */
  private first = 0;
  private keptBytes = 0;
  private dropped = 0;

  constructor(
    private readonly taskId: string,
    private readonly iteration: number,
    private readonly attempt: number,
    private readonly nestLogger: LoggerService,
    /** Most bytes of JSON this attempt's lines may take, the dropped-lines line included. */
    private readonly budgetBytes: number,
  ) {}

  /** The lines kept, oldest first, and last the count of those dropped (when any were). */
  get entries(): TaskLogEntry[] {
    const entries = this.kept.slice(this.first).map(({ entry }) => entry);
    if (this.dropped > 0) entries.push(this.droppedEntry());
    return entries;
  }

  /** How many lines this attempt has dropped so far to stay within the budget. */
  get droppedLines(): number {
    return this.dropped;
  }

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
    const entry: TaskLogEntry = { level, message, ...(data === undefined ? {} : { data }), iteration: this.iteration, attempt: this.attempt, at: new Date().toISOString() };
    this.keep(entry);
    // Data goes on the same line: Nest's logger would print a second argument as a context or a separate block.
    const line = `[${this.taskId} #${this.iteration}.${this.attempt}] ${message}${data === undefined ? '' : ` ${safeJson(data)}`}`;
    this.nestLogger[level === 'info' ? 'log' : level](line);
  }

  private keep(entry: TaskLogEntry): void {
    const bytes = jsonBytes(entry);
    this.kept.push({ entry, bytes });
    this.keptBytes += bytes;
    const room = Math.max(0, this.budgetBytes - DROPPED_LINE_RESERVE_BYTES);
    while (this.keptBytes > room && this.first < this.kept.length) {
      this.keptBytes -= this.kept[this.first]!.bytes;
      this.first += 1;
      this.dropped += 1;
    }
    // Give the dropped lines' memory back now and then, not on every line.
    if (this.first > 1024 && this.first * 2 > this.kept.length) {
      this.kept = this.kept.slice(this.first);
      this.first = 0;
    }
  }

  private droppedEntry(): TaskLogEntry {
    const last = this.kept[this.kept.length - 1]?.entry;
    return {
      level: 'warn',
      message: `${this.dropped} earlier log lines dropped (over the log budget of ${this.budgetBytes} bytes per attempt, limits.logBytes)`,
      data: { droppedLines: this.dropped },
      iteration: this.iteration,
      attempt: this.attempt,
      at: last?.at ?? new Date().toISOString(),
    };
  }
}

/** A line's size as it travels (JSON, one comma between lines); data that JSON cannot hold is counted as text. */
function jsonBytes(entry: TaskLogEntry): number {
  try {
    return Buffer.byteLength(JSON.stringify(entry)) + 1;
  } catch {
    return Buffer.byteLength(entry.message) + Buffer.byteLength(String(entry.data)) + 128;
  }
}

function safeJson(data: unknown): string {
  try {
    return JSON.stringify(data) ?? String(data);
  } catch {
    return String(data);
  }
}
