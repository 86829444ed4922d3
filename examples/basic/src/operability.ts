import { Controller, Get, Module, type DynamicModule } from '@nestjs/common';
import { HealthCheck, HealthCheckService, TerminusModule } from '@nestjs/terminus';
import {
  AesGcmPayloadCodec,
  TasksCodecServerModule,
  TasksHealthIndicator,
  type TasksModuleOptions,
} from 'nestjs-temporal-tasks';

/**
 * The library's operability features, each off unless its environment variable is set:
 * - TASKS_ENCRYPTION_KEYS='<id>:<base64 of 32 bytes>[,<older id>:<key>...]' (`openssl rand -base64 32`): payloads
 *   (inputs, outputs, logs, memo, progress, error messages) are encrypted in Temporal, and the web process serves a
 *   codec server at /temporal-codec, so the Web UI shows them decrypted; with more than one key,
 *   TASKS_ENCRYPTION_KEY_ID names the one that encrypts (rotation: docs/reference.md, Payload encryption);
 * - TASKS_METRICS_ADDRESS=127.0.0.1:9464: Prometheus metrics at http://<address>/metrics (SDK and library);
 * - TASKS_TRACING=console: OpenTelemetry spans printed to the console (see tracing.ts);
 * - TASKS_HEALTH=true: GET /health (web process), through @nestjs/terminus.
 */
const keys = process.env.TASKS_ENCRYPTION_KEYS;
const codec = keys ? new AesGcmPayloadCodec({ keys, encryptWith: process.env.TASKS_ENCRYPTION_KEY_ID }) : undefined;

/** What these features add to the TasksModule options of both processes. */
export function operabilityOptions(): Pick<TasksModuleOptions, 'dataConverter' | 'telemetry'> {
  const metricsAddress = process.env.TASKS_METRICS_ADDRESS;
  return {
    // With a codec, error messages and stack traces are encrypted too (the module's default).
    ...(codec ? { dataConverter: { payloadCodecs: [codec] } } : {}),
    telemetry: {
      tracing: process.env.TASKS_TRACING === 'console',
      ...(metricsAddress ? { metrics: { prometheus: { bindAddress: metricsAddress } } } : {}),
    },
  };
}

/** Where the web process serves the codec, when encryption is on: the Web UI's codec endpoint is `<app URL><path>`. */
export const CODEC_PATH = codec ? '/temporal-codec' : undefined;

@Controller('health')
class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly temporal: TasksHealthIndicator,
  ) {}

  @Get()
  @HealthCheck()
  check() {
    return this.health.check([() => this.temporal.isHealthy('temporal')]);
  }
}

@Module({})
class HealthModule {}

/** The web process's modules for these features. `uiOrigins`: where the Temporal Web UI is served, for CORS. */
export function webOperabilityModules(uiOrigins: string[]): DynamicModule[] {
  const modules: DynamicModule[] = [];
  if (codec && CODEC_PATH) {
    modules.push(
      TasksCodecServerModule.forRoot({
        codec,
        path: CODEC_PATH,
        corsOrigins: uiOrigins,
        // A local example: any page of the Web UI's origin may decode. In production, check the UI's access token
        // (codec.passAccessToken) or session cookie (codec.includeCredentials) here.
        authorize: (request) => uiOrigins.includes(String(request.headers.origin)),
      }),
    );
  }
  if (process.env.TASKS_HEALTH === 'true')
    modules.push({ module: HealthModule, imports: [TerminusModule], controllers: [HealthController] });
  return modules;
}
