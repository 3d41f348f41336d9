// The README's screenshots of "What each unit does" and "Which inputs a prediction used" on the
// page itself: the built page (vite preview) in headless Chromium on whatever WebGPU adapter it
// finds trains a preset for STEPS updates, pauses, and photographs both panels into docs/; prints
// each feature's best |r| as the panel shows it. Run: npx tsx --import ./scripts/raw-loader.mjs
// scripts/units-page.ts english 300 (after `npx vite build`).
import { preview } from 'vite';
import { launchChromium, readNumber } from '../tests/helpers/browser.ts';

const [name = 'english', steps = '300'] = process.argv.slice(2);
const target = Number(steps);
const server = await preview({ preview: { port: 0, host: '127.0.0.1' }, logLevel: 'warn' });
const browser = await launchChromium();
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 1000 }, locale: 'en-US' });
  await page.goto(server.resolvedUrls!.local[0]!);
  await page.getByTestId(`preset-${name}`).click();
  const cell = await page.getByTestId('cell').inputValue();
  await page.getByTestId('train').click();
  const started = Date.now();
  // the readout says "–" (NaN) until the first step
  while (!((await readNumber(page, `readout-${cell}-step`).catch(() => 0)) >= target)) await page.waitForTimeout(1000);
  await page.getByTestId('train').click();
  await page.getByTestId('train').filter({ hasText: 'Train' }).waitFor({ timeout: 60_000 });
  const step = await readNumber(page, `readout-${cell}-step`);
  const loss = await readNumber(page, `readout-${cell}-loss`);
  // the panels' last refresh reads the paused parameters
  await page.getByTestId('units-panel').scrollIntoViewIfNeeded();
  await page.waitForFunction((s) => Number(document.querySelector('[data-testid=units-text]')?.getAttribute('data-step')) >= s, step, { timeout: 120_000 }).catch(async (err: unknown) => {
    throw new Error(`the units panel stayed at update ${await page.getByTestId('units-text').getAttribute('data-step').catch(() => 'none')}: ${String(err)}`);
  });
  await page.waitForFunction(([s, id]) => Number(document.querySelector(`[data-testid=saliency-${id}]`)?.getAttribute('data-step')) >= s, [step, cell] as const, { timeout: 60_000 });
  console.log(`${name}: ${cell} paused at update ${step} (loss ${loss}) after ${Math.round((Date.now() - started) / 1000)} s`);
  for (const row of await page.locator('[data-testid^="rank-"][data-best]').all()) {
    console.log(`  ${(await row.getAttribute('data-testid'))!.slice(5)}: best r ${await row.getAttribute('data-best')}`);
  }
  await page.getByTestId('units-panel').screenshot({ path: `docs/screenshot-units-${name}.png` });
  await page.getByTestId('saliency-panel').screenshot({ path: `docs/screenshot-saliency-${name}.png` });
  console.log(`wrote docs/screenshot-units-${name}.png, docs/screenshot-saliency-${name}.png`);
} finally {
  await browser.close();
  await server.close();
}
