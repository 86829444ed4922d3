import type { DataConverter } from '@temporalio/common';
import { readFile } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import { ENCODED_FAILURE_CONVERTER_PATH } from '../codec/encoded-failure-converter-path';
import { InvalidTasksModuleOptionsError } from '../errors/invalid-tasks-module-options.error';
import type { TaskWorkflowBundleOption } from '../options/tasks-module.options';
import type { ResolvedTelemetryOptions } from '../telemetry/resolve-telemetry-options';
import { TRACING_BUNDLE_MARKER } from './task-workflow-bundle';

/**
 * Refuses a prebuilt workflow bundle that lacks what the options need inside the workflow sandbox, which the SDK
 * would otherwise ignore (at most with a warning): with tracing on, the OpenTelemetry workflow interceptors (without
 * them, tasks run untraced); with a custom payload or failure converter, that converter (without it, the workflow
 * would convert with the default one: payloads the client cannot read, or failure messages left in plain text). With
 * payload codecs, the options carry the failure converter that encodes failures by default (`withEncodedFailures`).
 */
export async function checkWorkflowBundle(
  bundle: TaskWorkflowBundleOption,
  telemetry: ResolvedTelemetryOptions,
  dataConverter?: DataConverter,
): Promise<void> {
  const converters = [dataConverter?.payloadConverterPath, dataConverter?.failureConverterPath].filter(
    (path): path is string => typeof path === 'string',
  );
  if (telemetry.tracing === false && converters.length === 0) return;
  let code: string;
  try {
    code = 'code' in bundle ? bundle.code : await readFile(bundle.codePath, 'utf8');
  } catch {
    // An unreadable file is the worker's to report, with its own message.
    return;
  }
  const where = `runner.workflowBundle${'codePath' in bundle ? ` (${bundle.codePath})` : ''}`;
  // Webpack keeps each module's path in the bundle; the file name is what survives any folder layout.
  const missing = converters.filter((path) => !code.includes(basename(path, extname(path))));
  if (missing.includes(ENCODED_FAILURE_CONVERTER_PATH) && dataConverter?.payloadCodecs?.length) {
    throw new InvalidTasksModuleOptionsError([
      `${where} was built without the failure converter that encodes failures (ENCODED_FAILURE_CONVERTER_PATH), which the module uses with dataConverter.payloadCodecs (unless you give a failureConverterPath of your own), so that a codec encrypts failure messages and stack traces too: rebuild the bundle with bundleTaskWorkflows({ dataConverter }), passing the module's dataConverter with its payloadCodecs, or leave runner.workflowBundle unset so the Runner bundles at start-up.`,
    ]);
  }
  if (missing.length > 0) {
    throw new InvalidTasksModuleOptionsError([
      `${where} was built without ${missing.join(' and ')} (dataConverter's payloadConverterPath / failureConverterPath): rebuild it with bundleTaskWorkflows({ dataConverter }), or leave runner.workflowBundle unset so the Runner bundles at start-up.`,
    ]);
  }
  if (telemetry.tracing !== false && !code.includes(TRACING_BUNDLE_MARKER)) {
    throw new InvalidTasksModuleOptionsError([
      `${where} was built without the OpenTelemetry workflow interceptors, and telemetry.tracing is on: rebuild it with bundleTaskWorkflows({ telemetry: { tracing: true } }), or leave runner.workflowBundle unset so the Runner bundles at start-up.`,
    ]);
  }
}
