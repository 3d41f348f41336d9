// Packs what `scripts/gpu-bench.sh` runs on a lent GPU machine that has no Node and no network
// (bench/NOTES.md, "A real GPU"): the CLI and the kernel timer bundled into single ES modules
// (`?raw` WGSL inlined, `webgpu` left external), Dawn's linux-x64 dawn.node, the Node binary and
// Debian's Vulkan loader. Usage: node scripts/gpu-bundle.mjs DIR [--code-only]
//   DIR/<name>/cli.mjs, DIR/<name>/kernel-times.mjs   the bundles (name: the folder's last part)
//   DIR/../node.xz, DIR/../node_modules/webgpu, DIR/../debs   shared by every bundle (unless --code-only)
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const [dirArg, flag] = process.argv.slice(2);
if (!dirArg) throw new Error('usage: node scripts/gpu-bundle.mjs DIR [--code-only]');
const out = resolve(dirArg);
const shared = dirname(out);

/** `import text from './x.wgsl?raw'` as Vite gives it: the file's text. */
const raw = {
  name: 'raw',
  setup(b) {
    b.onResolve({ filter: /\?raw$/ }, (a) => ({ path: resolve(a.resolveDir, a.path.slice(0, -4)), namespace: 'raw' }));
    b.onLoad({ filter: /.*/, namespace: 'raw' }, (a) => ({ contents: readFileSync(a.path, 'utf8'), loader: 'text' }));
  },
};

const entries = {
  'cli.mjs': "import { main } from './src/cli/main.ts';\nprocess.exit(await main(process.argv.slice(2)));\n",
  'kernel-times.mjs': "import './tests/bench/kernel-times.ts';\n",
};
mkdirSync(out, { recursive: true });
for (const [file, contents] of Object.entries(entries)) {
  await build({
    stdin: { contents, resolveDir: root, loader: 'ts', sourcefile: file },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    external: ['webgpu'],
    plugins: [raw],
    outfile: join(out, file),
    logLevel: 'warning',
  });
}

if (flag !== '--code-only') {
  const xz = (from, to) => writeFileSync(to, execFileSync('xz', ['-T2', '-6', '-c', from], { maxBuffer: 1 << 30 }));
  const webgpu = join(root, 'node_modules/webgpu');
  const pkg = join(shared, 'node_modules/webgpu');
  mkdirSync(join(pkg, 'dist/linux-x64'), { recursive: true });
  for (const f of ['package.json', 'index.js']) copyFileSync(join(webgpu, f), join(pkg, f));
  xz(join(webgpu, 'dist/linux-x64/dawn.node'), join(pkg, 'dist/linux-x64/dawn.node.xz'));
  xz(process.execPath, join(shared, 'node.xz'));
  mkdirSync(join(shared, 'debs'), { recursive: true });
  execFileSync('apt-get', ['download', 'libvulkan1', 'libglvnd0'], { cwd: join(shared, 'debs'), stdio: 'ignore' });
}
console.log(`bundled ${Object.keys(entries).join(', ')} into ${out}`);
