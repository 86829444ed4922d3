// Types of temporal-binaries.mjs, for the TypeScript tests that import it.

export function goPackages(version: string): string[];
export function temporalBinariesDir(version: string): string;
export function ensureTemporalBinaries(
  version: string,
  log?: (line: string) => void,
): { server: string; sql: string; schemaDir: string; version: string };
