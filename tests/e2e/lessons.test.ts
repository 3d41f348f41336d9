// The lessons in headless Chromium on SwiftShader, one page per language: the first-visit tour
// (shown once, keyboard operable, skippable, offered again), the Learn panel beside the page (a
// sheet on a phone) that covers none of it, and chapters 1–4: Set it up applies the chapter's
// configuration (read back from the controls), the highlighted panel is in view, and the live
// check lights up on real training at small sizes; progress survives a reload, a chapter's link
// opens it, a bad one is named like other bad link values. Screenshots of the tour and of every
// chapter in both languages, wide and phone-sized.
import type { BrowserContext, Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { readNumber, sharedBrowser } from '../helpers/browser.ts';
import { controls, inView, seriousIn, settled, viewShot } from '../helpers/lessons-page.ts';

const WIDE = { width: 1280, height: 900 };
const PHONE = { width: 390, height: 844 };

/** Presses Set it up in chapter `n`; the chapter's panel is then outlined and in view. */
async function setUp(page: Page, n: number, panel: string) {
  expect(await page.getByTestId('lesson').getAttribute('data-chapter')).toBe(String(n));
  await page.getByTestId('lesson-setup').click();
  const selector = `[data-testid=${panel}]`;
  await expect.poll(() => page.locator(selector).getAttribute('data-lesson-highlight'), { timeout: 15_000 }).toMatch(/fade|still/);
  await expect
    .poll(() => inView(page, selector), { timeout: 10_000 })
    .toBe(true)
    .catch(async (e: unknown) => {
      console.log(await page.evaluate((sel) => ({ rect: document.querySelector(sel)?.getBoundingClientRect().toJSON(), scrollY, h: document.documentElement.scrollHeight, w: document.documentElement.scrollWidth, iw: innerWidth, ih: innerHeight }), selector));
      throw e;
    });
  await settled(page);
}

/** On a phone, Set it up folds the sheet: unfolded again for the next chapter's buttons. */
async function unfold(page: Page) {
  const fold = page.getByTestId('lessons-fold');
  if ((await fold.isVisible()) && (await fold.getAttribute('aria-expanded')) === 'false') await fold.click();
}

const seen = (page: Page) => expect.poll(() => page.getByTestId('lesson-check').getAttribute('data-seen'), { timeout: 120_000 }).toBe('true');

/** Step once and wait for the update (the run is built first). */
async function stepOnce(page: Page) {
  await page.getByTestId('step').click();
  await expect.poll(() => readNumber(page, 'readout-rnn-step').catch(() => 0), { timeout: 90_000 }).toBe(1);
}

/** Chapters 1–4 on real training, each checked as it is set up; a screenshot of each. */
async function walkChapters(page: Page, name: string) {
  // 1: the loop — Alice, a small tanh RNN, shared weights shown; three time steps in step mode
  await page.getByTestId('lesson-item-1').click();
  await setUp(page, 1, 'unrolled-panel');
  expect(await controls(page)).toEqual({ layers: '1', direction: 'uni', cell: 'rnn', hidden: '16', batch: '4', lr: '0.01', seed: '1', seqLen: '16' });
  expect(await page.getByTestId('nonlinearity').inputValue()).toBe('tanh');
  expect(await page.getByTestId('training-text').inputValue()).toMatch(/^Alice was beginning/);
  expect(await page.getByTestId('inside-shared').getAttribute('aria-pressed')).toBe('true');
  expect(await page.getByTestId('lesson-check').getAttribute('data-seen')).toBe('false');
  await stepOnce(page);
  await page.getByTestId('stepper-open').click();
  for (let i = 0; i < 3; i++) await page.getByTestId('stepper-forward').click();
  await seen(page);
  expect(await seriousIn(page, '[data-testid=lessons]')).toEqual([]);
  await viewShot(page, `lessons-${name}-1`, 'unrolled-panel');

  // 2: "hello" — train until the sample after "h" is "ello"
  await unfold(page);
  await page.getByTestId('lesson-next').click();
  await setUp(page, 2, 'sample-panel');
  expect(await controls(page)).toEqual({ layers: '1', direction: 'uni', cell: 'rnn', hidden: '8', batch: '1', lr: '0.05', seed: '1', seqLen: '4' });
  expect(await page.getByTestId('training-text').inputValue()).toBe('hello');
  expect(await page.getByTestId('sample-prime').inputValue()).toBe('h');
  await page.getByTestId('train').click();
  await seen(page);
  await page.getByTestId('train').click(); // pause
  expect(await page.getByTestId('sample-text').innerText()).toContain('ello');
  await viewShot(page, `lessons-${name}-2`, 'sample-panel');

  // 3: BPTT — forward to the end, then backward to the first step
  await unfold(page);
  await page.getByTestId('lesson-next').click();
  await setUp(page, 3, 'unrolled-panel');
  expect(await controls(page)).toEqual({ layers: '1', direction: 'uni', cell: 'rnn', hidden: '8', batch: '1', lr: '0.05', seed: '1', seqLen: '4' });
  await stepOnce(page);
  await page.getByTestId('stepper-open').click();
  await page.getByTestId('stepper-last').click();
  await expect.poll(() => page.getByTestId('stepper-backward').isVisible(), { timeout: 30_000 }).toBe(true);
  await page.getByTestId('stepper-backward').click();
  for (let i = 0; i < 3; i++) await page.getByTestId('stepper-bptt-back').click();
  await seen(page);
  await viewShot(page, `lessons-${name}-3`, 'unrolled-panel');

  // 4: vanishing gradients — the long-range task, a tanh RNN, the last step's loss
  await unfold(page);
  await page.getByTestId('lesson-next').click();
  await setUp(page, 4, 'grad-panel');
  expect(await controls(page)).toEqual({ layers: '1', direction: 'uni', cell: 'rnn', hidden: '32', batch: '16', lr: '0.01', seed: '1', seqLen: '38' });
  expect(await page.getByTestId('nonlinearity').inputValue()).toBe('tanh');
  await stepOnce(page);
  await expect.poll(() => page.getByTestId('grad-chart').getAttribute('data-loss-at'), { timeout: 30_000 }).toBe('last');
  await seen(page);
  // the ratio the check read, as its text says it
  expect(await page.getByTestId('lesson-check').innerText()).toMatch(/\d\.\de-\d/);
  await viewShot(page, `lessons-${name}-4`, 'grad-panel');
  await unfold(page);
}

/** Every chapter again at the other size, for the screenshots (no setup: they are all seen). */
async function shotsAt(page: Page, size: { width: number; height: number }, name: string) {
  await page.setViewportSize(size);
  await viewShot(page, `lessons-${name}-list`);
  for (let n = 1; n <= 4; n++) {
    await page.getByTestId(`lesson-item-${n}`).click();
    expect(await page.getByTestId('lesson-check').getAttribute('data-seen')).toBe('true');
    await viewShot(page, `lessons-${name}-${n}`);
    await page.getByTestId('lesson-list-open').click();
  }
}

async function newPage(context: BrowserContext, hash = '') {
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(inject('baseUrl') + hash);
  return { page, errors };
}

describe('lessons', () => {
  const chromium = sharedBrowser({ tour: true });

  it('English, wide: the tour once, the Learn panel beside the page, chapters 1–4 live, progress and links', async () => {
    const context = await chromium.browser.newContext({ viewport: WIDE, locale: 'en-US' });
    const { page, errors } = await newPage(context);

    // the tour: focus moves into it; → and Enter go on, ← back, Esc closes
    const tour = page.getByTestId('tour');
    await expect.poll(() => tour.getAttribute('data-step'), { timeout: 30_000 }).toBe('text');
    expect(await page.evaluate(() => document.activeElement?.closest('[data-testid=tour]') !== null)).toBe(true);
    await page.keyboard.press('ArrowRight');
    expect(await tour.getAttribute('data-step')).toBe('train');
    await page.keyboard.press('Enter');
    expect(await tour.getAttribute('data-step')).toBe('curves');
    await expect.poll(() => page.getByTestId('loss-chart').getAttribute('data-lesson-highlight'), { timeout: 15_000 }).toBe('fade');
    await expect.poll(() => inView(page, '[data-testid=loss-chart]'), { timeout: 10_000 }).toBe(true);
    await settled(page);
    await viewShot(page, 'lessons-tour-en-wide');
    await page.keyboard.press('ArrowLeft');
    expect(await tour.getAttribute('data-step')).toBe('train');
    expect(await seriousIn(page, '[data-testid=tour]')).toEqual([]);
    await page.keyboard.press('Escape');
    expect(await tour.count()).toBe(0);

    // the Learn panel: beside the page, which narrows (nothing of it is under the panel)
    await page.getByTestId('learn-open').click();
    const panel = page.getByTestId('lessons');
    await expect.poll(() => panel.isVisible(), { timeout: 30_000 }).toBe(true);
    const [appBox, panelBox] = await Promise.all([page.locator('main.app').boundingBox(), panel.boundingBox()]);
    expect(appBox!.x + appBox!.width).toBeLessThanOrEqual(panelBox!.x + 1);
    expect(await page.getByTestId('lesson-list').locator('li').count()).toBeGreaterThanOrEqual(4);

    await walkChapters(page, 'en-wide');
    expect(errors).toEqual([]);

    // progress and the open chapter survive a reload; the tour stays gone
    await page.reload();
    await expect.poll(() => page.getByTestId('lesson').getAttribute('data-chapter'), { timeout: 30_000 }).toBe('4');
    expect(await tour.count()).toBe(0);
    await page.getByTestId('lesson-list-open').click();
    for (let n = 1; n <= 4; n++) expect(await page.getByTestId(`lesson-item-${n}`).getAttribute('data-done')).toBe('true');
    // ... and the tour is there again when asked for
    await page.getByTestId('tour-again').click();
    await expect.poll(() => tour.getAttribute('data-step')).toBe('text');
    await page.getByTestId('tour-skip').click();
    expect(await tour.count()).toBe(0);
    await shotsAt(page, PHONE, 'en-phone');

    // a chapter's link opens the panel at that chapter
    await page.getByTestId('lesson-item-2').click();
    expect(await page.getByTestId('lesson-link').getAttribute('href')).toMatch(/#learn=2$/);
    const { page: linked } = await newPage(context, '#learn=2');
    await expect.poll(() => linked.getByTestId('lesson').getAttribute('data-chapter'), { timeout: 30_000 }).toBe('2');
    await context.close();
  });

  it('Chinese, phone: the tour, the sheet, chapters 1–4 live; a bad chapter link is named', async () => {
    const context = await chromium.browser.newContext({ viewport: PHONE, locale: 'zh-CN', deviceScaleFactor: 2 });
    const { page, errors } = await newPage(context, '#learn=12');
    // the link's chapter does not exist: said in the restore notice, the rest of the page as usual
    await expect.poll(() => page.getByTestId('restore-notice').innerText(), { timeout: 30_000 }).toContain('learn');
    const tour = page.getByTestId('tour');
    await expect.poll(() => tour.getAttribute('data-step'), { timeout: 30_000 }).toBe('text');
    expect(await page.getByTestId('tour-next').innerText()).toBe('下一步');
    await settled(page);
    await viewShot(page, 'lessons-tour-zh-phone');
    await page.getByTestId('tour-skip').click();
    expect(await tour.count()).toBe(0);
    await page.getByTestId('restore-notice-dismiss').click();

    await page.getByTestId('learn-open').click();
    await expect.poll(() => page.getByTestId('lessons').isVisible(), { timeout: 30_000 }).toBe(true);
    expect(await page.getByTestId('learn-open').innerText()).toBe('学习');
    await walkChapters(page, 'zh-phone');
    expect(await page.getByTestId('lesson-title').innerText()).toBe('梯度消失与梯度爆炸');
    expect(errors).toEqual([]);
    await page.getByTestId('lesson-list-open').click();
    await shotsAt(page, WIDE, 'zh-wide');
    // between the two: the narrowed page stacks its columns
    await page.setViewportSize({ width: 1024, height: 768 });
    await page.getByTestId('lesson-item-4').click();
    await viewShot(page, 'lessons-zh-1024-4', 'grad-panel');
    await context.close();
  });
});
