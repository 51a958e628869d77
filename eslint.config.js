import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'release/**', 'node_modules/**', 'test-results/**', 'resources/**', 'fixtures/**', 'migrations/**', '**/*.d.mts'] },
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
  {
    // src/shared is the contract: it must not reach into main, renderer or compute.
    files: ['src/shared/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: ['**/main/**', '**/renderer/**', '**/compute/**', 'electron', 'node:*'] }],
    },
  },
  {
    // The core is a Node library: no Electron in it.
    files: ['src/main/core/**/*.ts', 'src/main/transports/**/*.ts', 'src/main/cli/**/*.ts', 'src/compute/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: ['electron', 'electron-store'] }] },
  },
  {
    files: ['**/*.{js,mjs}'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
  },
);
