// A build check (a Vite plugin, vite.config.ts): the JavaScript the page needs before its first
// paint — index.html's entry chunk and every chunk it imports statically, not the lazily loaded
// panels or the workers — must stay within a budget, gzipped. `vite build` fails beyond it and
// prints the figure on every build.
import { gzipSync } from 'node:zlib';
import type { Plugin } from 'vite';

interface ChunkLike {
  type: 'chunk';
  isEntry: boolean;
  code: string;
  imports: string[];
  facadeModuleId?: string | null;
}

/** The gzipped size in bytes of `entry` and every chunk it imports statically, transitively. */
export function initialBytes(bundle: Record<string, ChunkLike | { type: 'asset' }>, entry: string): number {
  const seen = new Set<string>();
  const visit = (name: string) => {
    const chunk = bundle[name];
    if (seen.has(name) || chunk?.type !== 'chunk') return;
    seen.add(name);
    chunk.imports.forEach(visit);
  };
  visit(entry);
  return [...seen].reduce((sum, name) => sum + gzipSync((bundle[name] as ChunkLike).code).length, 0);
}

export function initialJsBudget(budgetKb: number): Plugin {
  return {
    name: 'initial-js-budget',
    apply: 'build',
    generateBundle(_options, bundle) {
      const entries = Object.entries(bundle).filter(([, c]) => c.type === 'chunk' && c.isEntry && c.facadeModuleId?.endsWith('index.html'));
      if (entries.length === 0) this.error('initial-js-budget: no chunk is index.html\'s entry');
      for (const [name] of entries) {
        const kb = initialBytes(bundle as Record<string, ChunkLike>, name) / 1000;
        const line = `initial JavaScript: ${kb.toFixed(1)} kB gzipped (budget ${budgetKb} kB)`;
        if (kb > budgetKb) this.error(`${line}: over budget — load what the first paint does not need lazily (import())`);
        this.info(line);
      }
    },
  };
}
