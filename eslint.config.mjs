import js from '@eslint/js';
import react from 'eslint-plugin-react';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/** Globals that Node or a browser adds to the language's own (process, Buffer, window, document, …). */
const hostGlobals = Object.keys({ ...globals.node, ...globals.browser }).filter((name) => !(name in globals.es2021));

export default tseslint.config(
  { ignores: ['dist/**', 'release/**', 'node_modules/**', 'test-results/**', 'playwright-report/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx,mjs}'],
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'off',
    },
  },
  {
    files: ['src-renderer/**/*.{ts,tsx}', 'src-preload/browser-host.ts'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { react, 'react-hooks': reactHooks },
    settings: { react: { version: 'detect' } },
    rules: {
      ...react.configs.recommended.rules,
      ...react.configs['jsx-runtime'].rules,
      ...reactHooks.configs.recommended.rules,
    },
  },
  {
    // Services run outside Electron (DESIGN.md): they must never import it.
    files: ['src-main/services/**/*.ts', 'src-main/host/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: 'electron', message: 'Services are plain Node; put Electron code in src-main/electron/.' }] }],
    },
  },
  {
    // The contract is pure: main, the preload, the host and the renderer all import it.
    // It may use zod and its own files, nothing from Node, the DOM or Electron.
    files: ['src-preload/contract.ts', 'src-preload/contract/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ regex: '^(?!zod$|\\./contract/[\\w-]+$|\\./[\\w-]+$)', message: 'The contract is pure: import only zod and the contract\'s own files.' }] },
      ],
      'no-restricted-globals': ['error', ...hostGlobals.map((name) => ({ name, message: 'The contract is pure: no Node or DOM globals.' }))],
    },
  },
);
