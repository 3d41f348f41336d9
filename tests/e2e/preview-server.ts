// Vitest globalSetup for e2e: serves the production build (dist/, or $RNN_DIST) with `vite preview` on a free
// localhost port and hands its URL to the tests. The e2e tests always test the current code: it
// builds first when dist/ is missing or older than any file the build reads (src/, shaders/,
// public/, index.html, the configs, the lock file).
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { build, preview } from 'vite';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
  }
}

/** The build's folder (vite.config.ts reads the same variable). */
export const DIST = process.env.RNN_DIST ?? 'dist';

const BUILD_INPUTS = ['src', 'shaders', 'public', 'index.html', 'vite.config.ts', 'tsconfig.json', 'package-lock.json'];

/** The newest modification time under `path` (a file or a folder), 0 when it does not exist. */
function newest(path: string): number {
  if (!existsSync(path)) return 0;
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  return readdirSync(path).reduce((m, name) => Math.max(m, newest(join(path, name))), st.mtimeMs);
}

/** Why dist/ must be built again, or null when it is newer than everything it was built from. */
export function staleBuild(): string | null {
  const built = newest(join(DIST, 'index.html'));
  if (built === 0) return `${DIST}/ has no build`;
  const changed = BUILD_INPUTS.find((p) => newest(p) > built);
  return changed ? `${changed} changed after the last build` : null;
}

export default async function setup(project: TestProject) {
  const stale = staleBuild();
  if (stale) {
    console.log(`e2e: building the page (${stale})`);
    // Vitest sets NODE_ENV=test, and Vite builds for whatever NODE_ENV says: without this the page
    // would be built with React's development code (several times the main thread's CPU time)
    const nodeEnv = process.env.NODE_ENV;
    process.env.NODE_ENV = 'production';
    try {
      await build({ logLevel: 'warn' });
    } finally {
      process.env.NODE_ENV = nodeEnv;
    }
  }
  const server = await preview({ preview: { port: 0, strictPort: false, host: '127.0.0.1' }, logLevel: 'warn' });
  const url = server.resolvedUrls?.local[0];
  if (!url) throw new Error('vite preview did not report a local URL');
  project.provide('baseUrl', url);
  return async () => {
    await server.close();
  };
}
