import { writeFileSync } from 'node:fs';
import { format, resolveConfig } from 'prettier';

/** Writes a generated file formatted by the repository's Prettier settings, so `prettier --check` passes on it. */
export async function writeFormatted(path: string, text: string): Promise<void> {
  const options = (await resolveConfig(path)) ?? {};
  writeFileSync(path, await format(text, { ...options, filepath: path }));
}
