// ESLint flat config: the recommended rules, with each folder's runtime declared as its globals
// (browser page, Web Worker, Node), so an undeclared name is caught where it would actually fail.
import js from '@eslint/js';
import globals from 'globals';

export default [
  {
    ignores: [
      'build/',
      'build-*/',
      'dist/',
      'node_modules/',
      'docs/',
      'tests/bench/results/',
      'test-results/',
      '.tmp/',
    ],
  },
  js.configs.recommended,
  {
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // `catch {}` and `_`-prefixed names mark a value deliberately ignored.
      'no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
    },
  },
  {
    files: ['web/**/*.js', 'wasm/js/**/*.js', 'wasm/extern-pre.js'],
    languageOptions: { globals: globals.browser },
  },
  {
    files: ['web/src/live/worker.js'],
    languageOptions: { globals: globals.worker },
  },
  {
    // Node: the Vite config and its content plugin, the engine's Node entry point, every test and benchmark.
    files: ['vite.config.js', 'eslint.config.js', 'web/plugins/**/*.js', 'wasm/js/node.js', 'tests/**/*.{js,mjs}'],
    languageOptions: { globals: globals.node },
  },
  {
    // Browser tests and the page-weight benchmark pass functions to page.evaluate(), which run in the page.
    files: ['tests/browser/**/*.{js,mjs}', 'tests/bench/page-weight.mjs'],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
  },
];
