/**
 * The example app's own names, which the docs' ts snippets use without declaring them (scripts/docs-code.mjs checks
 * the snippets with these in scope). Global declarations: a snippet that declares one of them shadows it.
 */
interface ImportCsvInput {
  rows: string[];
}
interface ImportCsvOutput {
  imported: number;
}
type ImportInput = { url: string };
type ImportOutput = { imported: number };
declare class ImportCsvTask {
  readonly run: import('nestjs-temporal-tasks').TaskRun<ImportCsvInput, ImportCsvOutput>;
}
declare class DoubleTask {
  readonly run: import('nestjs-temporal-tasks').TaskRun<number, number>;
}
declare class EntriesService {
  importFrom(url: string, options?: { signal?: AbortSignal }): Promise<number>;
  save(rows: unknown): Promise<number>;
}
declare class MailService {
  send(to: string, template: string): Promise<string>;
}
declare class AuditService {
  record(taskId: string, event: string): Promise<void>;
}
declare class ConfigModule {}
declare class ConfigService {
  get<T = string>(key: string, defaultValue?: T): T;
  getOrThrow<T = string>(key: string): T;
}
declare const tasks: import('nestjs-temporal-tasks').TaskService;
declare const taskId: string;
declare const uploadId: string;
declare const rows: string[];
declare const url: string;
declare const app: import('@nestjs/common').INestApplication;
interface User {
  id: string;
  email: string;
}
declare const user: User;
type EntryCreated = { entryId: string };
declare const userId: string;
declare const tenantId: string;
declare const hugeFile: string[];
/** A run body's parameters, for snippets of one. */
declare const input: any;
declare const context: import('nestjs-temporal-tasks').TaskContext<any, any>;
declare const controller: import('nestjs-temporal-tasks').TaskController<any, any>;
declare const done: number;
declare const total: number;
declare let cursor: string | undefined;
declare const codec: import('nestjs-temporal-tasks').AesGcmPayloadCodec;
declare class SendReminderTask {
  readonly run: import('nestjs-temporal-tasks').TaskRun<{ userId: string }, void>;
}
declare class ReportTask {
  readonly run: import('nestjs-temporal-tasks').TaskRun<unknown, unknown>;
}
declare class ImportTask {
  readonly run: import('nestjs-temporal-tasks').TaskRun<unknown, unknown>;
}
declare class WorkerModule {}
declare class AppModule {}
declare class PageImporter {
  importPage(url: string, page: number): Promise<boolean>;
}
declare function verifyAdminToken(authorization: string | undefined): Promise<boolean>;
declare const events: import('@nestjs/event-emitter').EventEmitter2;
declare class ImportsController {}
