import type { LoggerService } from '@nestjs/common';
import { Runtime, type LogLevel, type MetricsExporterConfig, type RuntimeOptions } from '@temporalio/worker';
import { createNestSdkLogger } from '../runner/nest-sdk-logger';

/**
 * The options the library last installed the runtime with. The SDK re-creates a runtime that shut down (when its last
 * worker closed) from the options it was last created with, so a runtime made from these is still the library's.
 */
let installedOptions: RuntimeOptions | undefined;

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
  const runtimeOptions: RuntimeOptions = {
    ...(sdkLogLevel === false ? {} : { logger: createNestSdkLogger(logger, sdkLogLevel) }),
    ...(metrics === undefined ? {} : { telemetryOptions: { metrics } }),
  };
  try {
    Runtime.install(runtimeOptions);
    installedOptions = runtimeOptions;
    return true;
  } catch {
    const ours = installedOptions !== undefined && Runtime.defaultOptions === installedOptions;
    if (metrics !== undefined && !ours) {
      logger.warn(
        "telemetry.metrics is ignored: this process already has a Temporal SDK runtime (the application's own Runtime.install, or a worker or native connection created before the Runner started), and the SDK allows only one. Configure metrics in that Runtime.install call (telemetryOptions.metrics); the library's metrics go to that runtime's exporter.",
      );
    }
    return false;
  }
}
