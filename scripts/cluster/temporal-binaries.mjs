#!/usr/bin/env node
// The Temporal server and temporal-sql-tool of the compose file's version, built from Temporal's Go modules (the
// same code as the temporalio/server and temporalio/admin-tools images), with the schema files of that version.
// Cached in $XDG_CACHE_HOME/temporal-cluster/bin-v<version> (~/.cache by default): the first build takes 5-7 minutes
// on 2 cores, every later run reuses it.
//
//   node scripts/cluster/temporal-binaries.mjs      builds what is missing, prints where it is
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { loadCompose, temporalServerVersion } from './compose-stack.mjs';

/** The Go toolchain: `go` on the PATH, else where the official installer puts it. */
function goCommand() {
  const onPath = (process.env.PATH ?? '').split(delimiter).some((dir) => dir && existsSync(join(dir, 'go')));
  return onPath || !existsSync('/usr/local/go/bin/go') ? 'go' : '/usr/local/go/bin/go';
}

/** The Go packages of the two binaries, at a version: `server` is temporal-server, `sql` is temporal-sql-tool. */
export function goPackages(version) {
  return [`go.temporal.io/server/cmd/server@v${version}`, `go.temporal.io/server/cmd/tools/sql@v${version}`];
}

/** Where the binaries and schema files of a version are kept. */
export function temporalBinariesDir(version) {
  return join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'temporal-cluster', `bin-v${version}`);
}

/**
 * The binaries and schema folder of a version, built first when missing.
 * @returns {{ server: string, sql: string, schemaDir: string, version: string }}
 */
export function ensureTemporalBinaries(version, log = (line) => console.log(line)) {
  const dir = temporalBinariesDir(version);
  const found = { server: join(dir, 'server'), sql: join(dir, 'sql'), schemaDir: join(dir, 'schema'), version };
  if (!existsSync(found.server) || !existsSync(found.sql)) {
    assertGo();
    log(`Building Temporal server ${version} and temporal-sql-tool from Go modules into ${dir} (5-7 minutes on 2 cores, once)...`);
    // Build beside the cache and move into place, so that an interrupted build never leaves half a cache behind.
    const building = `${dir}.building-${process.pid}`;
    rmSync(building, { recursive: true, force: true });
    const started = Date.now();
    const go = spawnSync(goCommand(), ['install', ...goPackages(version)], { stdio: 'inherit', env: { ...process.env, GOBIN: building } });
    if (go.status !== 0) {
      rmSync(building, { recursive: true, force: true });
      throw new Error(
        `go install ${goPackages(version).join(' ')} failed (${go.error?.message ?? `exit code ${go.status}`}). It needs Go 1.25+ and the Go module proxy.`,
      );
    }
    mkdirSync(dir, { recursive: true });
    renameSync(join(building, 'server'), found.server);
    renameSync(join(building, 'sql'), found.sql);
    rmSync(building, { recursive: true, force: true });
    log(`Built in ${Math.round((Date.now() - started) / 1000)} s.`);
  }
  if (!existsSync(join(found.schemaDir, 'postgresql', 'v12'))) {
    // The schema files ship in the server's module, as in the admin-tools image (/etc/temporal/schema).
    assertGo();
    const module = `go.temporal.io/server@v${version}`;
    const { Dir } = JSON.parse(
      execFileSync(goCommand(), ['mod', 'download', '-json', module], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }),
    );
    if (!Dir || !existsSync(join(Dir, 'schema', 'postgresql', 'v12')))
      throw new Error(`${module} has no schema/postgresql/v12 folder (looked in ${Dir})`);
    rmSync(found.schemaDir, { recursive: true, force: true });
    cpSync(join(Dir, 'schema'), found.schemaDir, { recursive: true });
  }
  return found;
}

function assertGo() {
  const go = spawnSync(goCommand(), ['version'], { encoding: 'utf8' });
  if (go.status !== 0) {
    throw new Error(
      'The Temporal server for the cluster tests is built from Go modules, and no Go toolchain is on the PATH. Install Go 1.25+ (https://go.dev/dl/), or put the binaries `server` and `sql` of `go install ' +
        goPackages('<version>').join(' ') +
        '` into ' +
        temporalBinariesDir('<version>'),
    );
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  try {
    const binaries = ensureTemporalBinaries(temporalServerVersion(loadCompose()));
    console.log(
      `Temporal server ${binaries.version}: ${binaries.server}; temporal-sql-tool: ${binaries.sql}; schema: ${binaries.schemaDir}`,
    );
  } catch (err) {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  }
}
