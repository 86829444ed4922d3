import { Inject, Injectable, type NestMiddleware } from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { TASKS_CODEC_SERVER_OPTIONS, type ResolvedCodecServerOptions } from './resolve-codec-server-options';

/** Headers the Web UI sends to a codec endpoint (the access token only when configured to). */
const ALLOWED_HEADERS = 'Content-Type, X-Namespace, Authorization';

/**
 * CORS for the codec endpoints only, so the Web UI (another origin) can call them while the rest of the application
 * keeps its own policy. A middleware rather than a guard or handler: it must also answer preflight requests, which
 * carry no credentials and so must never reach `authorize`, and put its headers on 401/403 answers too, or the
 * browser would report a CORS failure instead of the refusal. Written against Node's own request and response, so it
 * works under Express and Fastify alike.
 */
@Injectable()
export class CodecServerCorsMiddleware implements NestMiddleware {
  constructor(@Inject(TASKS_CODEC_SERVER_OPTIONS) private readonly options: ResolvedCodecServerOptions) {}

  use(request: IncomingMessage, response: ServerResponse, next: () => void): void {
    const origin = request.headers.origin;
    const allowed = origin !== undefined && (this.options.anyOrigin || this.options.corsOrigins.includes(origin));
    if (allowed) {
      if (this.options.corsOrigins.includes(origin)) {
        // A named origin may send cookies (the UI's codec.includeCredentials); the answer must then name it exactly.
        response.setHeader('Access-Control-Allow-Origin', origin);
        response.setHeader('Access-Control-Allow-Credentials', 'true');
      } else {
        response.setHeader('Access-Control-Allow-Origin', '*');
      }
    }
    appendVary(response, 'Origin');
    if (request.method === 'OPTIONS') {
      if (allowed) {
        response.setHeader('Access-Control-Allow-Methods', 'POST, OPTIONS');
        response.setHeader('Access-Control-Allow-Headers', request.headers['access-control-request-headers'] ?? ALLOWED_HEADERS);
        response.setHeader('Access-Control-Max-Age', '600');
        appendVary(response, 'Access-Control-Request-Headers');
      }
      response.statusCode = 204;
      response.end();
      return;
    }
    next();
  }
}

function appendVary(response: ServerResponse, name: string): void {
  const current = response.getHeader('Vary');
  const values = (Array.isArray(current) ? current.join(',') : String(current ?? ''))
    .split(',')
    .map((value) => value.trim())
    .filter(Boolean);
  if (!values.some((value) => value.toLowerCase() === name.toLowerCase() || value === '*'))
    response.setHeader('Vary', [...values, name].join(', '));
}
