import tseslint from 'typescript-eslint';
import importX from 'eslint-plugin-import-x';
import { builtinModules } from 'node:module';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];

export default tseslint.config(
  { ignores: ['**/dist/**', 'build/**', 'test/consumer/apps/**', 'node_modules/**', 'test-output/**', 'coverage/**', '**/*.js', '**/*.mjs', 'scripts/docs-code.prelude.d.ts'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    plugins: { 'import-x': importX },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unsafe-function-type': 'off',
      '@typescript-eslint/no-require-imports': 'off',
      'import-x/no-cycle': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { varsIgnorePattern: '^_', argsIgnorePattern: '^_', ignoreRestSiblings: true }],
    },
  },
  {
    // Workflow code runs in Temporal's deterministic sandbox: no Nest, no Node, no non-workflow Temporal packages.
    files: ['workflows/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: nodeBuiltins.map((name) => ({ name, message: 'Workflow code runs in a sandbox without Node built-ins.' })),
          patterns: [
            { group: ['@nestjs/*'], message: 'Workflow code must not import Nest.' },
            { group: ['@temporalio/worker', '@temporalio/client', '@temporalio/activity'], message: 'Workflow code may import only @temporalio/workflow and @temporalio/common.' },
            { group: ['../src/*', '../src', '../activities/*'], message: 'Workflow code must not import the Nest side or activities.' },
          ],
        },
      ],
    },
  },
  {
    files: ['test/**/*.ts', 'bench/**/*.ts', 'examples/**/*.ts'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
);
