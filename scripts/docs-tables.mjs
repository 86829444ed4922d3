/**
 * The option and method tables of docs/reference.md, generated from the TSDoc of the sources, so the reference cannot
 * drift from the code.
 *
 * CONTRIBUTING
 * - `npm run docs` rewrites every table between `<!-- generated:<name> -->` and `<!-- /generated -->` in the docs.
 * - `npm run docs:check` (a step of `npm test`) exits non-zero when a committed table differs from what the sources
 *   say, or when an optional option has no `@default`; it names the tables and the fix.
 * - Document an option where it is declared: its TSDoc is the "what it does" column and its `@default` tag the
 *   "default" column (every optional option needs one; a required one shows "required"). A public method's TSDoc is
 *   its row in the method tables; `@internal` members, `private` and `protected` ones are left out.
 * - A new table: add an entry to TABLES below and the two markers (with nothing between them) where it goes in the
 *   docs, then run `npm run docs`. After merging branches that touched options, run `npm run docs` and commit.
 *
 * Reads the sources with the TypeScript compiler's parser (the `typescript` dev dependency) alone: no program, no
 * type checking, so it runs in about a second and does not need a build.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

/** The docs the generated tables live in (`--doc=<path>` names another, e.g. a copy in a test). */
const DOCS = process.argv.filter((arg) => arg.startsWith('--doc=')).map((arg) => arg.slice('--doc='.length));
/** With the docs named on the command line, tables they do not mark are not missing: they live elsewhere. */
const ALL_DOCS = DOCS.length === 0;
if (ALL_DOCS) DOCS.push('docs/reference.md', 'docs/events-and-schedules.md');

/**
 * Each generated table: `options` tables list the members of interfaces (option, type, default, what it does);
 * `members` tables list a class's public properties and methods (member, type or signature, what it is).
 */
const TABLES = {
  'tasks-module-options': {
    kind: 'options',
    from: [
      ['src/options/tasks-module.options.ts', 'TasksModuleOptions'],
      ['src/tasks.module-definition.ts', 'TasksModuleExtras'],
    ],
  },
  'connection-options': { kind: 'options', from: [['src/options/tasks-module.options.ts', 'TasksConnectionOptions']] },
  'task-limits': { kind: 'options', from: [['src/options/tasks-module.options.ts', 'TaskLimits']] },
  'watch-polling': { kind: 'options', from: [['src/options/tasks-module.options.ts', 'TaskWatchPolling']] },
  'watch-options': { kind: 'options', from: [['src/service/task-watch.options.ts', 'TaskWatchOptions']] },
  'wait-for-options': { kind: 'options', from: [['src/task.interfaces.ts', 'TaskWaitForOptions']] },
  'send-options': { kind: 'options', from: [['src/service/task-send.options.ts', 'TaskSendOptions']] },
  'runner-options': { kind: 'options', from: [['src/options/tasks-module.options.ts', 'TaskRunnerOptions']] },
  'queue-limits': { kind: 'options', from: [['src/options/tasks-module.options.ts', 'TaskQueueLimits']] },
  'definition-options': { kind: 'options', from: [['src/task.interfaces.ts', 'TaskDefinitionOptions']] },
  'retry-policy': { kind: 'options', header: 'field', from: [['src/task.interfaces.ts', 'TaskRetryPolicy']] },
  'trigger-options': { kind: 'options', from: [['src/service/task-trigger.options.ts', 'TaskTriggerOptions']] },
  'list-options': { kind: 'options', from: [['src/service/task-info.ts', 'TaskFilter'], ['src/service/task-info.ts', 'TaskListOptions']] },
  'trigger-many-options': { kind: 'options', header: 'option (`TaskTriggerManyOptions`)', from: [['src/service/task-trigger-many.options.ts', 'TaskTriggerManyOptions']] },
  'aes-gcm-codec-options': { kind: 'options', header: 'option (`AesGcmPayloadCodecOptions`)', from: [['src/codec/aes-gcm-payload.codec.ts', 'AesGcmPayloadCodecOptions']] },
  'codec-server-options': { kind: 'options', header: 'option (`TasksCodecServerOptions`)', from: [['src/codec/codec-server.options.ts', 'TasksCodecServerOptions']] },
  'dev-server-options': { kind: 'options', header: 'option (`TemporalDevServerOptions`)', from: [['src/testing/temporal-dev-server.ts', 'TemporalDevServerOptions']] },
  'run-task-options': { kind: 'options', header: 'option (`RunTaskOptions`)', from: [['src/testing/run-task.options.ts', 'RunTaskOptions']] },
  'testing-module-options': { kind: 'options', header: 'option (`TasksTestingModuleOptions`)', from: [['src/testing/tasks-testing-module.options.ts', 'TasksTestingModuleOptions']] },
  'test-clock-members': { kind: 'members', from: [['src/testing/task-test-clock.ts', 'TaskTestClock']] },
  'event-trigger-options': { kind: 'options', from: [['src/task.interfaces.ts', 'TaskEventTrigger']] },
  'schedule-options': { kind: 'options', from: [['src/task.interfaces.ts', 'TaskScheduleOptions']] },
  'task-service-methods': { kind: 'members', from: [['src/service/task.service.ts', 'TaskService']] },
  'task-handle-members': { kind: 'members', from: [['src/task-handle.ts', 'TaskHandle']] },
};

/** Nest's lifecycle hooks: public, but called by Nest, not by users. */
const LIFECYCLE_HOOKS = new Set(['onModuleInit', 'onApplicationBootstrap', 'onModuleDestroy', 'beforeApplicationShutdown', 'onApplicationShutdown']);

const MARKERS = /(<!-- generated:([a-z0-9-]+) -->\n)([\s\S]*?)(<!-- \/generated -->)/g;

const sourceFiles = new Map();
function parse(file) {
  let sf = sourceFiles.get(file);
  if (!sf) {
    sf = ts.createSourceFile(file, readFileSync(join(ROOT, file), 'utf8'), ts.ScriptTarget.Latest, true);
    sourceFiles.set(file, sf);
  }
  return sf;
}

function findDeclaration(file, name) {
  const sf = parse(file);
  const found = sf.statements.find((node) => (ts.isInterfaceDeclaration(node) || ts.isClassDeclaration(node)) && node.name?.text === name);
  if (!found) throw new Error(`${name} is not declared in ${file}: update TABLES in ${relative(ROOT, fileURLToPath(import.meta.url))}`);
  return { sf, node: found };
}

/** The TSDoc of a node: its text on one line, and its tags by name. */
function tsdoc(node) {
  const docs = (node.jsDoc ?? []).filter((doc) => ts.isJSDoc(doc));
  const doc = docs.at(-1);
  const tags = new Map();
  for (const tag of doc?.tags ?? []) tags.set(tag.tagName.text, oneLine(ts.getTextOfJSDocComment(tag.comment) ?? ''));
  return { text: oneLine(ts.getTextOfJSDocComment(doc?.comment) ?? ''), tags };
}

function oneLine(text) {
  return text
    .replace(/\{@link(?:code|plain)?\s+([^}|\s]+)(?:[|\s][^}]*)?\}/g, '`$1`')
    .replace(/\s+/g, ' ')
    .trim();
}

function isHidden(node, doc) {
  const modifiers = ts.canHaveModifiers(node) ? (ts.getModifiers(node) ?? []) : [];
  const hiddenModifier = modifiers.some((m) => m.kind === ts.SyntaxKind.PrivateKeyword || m.kind === ts.SyntaxKind.ProtectedKeyword);
  return hiddenModifier || doc.tags.has('internal') || (node.name && ts.isPrivateIdentifier(node.name));
}

/** A type or default as a table cell: code where it is code. */
function code(text) {
  return `\`${text}\``;
}

/** `'10 seconds'; '1 s' with local` -> a code span for the literal it starts with, the words after it as words. */
function defaultCell(text) {
  const literal = /^('[^']*'|"[^"]*"|`[^`]*`|-?\d[\d ]*(?:\.\d+)?(?=\s|$|[;,)])|true|false|undefined|null|\{[^}]*\}|\[[^\]]*\])/.exec(text);
  if (!literal) return text;
  const value = literal[0].trimEnd();
  return `${code(value)}${text.slice(value.length)}`;
}

function optionRows(table, problems) {
  const rows = [];
  for (const [file, name] of table.from) {
    const { sf, node } = findDeclaration(file, name);
    for (const member of node.members) {
      if (!ts.isPropertySignature(member) && !ts.isMethodSignature(member)) continue;
      const doc = tsdoc(member);
      if (isHidden(member, doc)) continue;
      const option = member.name.getText(sf);
      const type = member.type ? oneLine(member.type.getText(sf)) : 'unknown';
      let defaultValue = 'required';
      if (member.questionToken) {
        const given = doc.tags.get('default');
        if (given === undefined || given === '') problems.push(`${file}: ${name}.${option} has no @default tag: add one to its TSDoc`);
        defaultValue = defaultCell(given ?? '');
      }
      if (!doc.text) problems.push(`${file}: ${name}.${option} has no TSDoc: say what it does`);
      rows.push([code(option), code(type), defaultValue, doc.text]);
    }
  }
  return rows;
}

/** The type of a parameter property declared by its initializer alone (`readonly startedEagerly = false`). */
function literalType(initializer) {
  if (!initializer) return 'unknown';
  if (initializer.kind === ts.SyntaxKind.TrueKeyword || initializer.kind === ts.SyntaxKind.FalseKeyword) return 'boolean';
  if (ts.isNumericLiteral(initializer)) return 'number';
  if (ts.isStringLiteralLike(initializer)) return 'string';
  return 'unknown';
}

/** A parameter as callers see it: `options?: T` rather than the implementation's `options: T = {}`. */
function parameterText(sf, parameter) {
  if (!parameter.initializer || !parameter.type) return parameter.getText(sf);
  return `${parameter.dotDotDotToken ? '...' : ''}${parameter.name.getText(sf)}?: ${parameter.type.getText(sf)}`;
}

function signature(sf, node) {
  const name = node.name.getText(sf);
  const typeParameters = node.typeParameters ? `<${node.typeParameters.map((p) => p.getText(sf)).join(', ')}>` : '';
  const parameters = node.parameters.map((p) => parameterText(sf, p)).join(', ');
  return oneLine(`${name}${typeParameters}(${parameters})${node.type ? `: ${node.type.getText(sf)}` : ''}`);
}

function memberRows(table, problems) {
  const rows = [];
  for (const [file, name] of table.from) {
    const { sf, node } = findDeclaration(file, name);
    const constructor = node.members.find((member) => ts.isConstructorDeclaration(member));
    for (const parameter of constructor?.parameters ?? []) {
      const modifiers = ts.getModifiers(parameter) ?? [];
      if (!modifiers.some((m) => m.kind === ts.SyntaxKind.ReadonlyKeyword || m.kind === ts.SyntaxKind.PublicKeyword)) continue;
      const doc = tsdoc(parameter);
      if (isHidden(parameter, doc)) continue;
      const type = parameter.type ? parameter.type.getText(sf) : literalType(parameter.initializer);
      rows.push([code(parameter.name.getText(sf)), code(`${oneLine(type)}${parameter.questionToken ? ' | undefined' : ''}`), doc.text]);
    }
    const byName = new Map();
    for (const member of node.members) {
      if (!ts.isMethodDeclaration(member) && !ts.isPropertyDeclaration(member) && !ts.isGetAccessorDeclaration(member)) continue;
      if (constructor && ts.isPropertyDeclaration(member) && !member.type) continue;
      const doc = tsdoc(member);
      const memberName = member.name.getText(sf);
      if (isHidden(member, doc) || LIFECYCLE_HOOKS.has(memberName)) continue;
      const list = byName.get(memberName) ?? [];
      list.push({ member, doc });
      byName.set(memberName, list);
    }
    for (const [memberName, declarations] of byName) {
      // Overloads: the signatures callers see, not the implementation's.
      const overloads = declarations.filter(({ member }) => ts.isMethodDeclaration(member) && !member.body);
      const shown = overloads.length > 0 ? overloads : declarations;
      const text = declarations.map(({ doc }) => doc.text).find(Boolean) ?? '';
      if (!text) problems.push(`${file}: ${name}.${memberName} has no TSDoc: say what it does`);
      const cell = shown
        .map(({ member }) => {
          if (ts.isMethodDeclaration(member)) return code(signature(sf, member));
          if (ts.isGetAccessorDeclaration(member)) return code(`${memberName}: ${member.type ? oneLine(member.type.getText(sf)) : 'unknown'}`);
          return code(`${memberName}: ${member.type ? oneLine(member.type.getText(sf)) : 'unknown'}`);
        })
        .join('<br>');
      rows.push([code(memberName), cell, text]);
    }
  }
  return rows;
}

/** A table as Prettier formats Markdown: every column padded to its widest cell. */
function renderTable(header, rows) {
  const escaped = [header, ...rows].map((row) => row.map((cell) => cell.replace(/\|/g, '\\|')));
  const widths = header.map((_, column) => Math.max(3, ...escaped.map((row) => width(row[column]))));
  const line = (row) => `| ${row.map((cell, column) => cell + ' '.repeat(widths[column] - width(cell))).join(' | ')} |`;
  return [line(escaped[0]), `| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`, ...escaped.slice(1).map(line)].join('\n') + '\n';
}

/** Display width, as Prettier counts it: East Asian wide characters count twice. */
function width(text) {
  let total = 0;
  for (const char of text) total += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u.test(char) ? 2 : 1;
  return total;
}

function generate(name, problems) {
  const table = TABLES[name];
  if (!table) throw new Error(`docs mark a table "generated:${name}" that scripts/docs-tables.mjs does not know: add it to TABLES or remove the markers`);
  // Blank lines around the table, as Prettier puts them between a table and an HTML comment.
  if (table.kind === 'options') return `\n${renderTable([table.header ?? 'option', 'type', 'default', 'what it does'], optionRows(table, problems))}\n`;
  return `\n${renderTable(['member', 'type or signature', 'what it is'], memberRows(table, problems))}\n`;
}

function main() {
  const check = process.argv.includes('--check');
  const problems = [];
  const stale = [];
  const placed = new Set();
  for (const doc of DOCS) {
    const path = resolve(ROOT, doc);
    const before = readFileSync(path, 'utf8');
    const after = before.replace(MARKERS, (_, open, name, body, close) => {
      placed.add(name);
      const generated = generate(name, problems);
      if (generated !== body) stale.push(`${doc}: generated:${name}`);
      return `${open}${generated}${close}`;
    });
    if (!check && after !== before) writeFileSync(path, after);
  }
  for (const name of Object.keys(TABLES)) {
    if (placed.has(name)) continue;
    generate(name, problems); // its TSDoc is checked all the same
    if (ALL_DOCS)
      problems.push(`no "<!-- generated:${name} -->" ... "<!-- /generated -->" markers in ${DOCS.join(', ')}: add them where the table goes`);
  }
  if (problems.length > 0) {
    console.error(`docs-tables: the TSDoc or the markers are incomplete:\n- ${problems.join('\n- ')}`);
    process.exitCode = 1;
  }
  if (check && stale.length > 0) {
    console.error(`docs-tables: these tables differ from the TSDoc of the sources:\n- ${stale.join('\n- ')}\nRun "npm run docs" and commit the result.`);
    process.exitCode = 1;
  } else if (!check) {
    console.log(stale.length > 0 ? `docs-tables: rewrote ${stale.join(', ')}` : 'docs-tables: every table is current');
  }
}

main();
