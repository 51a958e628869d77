import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: ['dist/**', 'release/**', 'node_modules/**', 'test-results/**', 'resources/**', 'fixtures/**', 'migrations/**', '**/*.d.mts'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['src/renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'warn',
    },
  },
  {
    files: ['**/*.{ts,tsx}'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { disallowTypeAnnotations: false }],
      'no-empty-pattern': 'off',
    },
  },
  // Imports run one way (docs/architecture.md "Import rules"): renderer → shared ← main → compute → shared,
  // node-shared under main and compute; nothing imports main but main and tests. Circles between files of
  // src/shared and folders of src/main/core are caught by scripts/imports/graph.test.ts.
  {
    // src/shared is the contract and the job-kind map: pure, loadable by the renderer, imports only itself.
    files: ['src/shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/main/**', '**/renderer/**', '**/compute/**', '**/preload/**', '**/node-shared/**', '**/test/**'],
              message: 'src/shared imports only src/shared (docs/architecture.md "Import rules").',
            },
            { group: ['electron', 'node:*'], message: 'src/shared is pure: no Node or Electron (the renderer loads it).' },
          ],
        },
      ],
    },
  },
  {
    // Node helpers both sides share (atomic files, the app's folders): below main and compute.
    files: ['src/node-shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: ['electron', 'electron-store'],
          patterns: [
            {
              group: ['**/main/**', '**/renderer/**', '**/compute/**', '**/preload/**'],
              message: 'src/node-shared imports only src/shared and src/node-shared.',
            },
          ],
        },
      ],
    },
  },
  {
    // The workers: never main (it is the caller), the renderer or the preload. Tests may build a real core or database
    // (shared helpers that do so live in test/, e.g. test/task-support.ts).
    files: ['src/compute/**/*.ts'],
    ignores: ['src/compute/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: ['electron', 'electron-store'],
          patterns: [
            {
              group: ['**/main/**', '**/renderer/**', '**/preload/**'],
              message:
                'src/compute never imports src/main, src/renderer or src/preload: put what both need in src/shared (types) or src/node-shared (Node helpers).',
            },
          ],
        },
      ],
    },
  },
  {
    // The preload bridge: the contract and the wire names only.
    files: ['src/preload/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/main/**', '**/renderer/**', '**/compute/**', '**/node-shared/**'],
              message: 'src/preload imports only src/shared (the wire names are in src/shared/wire.ts).',
            },
          ],
        },
      ],
    },
  },
  {
    // The renderer talks to main through the contract only.
    files: ['src/renderer/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/main/**', '**/compute/**', '**/preload/**', '**/node-shared/**'],
              message: 'src/renderer reaches main only through the contract (src/shared).',
            },
          ],
        },
      ],
    },
  },
  {
    // The core is a Node library: no Electron in it.
    files: ['src/main/core/**/*.ts', 'src/main/transports/**/*.ts', 'src/main/cli/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: ['electron', 'electron-store'] }] },
  },
  {
    files: ['**/*.{js,mjs}'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
  },
);
