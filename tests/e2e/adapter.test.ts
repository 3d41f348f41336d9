import { describe, expect, inject, it } from 'vitest';
import { EXPECTED_ADAPTER, screenshot, sharedBrowser } from '../helpers/browser.ts';

describe('the page in headless Chromium', () => {
  const chromium = sharedBrowser();

  it('has its own title and favicon, and names the WebGPU adapter it found', async () => {
    const page = await chromium.browser.newPage({ viewport: { width: 1280, height: 720 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    await page.goto(inject('baseUrl'));
    expect(await page.title()).toBe('RNN Playground');
    const icon = await page.locator('link[rel="icon"]').getAttribute('href');
    const iconResponse = await page.request.get(new URL(icon!, inject('baseUrl')).href);
    expect(iconResponse.ok()).toBe(true);
    expect(await iconResponse.text()).toContain('<svg');
    await expect.poll(() => page.getByTestId('adapter-status').getAttribute('data-kind'), { timeout: 60_000 }).not.toBe('checking');
    const kind = await page.getByTestId('adapter-status').getAttribute('data-kind');
    await screenshot(page, 'adapter-status');
    // Chromium brings SwiftShader (or, with E2E_GPU=hardware, the machine's GPU): the adapter must be
    // there, everywhere; a CPU fallback here is a failure, never a skip.
    expect(kind, await page.getByTestId('adapter-status').innerText()).toBe('webgpu');
    expect(await page.getByTestId('adapter-name').innerText()).toMatch(EXPECTED_ADAPTER);
    expect(errors).toEqual([]);
  });

  it('explains the CPU fallback when the browser has no WebGPU', async () => {
    const context = await chromium.browser.newContext();
    await context.addInitScript(() => {
      Object.defineProperty(Navigator.prototype, 'gpu', { get: () => undefined });
    });
    // the training worker acquires the GPU (the page never does): hide it there too
    await context.route(/\/assets\/worker-[^/]*\.js$/, async (route) => {
      const response = await route.fetch();
      await route.fulfill({ response, body: `Object.defineProperty(WorkerNavigator.prototype, 'gpu', { get: () => undefined });\n${await response.text()}` });
    });
    const page = await context.newPage();
    await page.goto(inject('baseUrl'));
    const status = page.getByTestId('adapter-status');
    await expect.poll(() => status.getAttribute('data-kind'), { timeout: 30_000 }).toBe('cpu');
    expect(await status.innerText()).toMatch(/training will run on the CPU instead/);
    expect(await status.innerText()).toMatch(/navigator\.gpu is missing/);
    await screenshot(page, 'adapter-cpu-fallback');
    // the service worker may still be caching the worker script through the route
    await context.unrouteAll({ behavior: 'ignoreErrors' });
    await context.close();
  });
});
