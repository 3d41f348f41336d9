#!/usr/bin/env node
// `npm test`: the one command that runs every check, on a fresh Debian machine too.
// 1. installs Debian's chromium (browser + SwiftShader Vulkan driver), libvulkan1 and a Chinese
//    font (fonts-wqy-microhei) when missing, and python3-torch (PyTorch for /usr/bin/python3:
//    the exported PyTorch projects' tests, which then fail rather than skip: PYTORCH_REQUIRED=1),
// 2. installs node_modules from the lock file when missing or stale,
// 3. typecheck, lint, production build, then every Vitest project (unit, gpu, e2e),
// 4. ends with one summary line "N passed, N failed" and a non-zero exit on any failure, and on any
//    skipped test that gave no reason (`ctx.skip(reason)`); each skip's reason is printed above it.
//    Here the GPU tests cannot skip: with SwiftShader installed (step 1) a missing adapter fails them.
// Uses only Node built-ins so it can run before `npm ci`.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync, mkdirSync, rmSync } from 'node:fs';

const log = (msg) => console.log(`\x1b[36m[test]\x1b[0m ${msg}`);
const fail = (msg) => {
  console.error(`\x1b[31m[test] ${msg}\x1b[0m`);
  process.exit(1);
};

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { stdio: 'inherit', ...opts });
  return r.status ?? 1;
}

function hasVulkanLoader() {
  try {
    return execFileSync('ldconfig', ['-p'], { encoding: 'utf8' }).includes('libvulkan.so.1');
  } catch {
    return existsSync('/usr/lib/x86_64-linux-gnu/libvulkan.so.1') || existsSync('/usr/lib/aarch64-linux-gnu/libvulkan.so.1');
  }
}

const hasTorch = () => spawnSync('/usr/bin/python3', ['-c', 'import torch'], { stdio: 'ignore' }).status === 0;

function ensureSystemPackages() {
  const missing = [];
  if (!existsSync('/usr/bin/chromium') || !existsSync('/usr/lib/chromium/vk_swiftshader_icd.json')) missing.push('chromium');
  if (!hasVulkanLoader()) missing.push('libvulkan1');
  if (!existsSync('/usr/share/fonts/truetype/wqy/wqy-microhei.ttc')) missing.push('fonts-wqy-microhei');
  const torch = hasTorch() ? [] : ['python3-torch'];
  if (missing.length === 0 && torch.length === 0) return;
  if (missing.length) {
    log(`Installing Debian's ${missing.join(', ')}: the headless browser for the end-to-end tests, the`);
    log('SwiftShader Vulkan driver plus Vulkan loader that give WebGPU a real (software) adapter here,');
    log('and a Simplified Chinese font so screenshots of the Chinese interface show real characters.');
  }
  if (torch.length) {
    log("Installing Debian's python3-torch (PyTorch 1.13 for /usr/bin/python3, without recommends: about");
    log('145 MB to download, 620 MB on disk, half a minute to unpack): the exported PyTorch projects are');
    log('tested with it, their first steps against the CLI and two processes under torchrun.');
  }
  const all = [...missing, ...torch];
  const apt = process.getuid?.() === 0 ? ['apt-get'] : ['sudo', 'apt-get'];
  if (apt[0] === 'sudo' && run('sh', ['-c', 'command -v sudo >/dev/null']) !== 0) {
    fail(`not root and no sudo: install them by hand with \`apt-get install ${all.join(' ')}\``);
  }
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  if (run(apt[0], [...apt.slice(1), 'update', '-qq'], { env }) !== 0) fail('apt-get update failed');
  if (missing.length && run(apt[0], [...apt.slice(1), 'install', '-y', '-qq', ...missing], { env }) !== 0) fail(`apt-get install ${missing.join(' ')} failed`);
  if (torch.length && run(apt[0], [...apt.slice(1), 'install', '-y', '-qq', '--no-install-recommends', ...torch], { env }) !== 0) fail(`apt-get install ${torch.join(' ')} failed`);
}

function ensureNodeModules() {
  const marker = 'node_modules/.package-lock.json';
  if (existsSync(marker) && statSync(marker).mtimeMs >= statSync('package-lock.json').mtimeMs) return;
  log('Installing node_modules from package-lock.json (npm ci)…');
  if (run('npm', ['ci', '--no-audit', '--no-fund']) !== 0) fail('npm ci failed');
}

const started = Date.now();
ensureSystemPackages();
ensureNodeModules();
process.env.PYTORCH_REQUIRED = '1'; // installed above: a test that needs torch must not skip

const steps = [
  ['typecheck', 'npx', ['tsc', '--noEmit', '-p', '.']],
  ['lint', 'npx', ['eslint', '--max-warnings', '0', '.']],
  ['build', 'npx', ['vite', 'build', '--logLevel', 'warn']],
];
for (const [name, cmd, args] of steps) {
  log(`${name}…`);
  if (run(cmd, args) !== 0) fail(`${name} failed`);
}

mkdirSync('tests/artifacts', { recursive: true });
const report = 'tests/artifacts/vitest-report.json';
const skipsFile = 'tests/artifacts/vitest-skips.json'; // written by scripts/skip-reporter.mjs
for (const f of [report, skipsFile]) rmSync(f, { force: true }); // never read a previous run's
log('vitest: unit, gpu and e2e projects…');
const filters = process.argv.slice(2);
const status = run('npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, '--reporter=./scripts/skip-reporter.mjs', ...filters]);
let passed = 0;
let failed = 0;
if (existsSync(report)) {
  const r = JSON.parse(readFileSync(report, 'utf8'));
  passed = r.numPassedTests;
  failed = r.numFailedTests + (r.numRuntimeErrorTestSuites ?? 0);
}
if (status !== 0 && failed === 0) failed = 1; // a crash before any test reported still fails the run
// Skips: each with its reason; one without a reason fails the run, unless a name filter (-t) left
// tests out (those are "not selected"; file and project filters leave nothing skipped).
const skips = existsSync(skipsFile) ? JSON.parse(readFileSync(skipsFile, 'utf8')) : [];
const reasoned = skips.filter((s) => s.reason);
const silent = skips.filter((s) => !s.reason);
for (const s of reasoned) console.log(`\x1b[33mskipped\x1b[0m [${s.project}] ${s.file} > ${s.name}: ${s.reason}`);
const nameFilter = filters.some((a) => a === '-t' || a.startsWith('--testNamePattern') || /^-t./.test(a));
if (!nameFilter) {
  for (const s of silent) console.error(`\x1b[31mskipped without a reason\x1b[0m [${s.project}] ${s.file} > ${s.name} (${s.mode}): skip with ctx.skip('why')`);
} else if (silent.length) {
  log(`${silent.length} tests not selected by ${filters.join(' ')}`);
}
const unexplained = nameFilter ? 0 : silent.length;
if (status === 0 && !existsSync(skipsFile)) failed += 1; // the skip reporter must have run
log(`done in ${((Date.now() - started) / 1000).toFixed(0)} s; screenshots and reports in tests/artifacts/`);
const skipNote = [reasoned.length && `${reasoned.length} skipped with a reason`, unexplained && `${unexplained} skipped without one`].filter(Boolean).join(', ');
console.log(`${passed} passed, ${failed} failed${skipNote ? `, ${skipNote}` : ''}`);
process.exit(status === 0 && failed === 0 && unexplained === 0 && passed > 0 ? 0 : 1);
