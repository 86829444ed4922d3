import type { LoggerService } from '@nestjs/common';
import { DefaultLogger, type LogEntry, type LogLevel } from '@temporalio/worker';

/**
 * A Temporal SDK logger that writes through a Nest logger at `level` and above, so the SDK's messages (worker state,
 * failed attempts) appear in the application's log format instead of on the console.
 */
export function createNestSdkLogger(nestLogger: LoggerService, level: LogLevel): DefaultLogger {
  return new DefaultLogger(level, (entry: LogEntry) => {
    const meta = entry.meta && Object.keys(entry.meta).length > 0 ? ` ${describeMeta(entry.meta)}` : '';
    const line = `${entry.message}${meta}`;
    if (entry.level === 'ERROR') nestLogger.error(line);
    else if (entry.level === 'WARN') nestLogger.warn(line);
    else if (entry.level === 'INFO') nestLogger.log(line);
    else nestLogger.debug?.(line);
  });
}

function describeMeta(meta: Record<string, unknown>): string {
  try {
    return JSON.stringify(meta, (_key, value: unknown) => (value instanceof Error ? `${value.name}: ${value.message}` : value));
  } catch {
    return '';
  }
}
