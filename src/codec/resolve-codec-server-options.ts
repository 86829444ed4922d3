import type { PayloadCodec } from '@temporalio/common';
import { InvalidCodecServerOptionsError } from '../errors/invalid-codec-server-options.error';
import { DEFAULT_CODEC_SERVER_PATH, type CodecServerRequest, type TasksCodecServerOptions } from './codec-server.options';

/** Injection token of the codec server's checked options. */
export const TASKS_CODEC_SERVER_OPTIONS = Symbol('TASKS_CODEC_SERVER_OPTIONS');

/** The codec server's options, checked, with defaults applied. */
export interface ResolvedCodecServerOptions {
  /** In encoding order. */
  codecs: readonly PayloadCodec[];
  /** With a leading slash and no trailing one. */
  path: string;
  /** Allowed origins; empty for none. */
  corsOrigins: readonly string[];
  /** `'*'` among the origins: any origin, without credentials. */
  anyOrigin: boolean;
  authorize: (request: CodecServerRequest) => boolean | Promise<boolean>;
}

/** Checks the options and applies defaults; throws `InvalidCodecServerOptionsError` listing every problem. */
export function resolveCodecServerOptions(
  options: Omit<TasksCodecServerOptions, 'path'>,
  path: string | undefined,
): ResolvedCodecServerOptions {
  const problems: string[] = [];
  if (typeof options !== 'object' || options === null)
    throw new InvalidCodecServerOptionsError(['the options must be an object with codec and authorize.']);
  const codecs = (Array.isArray(options.codec) ? options.codec : [options.codec]) as PayloadCodec[];
  if (codecs.length === 0 || codecs.some((codec) => typeof codec?.encode !== 'function' || typeof codec?.decode !== 'function')) {
    problems.push(
      'codec must be a PayloadCodec (an object with encode and decode methods, e.g. new AesGcmPayloadCodec(...)) or a list of them.',
    );
  }
  const rawPath = path ?? DEFAULT_CODEC_SERVER_PATH;
  if (typeof rawPath !== 'string' || !/^\/?[A-Za-z0-9._~\-/]*$/.test(rawPath))
    problems.push(`path must be a URL path such as '/temporal-codec', got ${JSON.stringify(rawPath)}.`);
  const origins =
    options.corsOrigins === undefined ? [] : typeof options.corsOrigins === 'string' ? [options.corsOrigins] : [...options.corsOrigins];
  for (const origin of origins) {
    if (origin !== '*' && !isOrigin(origin))
      problems.push(
        `corsOrigins: ${JSON.stringify(origin)} is not an origin; write it as scheme://host[:port], without a path or a trailing slash, e.g. 'http://localhost:8233'.`,
      );
  }
  if (typeof options.authorize !== 'function') {
    problems.push(
      'authorize must be a function (request) => boolean | Promise<boolean>. It is required so that a decryption endpoint is never open by accident; pass () => true to allow every request.',
    );
  }
  if (problems.length > 0) throw new InvalidCodecServerOptionsError(problems);
  const normalized = `/${String(rawPath).replace(/^\/+|\/+$/g, '')}`;
  return {
    codecs,
    path: normalized === '/' ? '' : normalized,
    corsOrigins: origins.filter((origin) => origin !== '*'),
    anyOrigin: origins.includes('*'),
    authorize: options.authorize as ResolvedCodecServerOptions['authorize'],
  };
}

function isOrigin(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  try {
    return new URL(value).origin === value;
  } catch {
    return false;
  }
}
