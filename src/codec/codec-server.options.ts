import type { IncomingHttpHeaders } from 'node:http';
import type { FactoryProvider, ModuleMetadata } from '@nestjs/common';
import type { PayloadCodec } from '@temporalio/common';

/** What `authorize` can count on of a request, whatever the HTTP platform (Express, Fastify). */
export interface CodecServerRequest {
  headers: IncomingHttpHeaders;
}

/** Options of `TasksCodecServerModule.forRoot(...)`. */
export interface TasksCodecServerOptions<Request extends CodecServerRequest = CodecServerRequest> {
  /**
   * The payload codec (or codecs, in the order of `dataConverter.payloadCodecs`) the tasks' payloads were encoded
   * with, e.g. the application's `AesGcmPayloadCodec`.
   */
  codec: PayloadCodec | readonly PayloadCodec[];
  /**
   * Where the two endpoints are served: `POST <path>/encode` and `POST <path>/decode`. Point the Web UI's codec
   * endpoint (`--ui-codec-endpoint`, `TEMPORAL_CODEC_ENDPOINT`, or the UI's own Data Encoder setting) at
   * `<origin of this app><global prefix><path>`.
   * @default '/temporal-codec'
   */
  path?: string;
  /**
   * Origins allowed to call the endpoints from a browser: the Web UI's origin, e.g. `'https://temporal.example.com'`
   * or `'http://localhost:8233'`. Answered with CORS headers (credentials allowed, for a UI that sends cookies), and
   * preflight requests are answered without calling `authorize`. `'*'` allows any origin (then without credentials).
   * @default [] (no CORS headers: only same-origin pages and non-browser clients can call)
   */
  corsOrigins?: string | readonly string[];
  /**
   * Decides whether a request may use the codec, e.g. by the `Authorization` header (the Web UI sends its access
   * token when configured to, `codec.passAccessToken`) or a session cookie (`codec.includeCredentials`). The
   * `X-Namespace` header names the namespace the payloads belong to. Returning false answers 401 when the request
   * carries no credentials (no `Authorization` header, no cookie), 403 when it does; throwing one of Nest's
   * `HttpException`s answers with it. Required, so that a decryption endpoint is never left open by accident: pass
   * `() => true` to allow every request, e.g. on a network only trusted clients reach.
   */
  authorize: (request: Request) => boolean | Promise<boolean>;
}

/** Options of `TasksCodecServerModule.forRootAsync(...)`: the path is fixed when the module is defined, the rest may come from configuration. */
export interface TasksCodecServerAsyncOptions<Request extends CodecServerRequest = CodecServerRequest> {
  /** As `TasksCodecServerOptions.path`. @default '/temporal-codec' */
  path?: string;
  /** Modules whose providers the factory needs. @default [] */
  imports?: ModuleMetadata['imports'];
  /** Providers handed to the factory. @default [] */
  inject?: FactoryProvider['inject'];
  /** Builds the options (all but `path`). */
  useFactory: (
    ...args: never[]
  ) => Omit<TasksCodecServerOptions<Request>, 'path'> | Promise<Omit<TasksCodecServerOptions<Request>, 'path'>>;
}

/** Default of `TasksCodecServerOptions.path`. */
export const DEFAULT_CODEC_SERVER_PATH = '/temporal-codec';
