// Accessibility of the main states (issue 21), in both languages and both colour schemes: axe-core
// (@axe-core/playwright, WCAG 2.1 A/AA rules) finds no serious or critical violation on the first
// view, after training with the network inside shown, in step mode and with a classifier; the
// keyboard reaches every control and the drawings, `?` lists the shortcuts and `t` trains.
import { AxeBuilder } from '@axe-core/playwright';
import { describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { readNumber, screenshot, setNumber, sharedBrowser } from '../helpers/browser.ts';

/** The serious and critical violations axe finds on the page, as "rule: target — why" lines. */
async function violations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) => v.nodes.map((n) => `${v.id}: ${n.target.join(' ')} — ${n.failureSummary?.split('\n')[1]?.trim() ?? ''}`));
}

/** Checks the page in English and in Simplified Chinese (screenshots named `shot`); leaves it in English. */
async function bothLanguages(page: Page, state: string, found: Record<string, string[]>, shot?: string): Promise<void> {
  for (const lang of ['en', 'zh-CN']) {
    await page.getByTestId('language').selectOption(lang);
    await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe(lang);
    found[`${state} (${lang})`] = await violations(page);
    if (shot) await screenshot(page, `${shot}-${lang}`);
  }
  await page.getByTestId('language').selectOption('en');
}

async function open(browser: Browser, colorScheme: 'dark' | 'light'): Promise<Page> {
  // AxeBuilder needs a page of a context of its own; light also asks for reduced motion
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, colorScheme, reducedMotion: colorScheme === 'light' ? 'reduce' : 'no-preference' });
  const page = await context.newPage();
  await page.goto(inject('baseUrl'));
  await expect.poll(() => page.getByTestId('adapter-status').getAttribute('data-kind'), { timeout: 60_000 }).toBe('webgpu');
  return page;
}

/** The test ids (or tag names) of what `presses` Tab presses reach, in order, from the top. */
async function tabOrder(page: Page, presses: number): Promise<string[]> {
  await page.evaluate(() => {
    // from the top of the page: focus a throw-away element before everything else (a blur would
    // leave the starting point where the last focus or click was)
    const start = document.createElement('span');
    start.tabIndex = -1;
    document.body.prepend(start);
    start.focus();
    start.addEventListener('blur', () => start.remove());
    const w = window as unknown as { __tabbed: string[] };
    w.__tabbed = [];
    document.addEventListener('focusin', (e) => {
      const el = e.target as HTMLElement;
      w.__tabbed.push(el.getAttribute('data-testid') ?? el.tagName.toLowerCase());
    });
  });
  for (let i = 0; i < presses; i++) await page.keyboard.press('Tab');
  return page.evaluate(() => (window as unknown as { __tabbed: string[] }).__tabbed);
}

const clean = (found: Record<string, string[]>) => Object.fromEntries(Object.keys(found).map((k) => [k, []]));

describe('accessibility', () => {
  const chromium = sharedBrowser();

  it('dark: first view, trained (inside the network) and step mode pass axe; Tab reaches every control and drawing; ? lists the shortcuts, t trains', async () => {
    const page = await open(chromium.browser, 'dark');
    const found: Record<string, string[]> = {};
    await bothLanguages(page, 'first view', found);
    await page.getByTestId('training-text').fill('the cat sat on the mat. '.repeat(20));
    await setNumber(page, 'hiddenSize', '16');
    await setNumber(page, 'seqLen', '8');
    await page.locator('body').click({ position: { x: 5, y: 5 } }); // leave the field: keys go to the page
    await page.keyboard.press('?');
    await expect.poll(() => page.getByTestId('shortcuts').evaluate((d: HTMLDialogElement) => d.open)).toBe(true);
    found['shortcut list (en)'] = await violations(page);
    await screenshot(page, 'a11y-shortcuts');
    await page.keyboard.press('Escape');
    await page.keyboard.press('t');
    await expect.poll(() => readNumber(page, 'readout-lstm-step'), { timeout: 120_000 }).toBeGreaterThan(2);
    await page.keyboard.press('t'); // pause
    await expect.poll(() => page.getByTestId('train').innerText(), { timeout: 30_000 }).toBe('Train');
    await expect.poll(() => page.locator('[data-testid="gate-inspector"] .katex').count(), { timeout: 30_000 }).toBeGreaterThan(0);
    const reached = await tabOrder(page, 120);
    for (const id of ['language', 'shortcuts-open', 'preset-hello', 'training-text', 'field-hiddenSize', 'train', 'train-all', 'step', 'reset', 'import-model', 'chart-y', 'sample-length', 'unrolled-canvas', 'stepper-open']) expect(reached).toContain(id);
    expect(reached).toContain('canvas'); // the gradient chart, whose readout the arrow keys move
    await bothLanguages(page, 'trained, inside the network', found, 'a11y-dark-trained');
    await page.getByTestId('stepper-open').click();
    await expect.poll(() => page.getByTestId('stepper-position').count(), { timeout: 30_000 }).toBe(1);
    await bothLanguages(page, 'step mode', found);
    expect(found).toEqual(clean(found));
  });

  it('light, reduced motion: the first view and a classifier (in both languages) pass axe', async () => {
    const page = await open(chromium.browser, 'light');
    const found: Record<string, string[]> = {};
    // the first view's structure is checked in both languages in the dark test: here its colours
    found['first view, light (en)'] = await violations(page);
    await screenshot(page, 'a11y-light-first-en');
    await page.getByTestId('preset-intents').click();
    await page.getByTestId('train').click();
    await expect.poll(() => page.getByTestId('held-out-table').locator('tbody tr').count(), { timeout: 120_000 }).toBe(18);
    await page.getByTestId('predict-text').fill('what time is it');
    await expect.poll(() => page.getByTestId('prediction').locator('li').count(), { timeout: 60_000 }).toBeGreaterThan(0);
    await page.getByTestId('train').click(); // pause
    await bothLanguages(page, 'classifier, light', found, 'a11y-light-classifier');
    expect(found).toEqual(clean(found));
  });
});
