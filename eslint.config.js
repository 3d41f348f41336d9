// Lint rules for the whole repo, and the layers of src: which folder may import which (LAYERS).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

const APP = ['backend', 'engine', 'io', 'store', 'ui', 'cli', 'bench', 'shaders'];
/** What each folder of src may not import, and why. */
const LAYERS = {
  model: { forbidden: [...APP, 'react*', 'zustand', 'webgpu', 'node:*'], why: 'src/model is pure: it imports nothing of the app, DOM or GPU.' },
  backend: { forbidden: ['engine', 'io', 'store', 'ui', 'cli', 'bench', 'react*', 'zustand'], why: 'src/backend imports only src/model and shaders/.' },
  bench: { forbidden: ['engine', 'io', 'store', 'ui', 'cli', 'shaders', 'react*', 'zustand'], why: 'src/bench measures src/backend on src/model.' },
  io: { forbidden: ['engine', 'store', 'ui', 'cli', 'bench', 'shaders', 'react*', 'zustand'], why: 'src/io reads and writes files and storage: it imports src/model (and src/backend), never the engine, store or page.' },
  engine: { forbidden: ['store', 'ui', 'cli', 'bench', 'shaders', 'react*', 'zustand'], why: 'src/engine (the worker) imports src/io, src/backend and src/model, never the page.' },
  store: { forbidden: ['backend', 'ui', 'cli', 'bench', 'shaders', 'react*'], why: 'src/store talks to the worker through src/engine and stores through src/io; it holds no GPU handles and imports nothing of the UI.' },
  ui: { forbidden: ['backend', 'engine', 'io', 'cli', 'bench', 'shaders'], why: 'src/ui reads and changes state through src/store (and pure helpers of src/model), never the worker, storage or GPU directly.' },
  cli: { forbidden: ['store', 'ui', 'shaders', 'react*', 'zustand'], why: 'src/cli runs src/engine, src/io, src/backend and src/model in Node, without the page.' },
};

export default tseslint.config(
  { ignores: ['dist', 'dist-*', 'node_modules', 'tests/artifacts', 'bench/results', '.gpu'] },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    languageOptions: { ecmaVersion: 2022, globals: { ...globals.browser, ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      '@typescript-eslint/no-non-null-assertion': 'off',
      // texts (the Chinese preset) use the ideographic space on purpose
      'no-irregular-whitespace': ['error', { skipStrings: true, skipTemplates: true }],
    },
  },
  {
    files: ['src/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: reactHooks.configs.recommended.rules,
  },
  // Layers: ui -> store -> (engine, io) -> backend -> model; cli -> (engine, io, backend, model);
  // webgpu -> shaders. Each folder lists what it may not import (one table, read below).
  ...Object.entries(LAYERS).map(([folder, { forbidden, why }]) => ({
    files: [`src/${folder}/**/*.{ts,tsx}`],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: forbidden.map((f) => (f.includes('*') ? f : `**/${f}/**`)), message: why }] }],
      ...(folder === 'model' ? { 'no-restricted-globals': ['error', 'window', 'document', 'navigator'] } : {}),
    },
  })),
);
