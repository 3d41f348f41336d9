// The production build as a static site (issue 21): served by a plain static server below a nested
// path, in a browser without requestIdleCallback (Safari's case), installable (its manifest); after
// one visit it reloads and trains with the network off, and offers a new deployment; a panel that
// fails is replaced by what failed while the rest trains on; errors nobody caught, in the page or
// the worker, show in the status line.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { readNumber, screenshot, setNumber, sharedBrowser } from '../helpers/browser.ts';
import { serveStatic, type StaticServer } from '../helpers/static-server.ts';
import { DIST } from './preview-server.ts';

const PREFIX = '/a/b/rnn/';
const TEXT = 'the cat sat on the mat. '.repeat(20);

/** Small enough to take a few steps in seconds on SwiftShader. */
async function trainSmall(page: Page, steps: number): Promise<void> {
  await page.getByTestId('training-text').fill(TEXT);
  await setNumber(page, 'hiddenSize', '16');
  await setNumber(page, 'seqLen', '8');
  await setNumber(page, 'batchSize', '4');
  await page.getByTestId('train').click();
  await expect.poll(() => readNumber(page, 'readout-lstm-step'), { timeout: 120_000 }).toBeGreaterThan(steps);
}

describe('the page as a static site', () => {
  const chromium = sharedBrowser();
  let server: StaticServer;
  beforeAll(async () => {
    server = await serveStatic(DIST, PREFIX);
  });
  afterAll(() => server.close());

  it(`trains when served under ${PREFIX} by a plain static server, in a browser without requestIdleCallback`, async () => {
    const page = await chromium.browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.addInitScript(() => {
      const w = window as unknown as Record<string, unknown>;
      delete w.requestIdleCallback;
      delete w.cancelIdleCallback;
    });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    const failed: string[] = [];
    page.on('response', (r) => r.status() >= 400 && failed.push(r.url()));
    await page.goto(server.url);
    expect(await page.evaluate(() => typeof requestIdleCallback)).toBe('undefined');
    await expect.poll(() => page.getByTestId('adapter-status').getAttribute('data-kind'), { timeout: 60_000 }).toBe('webgpu');
    await trainSmall(page, 1);
    // the equations' KaTeX fonts and the icon come from below the prefix too
    await page.getByTestId('unrolled-panel').scrollIntoViewIfNeeded();
    await expect.poll(() => server.requested.filter((p) => p.endsWith('.woff2')).length, { timeout: 30_000 }).toBeGreaterThan(0);
    expect(await page.locator('.app-header img').evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);
    await screenshot(page, 'static-site-subpath');
    // installable: the manifest and its icons resolve below the prefix
    const manifestUrl = new URL((await page.locator('link[rel=manifest]').getAttribute('href'))!, page.url());
    const manifest = (await (await page.request.get(manifestUrl.href)).json()) as { name: string; start_url: string; icons: { src: string; sizes: string }[] };
    expect(manifest.name).toBe('RNN Playground');
    expect(new URL(manifest.start_url, manifestUrl).pathname).toBe(PREFIX);
    expect(manifest.icons.map((i) => i.sizes)).toEqual(expect.arrayContaining(['192x192', '512x512']));
    for (const icon of manifest.icons) expect((await page.request.get(new URL(icon.src, manifestUrl).href)).ok()).toBe(true);
    expect(server.requested.filter((p) => !p.startsWith(PREFIX))).toEqual([]);
    expect(failed).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('after one visit, reloads and trains with the server gone and the network off; offers a new deployment', async () => {
    let own = await serveStatic(DIST, PREFIX); // an origin of its own: a fresh service worker
    try {
      const context = await chromium.browser.newContext({ viewport: { width: 1280, height: 900 } });
      const page = await context.newPage();
      await page.goto(own.url);
      // the service worker has installed: everything is in its cache
      await expect.poll(() => page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.active?.state ?? 'none'), { timeout: 60_000 }).toBe('activated');
      await own.close();
      await context.setOffline(true);
      await page.reload();
      await expect.poll(() => page.getByTestId('adapter-status').getAttribute('data-kind'), { timeout: 60_000 }).toBe('webgpu');
      await trainSmall(page, 2);
      expect(await page.evaluate(() => navigator.onLine)).toBe(false);
      await page.getByTestId('train').click(); // pause

      // a new deployment at the same address: the next visit finds a changed service worker, which
      // waits for the person's yes
      own = await serveStatic(DIST, PREFIX, own.port);
      own.change('sw.js', (text) => `${text}\n// a new version\n`);
      await context.setOffline(false);
      await page.reload();
      await expect.poll(() => page.getByTestId('update-prompt').count(), { timeout: 60_000 }).toBe(1);
      expect(await page.getByTestId('update-prompt').innerText()).toMatch(/A new version of the playground is ready/);
      await screenshot(page, 'static-site-update');
      await page.getByTestId('language').selectOption('zh-CN');
      await expect.poll(() => page.getByTestId('update-prompt').innerText()).toMatch(/本页有新版本可用/);
      await screenshot(page, 'static-site-update-zh');
      // the waiting worker takes over and the page reloads itself
      await Promise.all([page.waitForEvent('load'), page.getByTestId('update-now').click()]);
      await expect.poll(() => page.getByTestId('adapter-status').getAttribute('data-kind'), { timeout: 60_000 }).not.toBe('checking');
      expect(await page.getByTestId('update-prompt').count()).toBe(0);
    } finally {
      await own.close();
    }
  });

  it('a failing panel shows what failed and the rest trains on; uncaught page and worker errors reach the status line', async () => {
    const context = await chromium.browser.newContext({ viewport: { width: 1280, height: 900 } });
    // the gradient chart's canvas refuses to draw: only its panel may go
    await context.addInitScript(() => {
      const getContext = HTMLCanvasElement.prototype.getContext;
      HTMLCanvasElement.prototype.getContext = function (this: HTMLCanvasElement, ...args: Parameters<typeof getContext>) {
        if (this.closest('[data-testid=grad-chart]')) throw new Error('no canvas for the gradient chart');
        return getContext.apply(this, args);
      } as typeof getContext;
    });
    // an error nobody catches inside the training worker, once it has started
    await context.route(/\/assets\/worker-[^/]*\.js$/, async (route) => {
      const response = await route.fetch();
      await route.fulfill({ response, body: `setTimeout(() => { throw new Error('worker test error'); });\n${await response.text()}` });
    });
    const page = await context.newPage();
    await page.goto(server.url);
    const uncaught = page.getByTestId('uncaught-error');
    await expect.poll(() => uncaught.innerText(), { timeout: 60_000 }).toMatch(/worker test error/);
    await page.evaluate(() => setTimeout(() => Promise.reject(new Error('page test error'))));
    await expect.poll(() => uncaught.innerText()).toMatch(/Something failed unexpectedly: page test error \(and 1 more\)/);

    await trainSmall(page, 2);
    const failed = page.getByTestId('panel-failed');
    await expect.poll(() => failed.count(), { timeout: 60_000 }).toBe(1);
    expect(await failed.innerText()).toMatch(/Gradient flow through time: this panel stopped working[\s\S]*no canvas for the gradient chart/);
    const step = await readNumber(page, 'readout-lstm-step');
    await expect.poll(() => readNumber(page, 'readout-lstm-step'), { timeout: 60_000 }).toBeGreaterThan(step);
    expect(await page.getByTestId('training-text').inputValue()).toBe(TEXT);
    expect(await page.getByTestId('unrolled-panel').count()).toBe(1);
    await failed.scrollIntoViewIfNeeded();
    await screenshot(page, 'static-site-panel-failed');
    await page.getByTestId('language').selectOption('zh-CN');
    await expect.poll(() => failed.innerText()).toMatch(/此面板出错了/);
    await screenshot(page, 'static-site-panel-failed-zh');
    await page.getByTestId('uncaught-error').getByRole('button').click();
    expect(await uncaught.count()).toBe(0);
  });
});
