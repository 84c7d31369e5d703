import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import { layerRule } from './scripts/lint/layer-rules.js';

const layers = { plugins: { layers: { rules: { imports: layerRule } } } };

// Globals that have no place in pure shared code (the shared tsconfig also has no DOM or Node types).
const IMPURE_GLOBALS = [
  'window',
  'document',
  'navigator',
  'localStorage',
  'sessionStorage',
  'fetch',
  'XMLHttpRequest',
  'process',
  'Buffer',
  'require',
  '__dirname',
  '__filename',
  'global',
  'setImmediate',
];

export default tseslint.config(
  { ignores: ['dist/', 'release/', 'node_modules/', 'test-results/', 'playwright-report/', '.lab-dc/', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    ...layers,
    files: ['**/*.{ts,tsx,js,mjs,cjs}'],
    languageOptions: { globals: { ...globals.node } },
    rules: {
      'layers/imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': [
        'error',
        { selector: "NewExpression[callee.name='Function']", message: 'no code from strings' },
        { selector: "CallExpression[callee.name='eval']", message: 'no eval' },
      ],
    },
  },
  {
    // Type-aware: a promise nobody awaits or catches loses its error (an unhandled rejection, or a
    // write reported done before it is). projectService finds each file's tsconfig.
    files: ['**/*.{ts,tsx}'],
    // The workbench benchmark's page is built by its own script, outside every tsconfig.
    ignores: ['scripts/bench-workbench/**'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: { '@typescript-eslint/no-floating-promises': 'error' },
  },
  {
    files: ['shared/**/*.ts'],
    languageOptions: { globals: {} },
    rules: { 'no-restricted-globals': ['error', ...IMPURE_GLOBALS] },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-globals': ['error', 'process', 'Buffer', 'require', '__dirname', '__filename'],
    },
  },
);
