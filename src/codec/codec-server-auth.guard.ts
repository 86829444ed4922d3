import { ForbiddenException, Inject, Injectable, UnauthorizedException, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { CodecServerRequest } from './codec-server.options';
import { TASKS_CODEC_SERVER_OPTIONS, type ResolvedCodecServerOptions } from './resolve-codec-server-options';

/**
 * Asks the application's `authorize` hook about each codec request. A refusal is 401 when the request brought no
 * credentials at all (the client should authenticate), 403 when it did (they do not allow this).
 */
@Injectable()
export class CodecServerAuthGuard implements CanActivate {
  constructor(@Inject(TASKS_CODEC_SERVER_OPTIONS) private readonly options: ResolvedCodecServerOptions) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<CodecServerRequest>();
    if ((await this.options.authorize(request)) === true) return true;
    const { authorization, cookie } = request.headers;
    if (!authorization && !cookie) {
      throw new UnauthorizedException(
        'The Temporal codec endpoint needs credentials: configure the Web UI to send its access token (codec.passAccessToken) or cookies (codec.includeCredentials).',
      );
    }
    throw new ForbiddenException('These credentials do not allow the use of the Temporal codec endpoint.');
  }
}
