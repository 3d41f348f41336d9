// Headless Debian Chromium with WebGPU on SwiftShader (or the machine's GPU, E2E_GPU=hardware),
// driven by playwright-core. Never a downloaded browser: the test command installs Debian's
// chromium package when it is missing.
import { existsSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { chromium, type Browser, type Download, type Locator, type Page } from 'playwright-core';
import { readModelFile, type ModelFile } from '../../src/io/safetensors.ts';
import { LESSONS_KEY, NO_PROGRESS } from '../../src/io/lesson-progress.ts';
import { KEPT_PREFIX, WORK_KEY } from '../../src/io/persist.ts';
import type { SavedWork } from '../../src/io/stored-schema.ts';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const ARTIFACTS = 'tests/artifacts';

/** `E2E_GPU=hardware`: WebGPU on the machine's own GPU through Vulkan (a run on a GPU machine),
 *  instead of SwiftShader, which every machine has. */
export const HARDWARE_GPU = process.env.E2E_GPU === 'hardware';

const ADAPTER_FLAGS = HARDWARE_GPU
  ? ['--enable-unsafe-webgpu', '--enable-features=Vulkan', '--use-angle=vulkan', '--disable-vulkan-surface', '--disable-gpu-compositing', '--ignore-gpu-blocklist']
  : ['--enable-unsafe-webgpu', '--use-webgpu-adapter=swiftshader', '--enable-features=Vulkan', '--use-angle=swiftshader'];

/** The adapter the page names: SwiftShader's label, or with E2E_GPU=hardware any other
 *  (e.g. "nvidia · unknown architecture"). */
export const EXPECTED_ADAPTER = HARDWARE_GPU ? /^(?!google · swiftshader)\S[^)]*/ : /google · swiftshader/;

export const WEBGPU_FLAGS = [
  '--no-sandbox',
  ...ADAPTER_FLAGS,
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

const BASE_FLAGS = WEBGPU_FLAGS.filter((f) => !/webgpu|vulkan|angle/i.test(f));

/**
 * Chromium with WebGPU on SwiftShader, or (webgpu: false) a browser that has no WebGPU at all.
 * Its pages are returning visitors: the lessons' first-visit tour (src/ui/lessons/Tour.tsx) is
 * marked done before the page's scripts run, unless `tour` (tests/e2e/lessons.test.ts), so it
 * covers nothing another test clicks or photographs.
 */
export async function launchChromium(extraArgs: string[] = [], { webgpu = true, tour = false } = {}): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: run \`npm test\`, which installs Debian's chromium`);
  const args = webgpu ? [...WEBGPU_FLAGS, ...extraArgs] : [...BASE_FLAGS, '--disable-blink-features=WebGPU', ...extraArgs];
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args });
  if (tour) return browser;
  // browser.newPage makes its context through newContext too
  const newContext = browser.newContext.bind(browser);
  browser.newContext = async (options) => {
    const context = await newContext(options);
    const seen = JSON.stringify({ ...NO_PROGRESS, tourDone: true });
    await context.addInitScript(([key, value]) => localStorage.getItem(key) ?? localStorage.setItem(key, value), [LESSONS_KEY, seen] as const);
    return context;
  };
  return browser;
}

/**
 * One Chromium (with WebGPU on SwiftShader) for the tests of a file: launched before the first,
 * each test's pages closed after it, closed after the last. Read `.browser` inside a test.
 */
export function sharedBrowser({ tour = false } = {}): { readonly browser: Browser } {
  let browser: Browser | undefined;
  beforeAll(async () => {
    browser = await launchChromium([], { tour });
  });
  afterEach(() => closePages(browser));
  afterAll(async () => {
    await browser?.close();
  });
  return {
    get browser() {
      if (!browser) throw new Error('sharedBrowser: the browser is read before beforeAll launched it');
      return browser;
    },
  };
}

/** Closes every page a test left open (each `browser.newPage()` has a context of its own): an
 *  idle page of an earlier test still runs its timers and shares the renderer's main thread. */
export async function closePages(browser: Browser | undefined): Promise<void> {
  await Promise.all(browser?.contexts().map((c) => c.close()) ?? []);
}

/** Saves a full-page screenshot under tests/artifacts/ and returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const path = `${ARTIFACTS}/${name}.png`;
  await page.screenshot({ path, fullPage: true });
  return path;
}

type LongTaskWindow = Window & { __longTasks: number[] };

/** Records the duration of every main-thread task over 50 ms from page load (PerformanceObserver). */
export async function recordLongTasks(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const w = window as unknown as LongTaskWindow;
    w.__longTasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) w.__longTasks.push(e.duration);
    }).observe({ type: 'longtask', buffered: true });
  });
}

export function longTasks(page: Page): Promise<number[]> {
  return page.evaluate(() => (window as unknown as LongTaskWindow).__longTasks);
}

export async function clearLongTasks(page: Page): Promise<void> {
  await page.evaluate(() => ((window as unknown as LongTaskWindow).__longTasks = []));
}

export interface MainThreadTask {
  /** Wall-clock duration, as the Long Tasks API reports it. */
  wallMs: number;
  /** CPU time the renderer's main thread spent on it. */
  cpuMs: number;
  /** What it spent the most CPU on, for a report: the largest events inside it, e.g.
   *  "FunctionCall index.js:1 31.0 ms, Layout 12.5 ms". */
  inside: string;
}

interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
  tdur?: number;
  args?: { name?: string; data?: { url?: string; lineNumber?: number; functionName?: string } };
}

/** The largest events (by CPU time) directly or deeply inside `task`, as a line. */
function describeTask(task: TraceEvent, onThread: TraceEvent[]): string {
  const end = task.ts + (task.dur ?? 0);
  return onThread
    .filter((e) => e !== task && e.ts >= task.ts && e.ts + (e.dur ?? 0) <= end && (e.tdur ?? 0) > 2000 && !/^(RunTask|ThreadControllerImpl|AsyncTask|TimerFire|EventDispatch)/.test(e.name))
    .sort((a, b) => (b.tdur ?? 0) - (a.tdur ?? 0))
    .slice(0, 4)
    .map((e) => {
      const d = e.args?.data;
      const where = d?.url ? ` ${d.functionName || ''}@${d.url.split('/').pop()}:${d.lineNumber}` : '';
      return `${e.name}${where} ${((e.tdur ?? 0) / 1000).toFixed(1)} ms`;
    })
    .join(', ');
}

/**
 * Every main-thread task of the page's renderer while `during` runs, from a Chromium trace, with
 * its wall-clock and CPU time. On a two-core machine where SwiftShader computes the "GPU" work on
 * the same cores, the operating system often takes the CPU away from the main thread in the middle
 * of a task: wall time then measures that machine's contention, CPU time what the page asked of
 * its main thread.
 */
export async function traceMainThreadTasks(page: Page, during: () => Promise<void>): Promise<MainThreadTask[]> {
  const cdp = await page.context().newCDPSession(page);
  const events: TraceEvent[] = [];
  cdp.on('Tracing.dataCollected', (e) => events.push(...(e.value as unknown as TraceEvent[])));
  await cdp.send('Tracing.start', { categories: 'devtools.timeline,disabled-by-default-devtools.timeline', transferMode: 'ReportEvents' });
  try {
    await during();
  } finally {
    const complete = new Promise((resolve) => cdp.once('Tracing.tracingComplete', resolve));
    await cdp.send('Tracing.end');
    await complete;
    await cdp.detach();
  }
  const main = new Set(events.filter((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain').map((e) => `${e.pid}:${e.tid}`));
  const onMain = events.filter((e) => e.ph === 'X' && main.has(`${e.pid}:${e.tid}`));
  return onMain
    .filter((e) => e.name === 'RunTask')
    .map((e) => ({ wallMs: (e.dur ?? 0) / 1000, cpuMs: (e.tdur ?? 0) / 1000, inside: (e.tdur ?? 0) > 30_000 ? describeTask(e, onMain) : '' }));
}

/** Types a value into a number field of the controls and commits it (Enter). */
export async function setNumber(page: Page, name: string, value: string): Promise<void> {
  const input = page.getByTestId(`field-${name}`);
  await input.fill(value);
  await input.press('Enter');
}

/** A readout as a number (the page groups thousands with commas in English). */
export async function readNumber(page: Page, testId: string): Promise<number> {
  return Number((await page.getByTestId(testId).innerText()).replace(/,/g, ''));
}

/** Clicks and collects `n` downloads, saved into `dir` by their suggested names. */
export async function downloads(page: Page, click: () => Promise<void>, n: number, dir: string): Promise<string[]> {
  const got: Download[] = [];
  const all = new Promise<void>((resolve) => {
    const on = (d: Download) => {
      got.push(d);
      if (got.length === n) {
        page.off('download', on);
        resolve();
      }
    };
    page.on('download', on);
  });
  await click();
  await all;
  return Promise.all(
    got.map(async (d) => {
      const path = join(dir, d.suggestedFilename());
      await d.saveAs(path);
      return path;
    }),
  );
}

/** Pauses training, waits until `view` (its data-step: the update it was drawn at) shows the LSTM's
 *  latest update, and reads the LSTM's model file downloaded from the page: the parameters the
 *  view was drawn with, and that update. */
export async function pausedLstmModel(page: Page, view: Locator): Promise<ModelFile & { step: number }> {
  await page.getByTestId('train').click();
  await expect.poll(() => page.getByTestId('train').innerText(), { timeout: 30_000 }).toBe('Train');
  const step = await readNumber(page, 'readout-lstm-step');
  await view.scrollIntoViewIfNeeded(); // a view off screen may wait to be seen before it reads the run
  await expect.poll(async () => Number(await view.getAttribute('data-step')), { timeout: 30_000 }).toBe(step);
  const [path] = await downloads(page, () => page.getByTestId('download-lstm').click(), 1, mkdtempSync(join(tmpdir(), 'rnn-model-')));
  return { ...readModelFile(readFileSync(path!)), step };
}

/** The saved work (src/io/persist.ts) as the page stored it in IndexedDB, idb-keyval's default
 *  store (its kept runs read from their own keys into `kept`), with its text cut to the first 200 characters beside the whole text's length; null before
 *  the first save. Poll it to wait for a (debounced) save instead of sleeping. */
export async function storedWork(page: Page): Promise<(Partial<Omit<SavedWork, 'text'>> & { text?: string; textLength?: number }) | null> {
  return page.evaluate(async ([key, keptPrefix]) => {
    if (!(await indexedDB.databases()).some((d) => d.name === 'keyval-store')) return null; // never create it
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const r = indexedDB.open('keyval-store');
      r.onsuccess = () => resolve(r.result);
      r.onerror = () => reject(r.error);
    });
    try {
      if (!db.objectStoreNames.contains('keyval')) return null;
      const work = await new Promise<Record<string, unknown> | undefined>((resolve, reject) => {
        const r = db.transaction('keyval').objectStore('keyval').get(key);
        r.onsuccess = () => resolve(r.result as Record<string, unknown> | undefined);
        r.onerror = () => reject(r.error);
      });
      if (!work) return null;
      // the kept runs, each under a key of its own (src/io/persist.ts), put back in the list
      if (Array.isArray(work.keptIds)) {
        const store = db.transaction('keyval').objectStore('keyval');
        work.kept = await Promise.all(
          (work.keptIds as string[]).map(
            (id) =>
              new Promise((resolve, reject) => {
                const r = store.get(keptPrefix + id);
                r.onsuccess = () => resolve(r.result);
                r.onerror = () => reject(r.error);
              }),
          ),
        );
      }
      const text = typeof work.text === 'string' ? work.text : undefined;
      return { ...work, text: text?.slice(0, 200), textLength: text?.length };
    } finally {
      db.close();
    }
  }, [WORK_KEY, KEPT_PREFIX] as const);
}

/** Writes into idb-keyval's default store (database 'keyval-store', object store 'keyval'): the
 *  saved work with `patch` over it, and checkpoint `records` (with 8 bytes of model). */
export async function writeStored(page: Page, patch: Record<string, unknown>, records: Record<string, unknown> = {}) {
  await page.evaluate(
    async ({ key, patch, records }) => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const r = indexedDB.open('keyval-store');
        r.onsuccess = () => resolve(r.result);
        r.onerror = () => reject(r.error);
      });
      const tx = db.transaction('keyval', 'readwrite');
      const store = tx.objectStore('keyval');
      const current = await new Promise<Record<string, unknown>>((resolve) => {
        const r = store.get(key);
        r.onsuccess = () => resolve(r.result as Record<string, unknown>);
      });
      if (!current || current.text === undefined) throw new Error('nothing was saved yet');
      store.put({ ...current, ...patch }, key);
      // an ArrayBuffer does not cross into the page: a record's `bytes` is made there
      for (const [k, v] of Object.entries(records)) store.put({ ...(v as object), bytes: new ArrayBuffer(8) }, k);
      await new Promise((resolve, reject) => {
        tx.oncomplete = resolve;
        tx.onerror = () => reject(tx.error);
      });
      db.close();
    },
    { key: WORK_KEY, patch, records },
  );
}
