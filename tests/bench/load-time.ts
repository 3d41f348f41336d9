// `npm run bench:load [-- --runs 5] [--dir dist --dir other-build]`
// Time to a usable page on a throttled profile: the built page (dist/, built first when missing),
// served by a plain static server, opened cold (a fresh browser context each run) in headless
// Chromium with the CPU slowed down 4x (DevTools' CPU throttling). Per run: first contentful paint,
// "usable" (the frame that first shows the training text and a Train button that can be clicked) and "GPU ready" (the status line
// names the adapter the worker proved, or the CPU fallback). Several --dir builds (e.g. before and
// after a change) take turns run by run, so a busy machine slows them alike. Prints the medians,
// writes JSON to bench/results/.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { build } from 'vite';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../helpers/browser.ts';
import { serveStatic } from '../helpers/static-server.ts';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '5' }, throttle: { type: 'string', default: '4' }, dir: { type: 'string', multiple: true, default: ['dist'] } } });
const runs = Number(values.runs);
const rate = Number(values.throttle);

interface LoadTimes {
  fcp: number;
  usable: number;
  gpuReady: number;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

// stamps, in the page's own clock, the first moment each state is seen (a string: tsx's transform
// would name functions with a helper the page does not have)
const STAMPS = `(() => {
  const seen = (window.__load = {});
  const check = () => {
    const train = document.querySelector('[data-testid=train]');
    const text = document.querySelector('[data-testid=training-text]');
    if (!seen.drawn && train && !train.disabled && text && text.value) {
      seen.drawn = true; // usable from the frame that shows it
      requestAnimationFrame(() => (seen.usable = performance.now()));
    }
    const status = document.querySelector('[data-testid=adapter-status]');
    if (!seen.gpuReady && status && status.getAttribute('data-kind') !== 'checking') seen.gpuReady = performance.now();
  };
  new MutationObserver(check).observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
})()`;

async function measure(browser: Browser, url: string): Promise<LoadTimes> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  try {
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate });
    await page.addInitScript(STAMPS);
    await page.goto(url);
    await page.waitForFunction('window.__load.usable && window.__load.gpuReady', undefined, { timeout: 120_000, polling: 100 });
    return (await page.evaluate(`({ usable: window.__load.usable, gpuReady: window.__load.gpuReady, fcp: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN })`)) as LoadTimes;
  } finally {
    await context.close();
  }
}

const dirs = values.dir;
if (!existsSync('dist/index.html') && dirs.includes('dist')) await build({ logLevel: 'warn' });
const servers = await Promise.all(dirs.map((dir) => serveStatic(dir, '/')));
const browser = await launchChromium();
const times: LoadTimes[][] = dirs.map(() => []);
const say = (t: LoadTimes) => `first paint ${t.fcp.toFixed(0)} ms, usable ${t.usable.toFixed(0)} ms, GPU ready ${t.gpuReady.toFixed(0)} ms`;
try {
  for (let i = 0; i < runs; i++) {
    for (const [d, server] of servers.entries()) {
      const t = await measure(browser, server.url);
      times[d]!.push(t);
      console.log(`${dirs[d]} run ${i + 1}: ${say(t)}`);
    }
  }
} finally {
  await browser.close();
  await Promise.all(servers.map((s) => s.close()));
}
const summary = Object.fromEntries(dirs.map((dir, d) => [dir, { fcp: median(times[d]!.map((t) => t.fcp)), usable: median(times[d]!.map((t) => t.usable)), gpuReady: median(times[d]!.map((t) => t.gpuReady)) }]));
for (const dir of dirs) console.log(`${dir}: median of ${runs} (CPU ${rate}x slower): ${say(summary[dir]!)}`);
mkdirSync('bench/results', { recursive: true });
const file = `bench/results/load-${new Date().toISOString().replace(/[:.]/g, '-')}.json`;
writeFileSync(file, JSON.stringify({ date: new Date().toISOString(), throttle: rate, dirs, runs: times, median: summary }, null, 2) + '\n');
console.log(`wrote ${file}`);
