/// <reference types="vitest/config" />
// Vite serves and builds the page; Vitest runs three projects over the same module graph:
//   unit (pure TS), gpu (WGSL on Dawn/SwiftShader in Node), e2e (the built page in Chromium).
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

export default defineConfig({
  plugins: [react()],
  server: { host: 'localhost', port: 5173 },
  preview: { host: 'localhost', port: 4173 },
  build: { target: 'es2022', sourcemap: true },
  worker: { format: 'es' },
  test: {
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['tests/unit/**/*.test.ts'], environment: 'node' },
      },
      {
        extends: true,
        test: {
          name: 'gpu',
          include: ['tests/gpu/**/*.test.ts'],
          environment: 'node',
          // Dawn owns one Vulkan instance per process; keep GPU files in one worker, one at a time.
          pool: 'forks',
          fileParallelism: false,
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
          fileParallelism: false,
          // after unit and gpu have finished: the page's main-thread checks (no task over 50 ms,
          // frame times) must not compete with SwiftShader in the gpu project for the two cores
          sequence: { groupOrder: 1 },
          testTimeout: 180_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
