#!/usr/bin/env node
// `npm run build` (and `npm pack`, through prepack): compiles the library with TypeScript 7 into dist/, then writes
// the ES module entry points. The library is CommonJS; each ESM entry (dist/esm/*.mjs) re-exports the CommonJS
// module's exports, so an ESM app and a CommonJS app share one instance of every class and DI token: no dual-package
// hazard, whichever way the package is loaded.
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
const require = createRequire(import.meta.url);

/** ESM entry name to the CommonJS module it re-exports. */
const ENTRIES = { index: 'dist/src/index.js', testing: 'dist/src/testing/index.js' };

rmSync(dist, { recursive: true, force: true });
execFileSync(process.execPath, [join(dirname(require.resolve('tsc7/package.json')), 'bin', 'tsc'), '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' });

const esm = join(dist, 'esm');
mkdirSync(esm, { recursive: true });
for (const [name, target] of Object.entries(ENTRIES)) {
  const names = Object.keys(require(join(root, target))).filter((key) => key !== '__esModule' && key !== 'default');
  const from = relative(esm, join(root, target)).replace(/\\/g, '/');
  const header = `// ESM entry of nestjs-temporal-tasks: the CommonJS module's own exports, so both formats share one instance.\n`;
  writeFileSync(join(esm, `${name}.mjs`), `${header}import cjs from '${from}';\n\nexport const {\n  ${names.join(',\n  ')},\n} = cjs;\n`);
  writeFileSync(join(esm, `${name}.d.mts`), `${header}export * from '${from}';\n`);
}
console.log(`Built dist/ (ESM entries: ${Object.keys(ENTRIES).join(', ')})`);
