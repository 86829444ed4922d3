import {
  Body,
  Controller,
  HttpCode,
  Inject,
  Post,
  UnprocessableEntityException,
  BadRequestException,
  UseGuards,
  type Type,
} from '@nestjs/common';
import type { Payload } from '@temporalio/common';
import { TasksError } from '../errors/tasks.error';
import { CodecServerAuthGuard } from './codec-server-auth.guard';
import { payloadsFromJson, payloadsToJson, type RemoteCodecPayload } from './remote-codec-payloads';
import { TASKS_CODEC_SERVER_OPTIONS, type ResolvedCodecServerOptions } from './resolve-codec-server-options';

/**
 * The controller of Temporal's remote codec protocol at `path`: `POST <path>/encode` and `POST <path>/decode`, each
 * taking and answering `{ payloads: [...] }`. Made per module instance because a controller's path is fixed when
 * its class is declared.
 */
export function createCodecServerController(path: string): Type<unknown> {
  @Controller(path)
  @UseGuards(CodecServerAuthGuard)
  class TasksCodecServerController {
    constructor(@Inject(TASKS_CODEC_SERVER_OPTIONS) readonly options: ResolvedCodecServerOptions) {}

    @Post('encode')
    @HttpCode(200)
    encode(@Body() body: unknown): Promise<{ payloads: RemoteCodecPayload[] }> {
      return this.convert(body, async (payloads) => {
        for (const codec of this.options.codecs) payloads = await codec.encode(payloads);
        return payloads;
      });
    }

    @Post('decode')
    @HttpCode(200)
    decode(@Body() body: unknown): Promise<{ payloads: RemoteCodecPayload[] }> {
      return this.convert(body, async (payloads) => {
        // The reverse of encoding: the last codec applied is the first undone.
        for (const codec of [...this.options.codecs].reverse()) payloads = await codec.decode(payloads);
        return payloads;
      });
    }

    private async convert(body: unknown, fn: (payloads: Payload[]) => Promise<Payload[]>): Promise<{ payloads: RemoteCodecPayload[] }> {
      const payloads = payloadsFromJson(body);
      if (typeof payloads === 'string') throw new BadRequestException(payloads);
      try {
        return payloadsToJson(await fn(payloads));
      } catch (err) {
        // A payload the codec cannot read (a key it lacks, a wrong key): say which, rather than a bare 500.
        if (err instanceof TasksError)
          throw new UnprocessableEntityException({ statusCode: 422, error: 'Unprocessable Entity', code: err.code, message: err.message });
        throw err;
      }
    }
  }
  return TasksCodecServerController;
}
