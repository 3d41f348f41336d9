// `npm run bench:page [-- --train lstm|all] [--seconds 8] [--view inside|units]`
// The playground itself at config S: the built page, served by `vite preview`, trains in headless
// Chromium on whatever WebGPU adapter it finds (SwiftShader; the machine's GPU with
// E2E_GPU=hardware) while this records its frame times (requestAnimationFrame) and every
// main-thread task over 50 ms (PerformanceObserver), with the unrolled network and gradient-flow
// panels in view, or (`--view units`) "Which inputs a prediction used" and "What each unit does".
// Targets on a real GPU: >= 50 frames per second and no task over 50 ms.
// Prints a summary and writes JSON to bench/results/.
import { existsSync, mkdirSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { build, preview } from 'vite';
import { BENCH_CONFIGS, benchText } from '../../src/bench/configs.ts';
import { writeAtomic } from '../../src/cli/out-file.ts';
import { clearLongTasks, launchChromium, longTasks, readNumber, recordLongTasks, screenshot, setNumber } from '../helpers/browser.ts';

const { values } = parseArgs({ options: { train: { type: 'string', default: 'lstm' }, seconds: { type: 'string', default: '8' }, view: { type: 'string', default: 'inside' } } });
if (values.train !== 'lstm' && values.train !== 'all') throw new Error(`--train lstm or all, not '${values.train}'`);
if (values.view !== 'inside' && values.view !== 'units') throw new Error(`--view inside or units, not '${values.view}'`);
const seconds = Number(values.seconds);
if (!(seconds > 0)) throw new Error(`--seconds must be a positive number, not '${values.seconds}'`);

const S = BENCH_CONFIGS.S!;
const runs = values.train === 'all' ? ['rnn', 'lstm', 'gru'] : ['lstm'];

if (!existsSync('dist/index.html')) await build({ logLevel: 'warn' });
const server = await preview({ preview: { port: 0, host: '127.0.0.1' }, logLevel: 'warn' });
const browser = await launchChromium();
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 1400 } });
  await recordLongTasks(page);
  await page.goto(server.resolvedUrls!.local[0]!);
  const adapter = await page.getByTestId('adapter-name').innerText({ timeout: 60_000 });
  await page.getByTestId('training-text').fill(benchText(S.V, 20_000));
  await setNumber(page, 'hiddenSize', String(S.H));
  await setNumber(page, 'numLayers', String(S.L));
  await setNumber(page, 'seqLen', String(S.T));
  await setNumber(page, 'batchSize', String(S.B));
  await page.getByTestId(values.train === 'all' ? 'train-all' : 'train').click();
  const steps = () => Promise.all(runs.map((r) => readNumber(page, `readout-${r}-step`).then((n) => (Number.isNaN(n) ? 0 : n))));
  // past the pipelines' compilation and the first traces
  for (let t = Date.now(); Math.min(...(await steps())) < 5; ) {
    if (Date.now() - t > 300_000) throw new Error('the runs did not reach step 5 within 5 minutes');
    await page.waitForTimeout(250);
  }
  if (values.view === 'units') {
    // both panels drawn and refreshed before the window opens
    await page.getByTestId('saliency-panel').scrollIntoViewIfNeeded();
    for (const id of ['saliency-lstm', 'units-text']) await page.getByTestId(id).waitFor({ timeout: 120_000 });
  } else await page.getByTestId('unrolled-canvas').scrollIntoViewIfNeeded();
  await clearLongTasks(page);
  const before = await steps();
  // a string, not a function: tsx's transform would name the inner arrow with a helper that
  // does not exist in the page
  const frames: number[] = await page.evaluate(`new Promise((resolve) => {
    const times = [];
    const tick = (now) => {
      times.push(now);
      if (now - times[0] < ${seconds * 1000}) requestAnimationFrame(tick);
      else resolve(times.slice(1).map((t, i) => t - times[i]));
    };
    requestAnimationFrame(tick);
  })`);
  const long = await longTasks(page);
  const after = await steps();
  const speeds = await Promise.all(runs.map((r) => readNumber(page, `readout-${r}-speed`)));
  await screenshot(page, 'bench-page-frames');
  await page.getByTestId('train').click();

  const sorted = [...frames].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  const result = {
    date: new Date().toISOString(),
    adapter,
    config: S,
    train: runs,
    view: values.view,
    seconds,
    frames: frames.length,
    frameMs: { median: at(0.5), p95: at(0.95), max: sorted.at(-1)! },
    fps: 1000 / at(0.5),
    longTasksMs: long,
    steps: runs.map((r, i) => ({ run: r, steps: after[i]! - before[i]!, charsPerSec: speeds[i]! })),
  };
  console.log(`adapter ${adapter}; training ${runs.join(', ')} at config S for ${seconds} s; in view: ${values.view}`);
  console.log(`frames: ${frames.length}, median ${result.frameMs.median.toFixed(1)} ms (${result.fps.toFixed(0)} fps), p95 ${result.frameMs.p95.toFixed(1)} ms, max ${result.frameMs.max.toFixed(1)} ms`);
  console.log(`long tasks (PerformanceObserver): ${long.length ? long.map((d) => d.toFixed(0)).join(', ') + ' ms' : 'none'}`);
  for (const s of result.steps) console.log(`  ${s.run}: ${s.steps} steps in the window, ${s.charsPerSec} chars/s`);
  mkdirSync('bench/results', { recursive: true });
  const file = `bench/results/${result.date.replace(/[:.]/g, '-')}-page.json`;
  await writeAtomic(file, new TextEncoder().encode(JSON.stringify(result, null, 2) + '\n'));
  console.log(`wrote ${file}`);
} finally {
  await browser.close();
  await server.close();
}
