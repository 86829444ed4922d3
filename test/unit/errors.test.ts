import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import * as library from '../../src';
import * as testing from '../../src/testing';

const ROOT = join(__dirname, '..', '..');
const ERRORS_DIR = join(ROOT, 'src', 'errors');

/** Every error class of src/errors with the code it declares, read from its source. */
const declared = readdirSync(ERRORS_DIR)
  .filter((file) => file.endsWith('.error.ts') && file !== 'tasks.error.ts')
  .map((file) => {
    const source = readFileSync(join(ERRORS_DIR, file), 'utf8');
    const name = /export class (\w+) extends TasksError/.exec(source)?.[1];
    const code = /readonly code = '([A-Z_]+)'/.exec(source)?.[1];
    return { file, name, code };
  });

describe('errors', () => {
  it.each(declared)('$file declares a TasksError subclass with a stable code', ({ name, code }) => {
    expect(name).toMatch(/Error$/);
    expect(code).toMatch(/^[A-Z][A-Z_]+$/);
  });

  it('codes are unique', () => {
    const codes = declared.map(({ code }) => code);
    expect(new Set(codes).size).toBe(codes.length);
  });

  it.each(declared)('$name is exported, and extends TasksError', ({ name }) => {
    const exported = (library as Record<string, unknown>)[name!] ?? (testing as Record<string, unknown>)[name!];
    expect(typeof exported).toBe('function');
    expect((exported as Function).prototype).toBeInstanceOf(library.TasksError);
  });

  it.each(declared)('$name is in the Errors table of docs/reference.md, with its code', ({ name, code }) => {
    const reference = readFileSync(join(ROOT, 'docs', 'reference.md'), 'utf8');
    expect(reference).toMatch(new RegExp(`\\| \`${name}\` +\\| \`${code}\` +\\|`));
  });
});
