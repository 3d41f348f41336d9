/// <reference types="vitest/config" />
// Vite serves and builds the page; Vitest runs three projects over the same module graph:
//   unit (pure TS), gpu (WGSL on Dawn/SwiftShader in Node), e2e (the built page in Chromium).
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { VitePWA } from 'vite-plugin-pwa';
import { initialJsBudget } from './scripts/bundle-budget.ts';

const DESCRIPTION = 'Watch a vanilla RNN, an LSTM or a GRU learn your text live in the browser, on the GPU through WebGPU.';

export default defineConfig({
  // relative URLs everywhere (scripts, workers, fonts, icons, the service worker): the build works
  // from any path of any static host, e.g. https://school.example/rnn/
  base: './',
  // the build fails when the JavaScript needed before the first paint grows past 250 kB gzipped
  plugins: [
    react(),
    initialJsBudget(250),
    // offline: a Workbox service worker precaches the page, its chunks, workers, icons and KaTeX's
    // woff2 fonts (every browser with WebGPU reads woff2); a new version waits for the person's
    // yes (src/ui/offline.ts). The manifest makes the page installable.
    VitePWA({
      registerType: 'prompt',
      injectRegister: false,
      includeAssets: ['favicon.svg', 'apple-touch-icon.png'],
      workbox: { globPatterns: ['**/*.{html,js,css,svg,png,woff2,webmanifest}'] },
      manifest: {
        name: 'RNN Playground',
        short_name: 'RNN Playground',
        description: DESCRIPTION,
        start_url: './',
        scope: './',
        display: 'standalone',
        background_color: '#0b1020',
        theme_color: '#0b1020',
        icons: [
          { src: 'favicon.svg', sizes: 'any', type: 'image/svg+xml' },
          { src: 'icon-192.png', sizes: '192x192', type: 'image/png' },
          { src: 'icon-512.png', sizes: '512x512', type: 'image/png' },
          { src: 'icon-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        ],
      },
    }),
  ],
  server: { host: 'localhost', port: 5173 },
  preview: { host: 'localhost', port: 4173 },
  // RNN_DIST: another output folder, so that two checkouts' e2e runs on one machine never share a build
  build: { target: 'es2022', sourcemap: true, outDir: process.env.RNN_DIST ?? 'dist' },
  worker: { format: 'es' },
  test: {
    projects: [
      {
        extends: true,
        // some unit tests train a model for hundreds of steps: seconds on a busy 2-core machine.
        // In the gpu project's group, two files at a time (a group has one maxWorkers): the unit
        // files and the GPU files share the two cores
        test: { name: 'unit', include: ['tests/unit/**/*.test.ts'], environment: 'node', testTimeout: 60_000, maxWorkers: 2, sequence: { groupOrder: 1 } },
      },
      {
        extends: true,
        test: {
          name: 'gpu',
          include: ['tests/gpu/**/*.test.ts'],
          environment: 'node',
          // Dawn owns one Vulkan instance per process: each GPU file runs in a process of its own
          // (forks, isolated). SwiftShader compiles and runs a file on one core, so two files at a
          // time keep both cores busy once the unit files are done.
          pool: 'forks',
          maxWorkers: 2,
          // an explicit group, the unit project's: both run before e2e's
          sequence: { groupOrder: 1 },
          testTimeout: 120_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['tests/e2e/preview-server.ts'],
          // two files at a time, each with its own browser: a page waits for its GPU, its worker and
          // its polls more than it computes. The main-thread checks count each task's CPU time,
          // which a neighbour does not inflate (tests/helpers/browser.ts)
          maxWorkers: 2,
          // after unit and gpu have finished
          sequence: { groupOrder: 2 },
          testTimeout: 180_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
