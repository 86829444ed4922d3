import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');
const SCRIPT = join(ROOT, 'scripts', 'docs-tables.mjs');

/** Runs scripts/docs-tables.mjs; its exit status and what it printed. */
function run(...args: string[]): { status: number; output: string } {
  try {
    const output = execFileSync(process.execPath, [SCRIPT, ...args], { encoding: 'utf8', stdio: 'pipe' });
    return { status: 0, output };
  } catch (err) {
    const { status, stdout, stderr } = err as { status: number; stdout: string; stderr: string };
    return { status, output: `${stdout}${stderr}` };
  }
}

describe('scripts/docs-tables.mjs (npm run docs / docs:check)', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'docs-tables-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('finds the committed option and method tables of docs/reference.md current', () => {
    expect(run('--check')).toEqual({ status: 0, output: '' });
  });

  it('fails the check, naming the table, when a generated table differs from the TSDoc; writing restores it', () => {
    const reference = readFileSync(join(ROOT, 'docs', 'reference.md'), 'utf8');
    const copy = join(dir, 'reference.md');
    const drifted = reference.replace("| `'tasks'` ", "| `'queue'` ");
    expect(drifted).not.toBe(reference);
    writeFileSync(copy, drifted);
    const check = run('--check', `--doc=${copy}`);
    expect(check.status).toBe(1);
    expect(check.output).toContain('generated:tasks-module-options');
    expect(check.output).toContain('npm run docs');
    expect(run(`--doc=${copy}`).status).toBe(0);
    expect(readFileSync(copy, 'utf8')).toBe(reference);
  });
});
