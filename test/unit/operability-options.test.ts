import type { PayloadCodec } from '@temporalio/common';
import { ENCODED_FAILURE_CONVERTER_PATH, InvalidTasksModuleOptionsError } from '../../src';
import { ResolvedTasksOptions } from '../../src/options/resolved-tasks-options';
import { tracingWorkerOptions } from '../../src/telemetry/task-tracing';

const problemsOf = (options: object): string[] => {
  try {
    ResolvedTasksOptions.resolve(options);
    return [];
  } catch (err) {
    expect(err).toBeInstanceOf(InvalidTasksModuleOptionsError);
    return [...(err as InvalidTasksModuleOptionsError).problems];
  }
};

describe('dataConverter and telemetry options', () => {
  it('are off by default', () => {
    const resolved = ResolvedTasksOptions.resolve({});
    expect(resolved.dataConverter).toBeUndefined();
    expect(resolved.telemetry).toEqual({ tracing: false, metrics: undefined });
  });

  it('take a data converter with codecs, tracing as true or with a span processor, and Prometheus or OpenTelemetry metrics', () => {
    const codec = { encode: async (p: unknown[]) => p, decode: async (p: unknown[]) => p };
    const spanProcessor = { onStart: () => undefined, onEnd: () => undefined, forceFlush: async () => undefined, shutdown: async () => undefined };
    expect(problemsOf({ dataConverter: { payloadCodecs: [codec] }, telemetry: { tracing: true, metrics: { prometheus: { bindAddress: '0.0.0.0:9464' } } } })).toEqual([]);
    expect(problemsOf({ telemetry: { tracing: { spanProcessor }, metrics: { otel: { url: 'grpc://collector:4317' } } } })).toEqual([]);
    expect(ResolvedTasksOptions.resolve({ telemetry: { tracing: true } }).telemetry.tracing).toEqual({});
  });

  it('with payload codecs, encode failures too (ENCODED_FAILURE_CONVERTER_PATH) unless a failure converter of its own is given', () => {
    const codec: PayloadCodec = { encode: async (p) => p, decode: async (p) => p };
    expect(ResolvedTasksOptions.resolve({ dataConverter: { payloadCodecs: [codec] } }).dataConverter).toEqual({ payloadCodecs: [codec], failureConverterPath: ENCODED_FAILURE_CONVERTER_PATH });
    expect(ResolvedTasksOptions.resolve({ dataConverter: { payloadCodecs: [codec], failureConverterPath: '/app/my-failure-converter' } }).dataConverter?.failureConverterPath).toBe('/app/my-failure-converter');
    // Without a codec there is nothing to encrypt failures with: Temporal's default converter stays.
    expect(ResolvedTasksOptions.resolve({ dataConverter: { payloadCodecs: [] } }).dataConverter?.failureConverterPath).toBeUndefined();
    expect(ResolvedTasksOptions.resolve({ dataConverter: { payloadConverterPath: '/app/my-converter' } }).dataConverter?.failureConverterPath).toBeUndefined();
  });

  it('report every mistake at start-up, saying what each option must be', () => {
    const problems = problemsOf({
      dataConverter: { payloadCodecs: [{ encode: 'no' }], failureConverterPath: '' },
      telemetry: { tracing: 'yes', metrics: { prometheus: { bindAddress: '9464' } } },
    });
    expect(problems).toEqual([
      expect.stringMatching(/^dataConverter\.payloadCodecs must be a list of PayloadCodecs/),
      expect.stringMatching(/^dataConverter\.failureConverterPath must be the path of a module/),
      expect.stringMatching(/^telemetry\.tracing must be true, false or \{ spanProcessor\?, resource\? \}/),
      expect.stringMatching(/^telemetry\.metrics\.prometheus\.bindAddress must be 'host:port'/),
    ]);
    expect(problemsOf({ telemetry: { metrics: { statsd: {} } } })).toEqual([expect.stringMatching(/^telemetry\.metrics must be Temporal's MetricsExporterConfig/)]);
    expect(problemsOf({ telemetry: { tracing: { spanProcessor: {} } } })).toEqual([expect.stringMatching(/^telemetry\.tracing\.spanProcessor must be an OpenTelemetry SpanProcessor/)]);
  });

  it('tracing without a span processor, where the global tracer provider shows none, is refused with what to pass', () => {
    // No OpenTelemetry SDK is registered in this process: the global provider is OpenTelemetry's no-op one.
    expect(() => tracingWorkerOptions({})).toThrow(InvalidTasksModuleOptionsError);
    expect(() => tracingWorkerOptions({})).toThrow(/workflow spans need a span processor[\s\S]*telemetry: \{ tracing: \{ spanProcessor \} \}/);
  });
});
