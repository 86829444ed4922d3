import { Inject, Module, RequestMethod, type DynamicModule, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import { CodecServerAuthGuard } from './codec-server-auth.guard';
import { CodecServerCorsMiddleware } from './codec-server-cors.middleware';
import { createCodecServerController } from './codec-server.controller';
import type { CodecServerRequest, TasksCodecServerAsyncOptions, TasksCodecServerOptions } from './codec-server.options';
import { TASKS_CODEC_SERVER_OPTIONS, resolveCodecServerOptions, type ResolvedCodecServerOptions } from './resolve-codec-server-options';

/**
 * A codec server for the Temporal Web UI, served by the application itself: the UI sends the payloads it shows to
 * `POST <path>/decode` and displays what comes back, so people the `authorize` hook allows see the tasks' inputs,
 * outputs and logs decrypted, and nobody else does (the server only ever holds ciphertext). Import it in the web
 * process, with the codec the tasks use:
 *
 * ```ts
 * TasksCodecServerModule.forRoot({ codec, corsOrigins: ['http://localhost:8233'], authorize: (req) => isAdmin(req) })
 * ```
 */
@Module({})
export class TasksCodecServerModule implements NestModule {
  constructor(@Inject(TASKS_CODEC_SERVER_OPTIONS) private readonly options: ResolvedCodecServerOptions) {}

  static forRoot<Request extends CodecServerRequest>(options: TasksCodecServerOptions<Request>): DynamicModule {
    const { path, ...rest } = options ?? ({} as TasksCodecServerOptions<Request>);
    const resolved = resolveCodecServerOptions(rest as Omit<TasksCodecServerOptions, 'path'>, path);
    return {
      module: TasksCodecServerModule,
      controllers: [createCodecServerController(resolved.path)],
      providers: [{ provide: TASKS_CODEC_SERVER_OPTIONS, useValue: resolved }, CodecServerAuthGuard, CodecServerCorsMiddleware],
    };
  }

  static forRootAsync<Request extends CodecServerRequest>(options: TasksCodecServerAsyncOptions<Request>): DynamicModule {
    // The path must be known now, to declare the controller; everything else may wait for configuration.
    const path = resolveCodecServerOptions(
      { codec: { encode: async (p) => p, decode: async (p) => p }, authorize: () => false },
      options.path,
    ).path;
    return {
      module: TasksCodecServerModule,
      imports: options.imports ?? [],
      controllers: [createCodecServerController(path)],
      providers: [
        {
          provide: TASKS_CODEC_SERVER_OPTIONS,
          useFactory: async (...args: never[]) =>
            resolveCodecServerOptions((await options.useFactory(...args)) as Omit<TasksCodecServerOptions, 'path'>, path),
          inject: options.inject ?? [],
        },
        CodecServerAuthGuard,
        CodecServerCorsMiddleware,
      ],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    consumer
      .apply(CodecServerCorsMiddleware)
      .forRoutes(...['encode', 'decode'].map((endpoint) => ({ path: `${this.options.path}/${endpoint}`, method: RequestMethod.ALL })));
  }
}
