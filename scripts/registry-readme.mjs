#!/usr/bin/env node
// The README on the npm registry: npm renders relative links against the repository, so before packing
// (`prepack`) the README's links to files the package ships (docs/*.md, CHANGELOG.md) become links to that file of this exact
// version on unpkg, and links to files only the repository has (examples, docker-compose.yml) become plain text.
// `postpack` puts the repository's README back.
//   node scripts/registry-readme.mjs write | restore
import { copyFileSync, existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const readme = join(root, 'README.md');
const saved = join(root, '.README.repository.md');
const { name, version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

/** Rewrites the relative links of a markdown text for the registry. */
export function registryReadme(text) {
  return text.replace(/\[([^\]]+)\]\((?!https?:|#|mailto:)([^)\s]+)\)/g, (_, label, target) => {
    const [path, anchor] = target.split('#');
    if (/^(docs\/[^/]+\.md|CHANGELOG\.md)$/.test(path)) return `[${label}](https://unpkg.com/${name}@${version}/${path}${anchor ? `#${anchor}` : ''})`;
    return label;
  });
}

const mode = process.argv[2];
if (mode === 'write') {
  if (!existsSync(saved)) copyFileSync(readme, saved);
  writeFileSync(readme, registryReadme(readFileSync(saved, 'utf8')));
} else if (mode === 'restore') {
  if (existsSync(saved)) renameSync(saved, readme);
} else if (mode !== undefined) {
  console.error('Usage: node scripts/registry-readme.mjs write | restore');
  process.exit(1);
}
