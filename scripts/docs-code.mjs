/**
 * Type-checks every ```ts block of README.md and docs/*.md against the built package, as a user's app would see it.
 *
 * CONTRIBUTING
 * - `npm run docs:code` (a step of `npm test`, after `npm run build`) writes each block to its own file under
 *   test-output/docs-code/, where node_modules/nestjs-temporal-tasks links to this repository (so the package's
 *   `exports` map is honoured), and runs tsc in strict mode over them. An error is reported at its line in the doc.
 * - A block with an `import` statement is checked exactly as written: a user can paste it. The README's opening
 *   sample must be one of those.
 * - A block without imports is a snippet of an app: it gets the package's exports it names, a few Nest and zod
 *   names, and the example app's own names (`EntriesService`, `ImportCsvTask`, `tasks`...) declared in
 *   scripts/docs-code.prelude.d.ts. Top-level `await` works; `this.tasks` is a `TaskService`.
 * - A block that cannot compile by design (a method signature on its own, an excerpt of a class body) says so in its
 *   info string: ```ts fragment. Keep those few.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const OUT = join(ROOT, 'test-output', 'docs-code');
const DOCS = ['README.md', ...readdirSync(join(ROOT, 'docs'))
  .filter((file) => file.endsWith('.md'))
  .sort()
  .map((file) => `docs/${file}`)];

/** Names a snippet may use without importing them, by module. */
function exportedNames(file) {
  const source = readFileSync(join(ROOT, file), 'utf8');
  const names = new Set();
  for (const [, list] of source.matchAll(/export\s*(?:type\s*)?\{([^}]*)\}/g)) {
    for (const item of list.split(',')) {
      const name = item.trim().replace(/^type\s+/, '').split(/\s+as\s+/).at(-1)?.trim();
      if (name) names.add(name);
    }
  }
  for (const [, name] of source.matchAll(/export\s+(?:declare\s+)?(?:const|class|function|interface|type|enum)\s+(\w+)/g)) names.add(name);
  return names;
}

const IMPLICIT = [
  ['nestjs-temporal-tasks', exportedNames('src/index.ts')],
  ['nestjs-temporal-tasks/testing', exportedNames('src/testing/index.ts')],
  ['@nestjs/common', new Set(['Module', 'Injectable', 'Controller', 'Post', 'Get', 'Body', 'Param', 'NotFoundException', 'Logger'])],
  ['zod', new Set(['z'])],
  ['@nestjs/core', new Set(['NestFactory'])],
  ['node:fs', new Set(['readFileSync', 'writeFileSync'])],
];
/** Names imported under another name: `sleep` is `setTimeout` of node:timers/promises. */
const ALIASED = [['sleep', "import { setTimeout as sleep } from 'node:timers/promises';"]];

function blocks(doc) {
  const lines = readFileSync(join(ROOT, doc), 'utf8').split('\n');
  const found = [];
  for (let index = 0; index < lines.length; index++) {
    const open = /^```(ts|typescript)\b(.*)$/.exec(lines[index]);
    if (!open) continue;
    const start = index + 1;
    let end = start;
    while (end < lines.length && !lines[end].startsWith('```')) end++;
    found.push({ doc, line: start + 1, info: open[2].trim(), code: lines.slice(start, end).join('\n') });
    index = end;
  }
  return found;
}

/** A complete sample imports from the package itself: it is checked exactly as written, as a user would paste it. */
function isComplete(block) {
  return /^\s*import\s[^;]*from\s+'nestjs-temporal-tasks(\/testing)?'/m.test(block.code);
}

/** The file a block is checked as, and how many lines come before the block's first line. */
function fileOf(block) {
  if (isComplete(block)) return { text: `${block.code}\nexport {};\n`, offset: 0 };
  const uses = (name) => new RegExp(`(?<![\\w.$'"\`])${name.replace(/\$/g, '\\$')}(?![\\w$])`).test(block.code);
  const declared = (name) =>
    new RegExp(`(?:class|interface|type|const|let|function|enum)\\s+${name}\\b|import\\s*(?:type\\s*)?\\{[^}]*\\b${name}\\b`).test(block.code);
  const prelude = [];
  const taken = new Set();
  for (const [module, names] of IMPLICIT) {
    const wanted = [...names].filter((name) => !taken.has(name) && uses(name) && !declared(name));
    wanted.forEach((name) => taken.add(name));
    if (wanted.length > 0) prelude.push(`import { ${wanted.join(', ')} } from '${module}';`);
  }
  for (const [name, line] of ALIASED) if (uses(name) && !declared(name)) prelude.push(line);
  // A snippet of a method body (`this.tasks...`, `return controller...`) runs as one: `this` is a service with an
  // injected TaskService (and whatever else it names).
  if (/^(?:this\.|.*[^\w.]this\.|return\s)/m.test(block.code) && !/\bclass\s/.test(block.code)) {
    prelude.push('declare const self: { tasks: import("nestjs-temporal-tasks").TaskService } & Record<string, any>;');
    return { text: `${prelude.join('\n')}\nawait (async function (this: typeof self) {\n${block.code}\n}).call(self);\nexport {};\n`, offset: prelude.length + 1 };
  }
  return { text: `${prelude.map((line) => `${line}\n`).join('')}${block.code}\nexport {};\n`, offset: prelude.length };
}

function main() {
  if (!existsSync(join(ROOT, 'dist', 'esm', 'index.d.mts'))) {
    console.error('docs-code: the docs are checked against the built package: run "npm run build" first.');
    process.exitCode = 1;
    return;
  }
  rmSync(OUT, { recursive: true, force: true });
  mkdirSync(join(OUT, 'node_modules'), { recursive: true });
  symlinkSync(ROOT, join(OUT, 'node_modules', 'nestjs-temporal-tasks'), 'dir');
  copyFileSync(join(ROOT, 'scripts', 'docs-code.prelude.d.ts'), join(OUT, 'prelude.d.ts'));
  writeFileSync(join(OUT, 'package.json'), JSON.stringify({ type: 'module', private: true }));
  writeFileSync(
    join(OUT, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        target: 'ES2022',
        module: 'nodenext',
        moduleResolution: 'nodenext',
        lib: ['ES2022'],
        strict: true,
        noUncheckedIndexedAccess: true,
        experimentalDecorators: true,
        emitDecoratorMetadata: true,
        skipLibCheck: true,
        noEmit: true,
        // Snippets declare what they need and may leave it unused.
        noUnusedLocals: false,
        types: ['node'],
        typeRoots: [join(ROOT, 'node_modules', '@types')],
      },
      include: ['*.ts'],
    }),
  );
  const files = new Map();
  let fragments = 0;
  const opening = blocks('README.md')[0];
  if (!opening || !isComplete(opening)) {
    console.error("docs-code: README.md's opening ts sample must import what it uses from 'nestjs-temporal-tasks', so it compiles as pasted.");
    process.exitCode = 1;
  }
  // The opening sample is checked on its own, without the prelude's names: as a user pastes it into an empty app.
  mkdirSync(join(OUT, 'opening'));
  writeFileSync(join(OUT, 'opening', 'tsconfig.json'), JSON.stringify({ extends: '../tsconfig.json', include: ['*.ts'] }));
  for (const doc of DOCS) {
    for (const block of blocks(doc)) {
      if (/\bfragment\b/.test(block.info)) {
        fragments++;
        continue;
      }
      const name = `${block === opening || (doc === 'README.md' && block.line === opening?.line) ? 'opening/' : ''}${doc.replace(/[/.]/g, '_')}_${block.line}.ts`;
      const { text, offset } = fileOf(block);
      writeFileSync(join(OUT, name), text);
      files.set(name, { ...block, offset });
    }
  }
  let output = '';
  for (const project of [join(OUT, 'tsconfig.json'), join(OUT, 'opening', 'tsconfig.json')]) {
    try {
      execFileSync(process.execPath, [join(ROOT, 'node_modules', 'tsc7', 'bin', 'tsc'), '-p', project, '--pretty', 'false'], { encoding: 'utf8', cwd: dirname(project) });
    } catch (err) {
      output += `${err.stdout ?? ''}${err.stderr ?? ''}`;
    }
  }
  // Errors at the doc's own lines: `README_md_10.ts(3,5): error TS...` -> `README.md:12:5 error TS...`.
  const errors = output
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const at = /^(\S+?\.ts)\((\d+),(\d+)\): (.*)$/.exec(line.trim());
      const block = at && (files.get(at[1]) ?? files.get(`opening/${at[1]}`));
      if (!block) return line;
      return `${block.doc}:${block.line + Number(at[2]) - 1 - block.offset}:${at[3]} ${at[4]}`;
    });
  if (errors.length > 0) {
    console.error(`docs-code: ${errors.filter((line) => / error TS/.test(line)).length} type errors in the docs' ts blocks (checked as files in ${OUT}):\n${errors.join('\n')}`);
    console.error('Fix the block, or, for a block that is not meant to compile on its own, open it with ```ts fragment.');
    process.exitCode = 1;
  } else {
    console.log(`docs-code: ${files.size} ts blocks type-check (${fragments} fragments skipped).`);
  }
}

main();
