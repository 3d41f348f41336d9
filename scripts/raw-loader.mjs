// Node loader hook for `import text from './file.wgsl?raw'` outside Vite (bench, CLI):
// `node --import ./scripts/raw-loader.mjs ...` (or tsx --import). The module's default export is
// the file's text, exactly as Vite's ?raw gives it.
import { register } from 'node:module';

register(
  'data:text/javascript,' +
    encodeURIComponent(`
import { readFile } from 'node:fs/promises';
export async function load(url, context, next) {
  if (!url.endsWith('?raw')) return next(url, context);
  const text = await readFile(new URL(url.slice(0, -4)), 'utf8');
  return { format: 'module', source: 'export default ' + JSON.stringify(text) + ';', shortCircuit: true };
}
`),
);
