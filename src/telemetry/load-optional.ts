import { dirname } from 'node:path';
import { OptionalDependencyMissingError } from '../errors/optional-dependency-missing.error';

/**
 * Loads an optional peer dependency when the feature that needs it is switched on, so that applications without the
 * feature never need the package. `from` resolves it as another package would (a dependency of a dependency is not
 * ours to require directly under strict package managers such as pnpm).
 */
export function loadOptional<T>(name: string, feature: string, from?: string): T {
  try {
    return require(from ? require.resolve(name, { paths: [dirname(require.resolve(from))] }) : name) as T;
  } catch (err) {
    throw new OptionalDependencyMissingError(from ? from : name, feature, err);
  }
}

/** The resolved path of a module of an optional package, for the workflow bundler. */
export function resolveOptional(request: string, packageName: string, feature: string): string {
  try {
    return require.resolve(request);
  } catch (err) {
    throw new OptionalDependencyMissingError(packageName, feature, err);
  }
}
