import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * Type tests: the files in test/types mark each line that must not compile with an `// error: <message part>`
 * comment above it. Each is compiled with TypeScript 6 (what `nest new` installs today) and TypeScript 7; the test
 * checks that exactly the marked lines fail, each with the expected message. So a mistake the types are meant to
 * catch (a forgotten `return`, a wrong input to `trigger`) cannot silently start compiling.
 */
const ROOT = join(__dirname, '..', '..');
const TYPES_DIR = join(ROOT, 'test', 'types');
const COMPILERS = { 'TypeScript 6': 'typescript', 'TypeScript 7': 'tsc7' };

interface Diagnostic {
  file: string;
  line: number;
  text: string;
}

function compile(pkg: string): Diagnostic[] {
  const tsc = join(dirname(require.resolve(`${pkg}/package.json`)), 'bin', 'tsc');
  const run = spawnSync(process.execPath, [tsc, '-p', join(TYPES_DIR, 'tsconfig.json'), '--pretty', 'false'], { cwd: ROOT, encoding: 'utf8' });
  const diagnostics: Diagnostic[] = [];
  for (const line of run.stdout.split('\n')) {
    const start = /^(.+?)\((\d+),\d+\): error (TS\d+: .*)$/.exec(line);
    if (start) diagnostics.push({ file: start[1]!.replace(/\\/g, '/'), line: Number(start[2]), text: start[3]! });
    else if (line.startsWith(' ') && diagnostics.length > 0) diagnostics[diagnostics.length - 1]!.text += `\n${line.trim()}`;
  }
  if (run.status !== 0 && diagnostics.length === 0) throw new Error(`${pkg} failed without diagnostics: ${run.stderr}${run.stdout}`);
  return diagnostics;
}

function expectations(): Diagnostic[] {
  return readdirSync(TYPES_DIR)
    .filter((name) => name.endsWith('.ts'))
    .flatMap((name) =>
      readFileSync(join(TYPES_DIR, name), 'utf8')
        .split('\n')
        .flatMap((line, index) => {
          const marker = /^\s*\/\/ error: (.*)$/.exec(line);
          return marker ? [{ file: `test/types/${name}`, line: index + 2, text: marker[1]! }] : [];
        }),
    );
}

describe.each(Object.entries(COMPILERS))('handler and trigger types, with %s', (_, pkg) => {
  const diagnostics = compile(pkg);

  it.each(expectations())('$file:$line fails with "$text"', ({ file, line, text }) => {
    const found = diagnostics.filter((diagnostic) => diagnostic.file === file && diagnostic.line === line);
    expect(found.map((diagnostic) => diagnostic.text).join('\n')).toContain(text);
  });

  it('nothing else fails to compile', () => {
    const expected = new Set(expectations().map(({ file, line }) => `${file}:${line}`));
    expect(diagnostics.filter(({ file, line }) => !expected.has(`${file}:${line}`))).toEqual([]);
  });
});
