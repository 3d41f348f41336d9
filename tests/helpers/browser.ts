// Headless Debian Chromium with WebGPU on SwiftShader, driven by playwright-core. Never a
// downloaded browser: the test command installs Debian's chromium package when it is missing.
import { existsSync, mkdirSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const ARTIFACTS = 'tests/artifacts';

export const WEBGPU_FLAGS = [
  '--no-sandbox',
  '--enable-unsafe-webgpu',
  '--use-webgpu-adapter=swiftshader',
  '--enable-features=Vulkan',
  '--use-angle=swiftshader',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

const BASE_FLAGS = WEBGPU_FLAGS.filter((f) => !/webgpu|vulkan|angle/i.test(f));

/** Chromium with WebGPU on SwiftShader, or (webgpu: false) a browser that has no WebGPU at all. */
export async function launchChromium(extraArgs: string[] = [], { webgpu = true } = {}): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: run \`npm test\`, which installs Debian's chromium`);
  const args = webgpu ? [...WEBGPU_FLAGS, ...extraArgs] : [...BASE_FLAGS, '--disable-blink-features=WebGPU', ...extraArgs];
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args });
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
