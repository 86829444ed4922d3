import { OptionalDependencyMissingError } from '../../src';
import { loadOptional, resolveOptional } from '../../src/telemetry/load-optional';

describe('optional peer dependencies', () => {
  it('a feature whose package is not installed fails with OptionalDependencyMissingError, naming both, the loader error as cause', () => {
    const error = (() => {
      try {
        loadOptional('@example/not-installed-exporter', 'telemetry.tracing');
      } catch (err) {
        return err;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(OptionalDependencyMissingError);
    expect(error).toMatchObject({ code: 'OPTIONAL_DEPENDENCY_MISSING', packageName: '@example/not-installed-exporter', feature: 'telemetry.tracing' });
    expect((error as Error).message).toContain('npm install @example/not-installed-exporter');
    expect((error as Error).cause).toMatchObject({ code: 'MODULE_NOT_FOUND' });
  });

  it('names the package the feature needs, not the module inside it, when the module is resolved from that package', () => {
    expect(() => loadOptional('@example/inner-module', 'telemetry.tracing', '@example/not-installed-exporter')).toThrow(
      expect.objectContaining({ packageName: '@example/not-installed-exporter' }),
    );
    expect(() => resolveOptional('@example/not-installed-exporter/lib/workflow-interceptors', '@example/not-installed-exporter', 'telemetry.tracing')).toThrow(
      OptionalDependencyMissingError,
    );
  });

  it('loads an installed package', () => {
    expect(loadOptional<{ trace: unknown }>('@opentelemetry/api', 'telemetry.tracing').trace).toBeDefined();
  });
});
