import type { LoggerService } from '@nestjs/common';
import { Runtime, type LogLevel, type MetricsExporterConfig } from '@temporalio/worker';
import { createNestSdkLogger } from '../runner/nest-sdk-logger';

/** Whether this process's SDK runtime was installed by the library (then a second install is not the application's). */
let installedByLibrary = false;

/**
 * Installs the Temporal SDK's runtime with what the library configures of it, in one `Runtime.install` (the SDK
 * allows one runtime per process, so the logger and the metrics exporter must go in together): the Nest logger at
 * `sdkLogLevel` (unless false) and `metrics` (when set). With neither, the runtime is left alone.
 *
 * A runtime the application installed before stands: the library never replaces it. Then `metrics` cannot take
 * effect, which is logged as a warning rather than thrown, since the application chose its runtime on purpose.
 * Returns whether this call installed the runtime.
 */
export function installSdkRuntime(
  logger: LoggerService,
  options: { sdkLogLevel: LogLevel | false; metrics?: MetricsExporterConfig },
): boolean {
  const { sdkLogLevel, metrics } = options;
  if (sdkLogLevel === false && metrics === undefined) return false;
  try {
    Runtime.install({
      ...(sdkLogLevel === false ? {} : { logger: createNestSdkLogger(logger, sdkLogLevel) }),
      ...(metrics === undefined ? {} : { telemetryOptions: { metrics } }),
    });
    installedByLibrary = true;
    return true;
  } catch {
    if (metrics !== undefined && !installedByLibrary) {
      logger.warn(
        "telemetry.metrics is ignored: this process already has a Temporal SDK runtime (the application's own Runtime.install, or a worker or native connection created before the Runner started), and the SDK allows only one. Configure metrics in that Runtime.install call (telemetryOptions.metrics); the library's metrics go to that runtime's exporter.",
      );
    }
    return false;
  }
}
