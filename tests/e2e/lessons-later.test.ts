// Chapters 5–9 and the lessons' figures in headless Chromium on SwiftShader, one page per language:
// the figures (the decay readout follows its sliders; the "hello" network says when there is no
// run, then draws the run's weights; each gate's valve opens as far as the gate inspector's value;
// axe finds nothing serious in them, light in English and dark in Chinese),
// and chapters 5–9: Set it up applies the chapter's configuration (read back from the controls),
// the highlighted panel is in view, and the live check lights up on real training at small sizes.
// Screenshots of every chapter and figure in both languages.
import { mkdirSync } from 'node:fs';
import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { formatPower } from '../../src/ui/lessons/figures/decay-math.ts';
import { ARTIFACTS, readNumber, sharedBrowser } from '../helpers/browser.ts';
import { controls, inView, viewShot } from '../helpers/lessons-page.ts';

const WIDE = { width: 1280, height: 900 };

/** One figure, whole. */
async function figureShot(page: Page, id: string, name: string) {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.getByTestId(`figure-${id}`).screenshot({ path: `${ARTIFACTS}/${name}.png` });
}

/** axe's serious and critical WCAG 2.1 A/AA findings inside the Learn panel (the figures shown). */
async function panelViolations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).include('[data-testid=lessons]').withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').flatMap((v) => v.nodes.map((n) => `${v.id}: ${n.target.join(' ')}`));
}

/** Opens chapter `n` from the Learn panel's list. */
async function open(page: Page, n: number) {
  if (await page.getByTestId('lesson-list-open').isVisible()) await page.getByTestId('lesson-list-open').click();
  await page.getByTestId(`lesson-item-${n}`).click();
  expect(await page.getByTestId('lesson').getAttribute('data-chapter')).toBe(String(n));
}

/** Opens chapter `n` and presses Set it up: the chapter's panel is outlined and in view. */
async function setUp(page: Page, n: number, selector: string) {
  await open(page, n);
  await page.getByTestId('lesson-setup').click();
  await expect.poll(() => page.locator(selector).getAttribute('data-lesson-highlight'), { timeout: 15_000 }).toMatch(/fade|still/);
  await expect.poll(() => inView(page, selector), { timeout: 10_000 }).toBe(true);
  expect(await page.getByTestId('lesson-check').getAttribute('data-seen')).toBe('false');
}

const seen = (page: Page, timeout = 150_000) => expect.poll(() => page.getByTestId('lesson-check').getAttribute('data-seen'), { timeout, interval: 500 }).toBe('true');

/** The latest step of run `id` (0 before its first). */
const stepOf = (page: Page, id: string) => readNumber(page, `readout-${id}-step`).catch(() => 0);

/** Presses Train (or Pause) and waits until the page says it is paused. */
async function pause(page: Page) {
  await page.getByTestId('train').click();
  await expect.poll(() => page.getByTestId('train-all').isEnabled(), { timeout: 30_000 }).toBe(true);
}

/** The value after the last " = " of a gate equation's TeX (the gate's activation, 4 decimals). */
const texValue = (tex: string) => Number(tex.slice(tex.lastIndexOf(' = ') + 3));

/** The figures before and after a run: decay's sliders, hello-net without a run and with one. */
async function figures(page: Page, name: string) {
  // the "hello" network before any run says so
  await open(page, 2);
  const hello = page.getByTestId('figure-hello-net');
  expect(await hello.getAttribute('data-state')).toBe('empty');
  await figureShot(page, 'hello-net', `figure-${name}-hello-empty`);

  // decay: the sliders set a and T, the readout follows (→ moves a by 0.01, End takes T to 100)
  await open(page, 4);
  const decay = page.getByTestId('figure-decay');
  const readout = page.getByTestId('fig-decay-readout');
  expect(await readout.textContent()).toContain(`= ${formatPower(0.9 ** 50)}`);
  await page.getByTestId('fig-decay-factor').focus();
  await page.keyboard.press('ArrowRight');
  expect(await decay.getAttribute('data-factor')).toBe('0.91');
  await page.getByTestId('fig-decay-steps').focus();
  await page.keyboard.press('End');
  expect(await decay.getAttribute('data-t')).toBe('100');
  const text = await readout.textContent();
  expect(text).toContain(`0.91100 = ${formatPower(0.91 ** 100)}`);
  expect(text).toContain(`1.09100 = ${formatPower(1.09 ** 100)}`);
  await figureShot(page, 'decay', `figure-${name}-decay`);
  expect(await panelViolations(page)).toEqual([]);

  // hello-net with chapter 2's run: three updates, then the weights and probabilities drawn
  await setUp(page, 2, '[data-testid=sample-panel]');
  for (let k = 1; k <= 3; k++) {
    await page.getByTestId('step').click();
    await expect.poll(() => stepOf(page, 'rnn'), { timeout: 90_000 }).toBe(k);
  }
  await expect.poll(() => hello.getAttribute('data-trace-step'), { timeout: 30_000 }).toBe('3');
  expect(await hello.getAttribute('data-state')).toBe('ready');
  expect(Number(await hello.getAttribute('data-max-weight'))).toBeGreaterThan(0);
  // 4 letters and 8 hidden units: W_ih 8×4, W_hh 8×8, the decoder 4×8
  expect(await hello.locator('[data-testid=hello-edges-ih] line').count()).toBe(32);
  expect(await hello.locator('[data-testid=hello-edges-hh] line').count()).toBe(64);
  expect(await hello.locator('[data-testid=hello-edges-ho] line').count()).toBe(32);
  // after "hell" the four letters' probabilities add up to 1
  const p = await Promise.all(['e', 'h', 'l', 'o'].map(async (s) => Number(await hello.getByTestId(`hello-out-${s}`).getAttribute('data-p'))));
  expect(p.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 4);
  expect(await hello.locator('table tbody tr').count()).toBe(4);
  await figureShot(page, 'hello-net', `figure-${name}-hello`);
  expect(await panelViolations(page)).toEqual([]);
}

/** Chapters 5–9 on real training, each checked as it is set up; a screenshot of each. */
async function walkChapters(page: Page, name: string) {
  // 5: the LSTM on the long-range text; a forget gate open 10 steps in a row
  await setUp(page, 5, '[data-testid=unrolled-panel]');
  expect(await controls(page)).toEqual({ cell: 'lstm', hidden: '16', layers: '1', direction: 'uni', batch: '8', lr: '0.01', seed: '1', seqLen: '38' });
  expect(await page.getByTestId('peephole').inputValue()).toBe('false');
  expect(await page.getByTestId('training-text').inputValue()).toMatch(/^[a-d]-{16}[a-d]\n/);
  expect(await page.getByTestId('figure-gate-valve').getAttribute('data-state')).toBe('empty');
  await page.getByTestId('train').click();
  await seen(page);
  await pause(page);
  // the valve of unit 2 at the first step opens as far as the gate inspector's f, i and o of it
  const valve = page.getByTestId('figure-gate-valve');
  await page.getByTestId('fig-valve-unit').fill('2');
  await page.getByTestId('gates-unit').fill('2');
  const canvasStep = () => page.getByTestId('unrolled-canvas').getAttribute('data-step');
  await expect.poll(async () => (await valve.getAttribute('data-trace-step')) === (await canvasStep()), { timeout: 30_000 }).toBe(true);
  // read together (a trace arriving after the pause redraws both, one after the other)
  const gates = [['i', 0], ['f', 1], ['o', 3]] as const;
  /** The largest difference between a valve's opening and the inspector's value, or the valve's
   *  row's value, of the three gates. */
  const gap = async () => {
    let worst = 0;
    for (const [gate, line] of gates) {
      const inspector = texValue((await page.getByTestId(`equation-${line}`).getAttribute('data-tex'))!);
      const open = Number(await page.getByTestId(`valve-${gate}`).getAttribute('data-open'));
      const row = Number(await page.getByTestId(`valve-row-${gate}`).getAttribute('data-value'));
      worst = Math.max(worst, Math.abs(open - inspector), Math.abs(open - row));
    }
    return worst;
  };
  await expect.poll(gap, { timeout: 30_000 }).toBeLessThan(6e-5);
  await valve.scrollIntoViewIfNeeded();
  await viewShot(page, `lessons-${name}-5`, 'unrolled-panel');
  await figureShot(page, 'gate-valve', `figure-${name}-valve-lstm`);
  expect(await panelViolations(page)).toEqual([]);
  // the decay figure beside the LSTM's measured ratio (the long-range text traces the last step's loss)
  await open(page, 4);
  await expect.poll(() => page.getByTestId('fig-decay-measured').count(), { timeout: 30_000 }).toBe(1);
  expect(await page.getByTestId('fig-decay-measured').innerText()).toContain('‖∂L/∂c‖');
  // the measured curve has a legend of its own, in a colour neither of the two curves has
  expect(await page.getByTestId('fig-decay-legend-lstm').innerText()).toContain('LSTM');
  expect(await page.getByTestId('fig-decay-legend-lstm').evaluate((e) => getComputedStyle(e).borderLeftColor)).toBe('rgb(184, 242, 138)');
  await figureShot(page, 'decay', `figure-${name}-decay-measured`);
  await open(page, 5);

  // 6: the GRU, reset after the product; keep it, then reset before, 50 updates
  await page.getByTestId('lesson-next').click();
  await setUp(page, 6, '.controls-panel');
  expect(await controls(page)).toEqual({ cell: 'gru', hidden: '16', layers: '1', direction: 'uni', batch: '8', lr: '0.01', seed: '1', seqLen: '38' });
  expect(await page.getByTestId('gruVariant').inputValue()).toBe('pytorch');
  await page.getByTestId('train').click();
  await expect.poll(() => stepOf(page, 'gru'), { timeout: 90_000 }).toBeGreaterThanOrEqual(20);
  await pause(page);
  await page.getByTestId('keep-runs').click();
  await page.getByTestId('gruVariant').selectOption('original');
  await page.getByTestId('train').click();
  await seen(page);
  await pause(page);
  // the memory text has 6 symbols: 3·16·(6 + 16 + 2) + 6·16 + 6 against 4·16·24 + 102
  expect(await page.getByTestId('lesson-check').innerText()).toMatch(/1,254\D+1,638\D+77/);
  await expect.poll(() => page.getByTestId('valve-row-z').count(), { timeout: 30_000 }).toBe(1);
  expect(await page.getByTestId('valve-row-r').count()).toBe(1);
  await viewShot(page, `lessons-${name}-6`);
  await figureShot(page, 'gate-valve', `figure-${name}-valve-gru`);

  // 7: the three cells on one text, 100 updates each
  await page.getByTestId('lesson-next').click();
  await setUp(page, 7, '[data-testid=loss-chart]');
  expect(await controls(page)).toEqual({ cell: 'lstm', hidden: '32', layers: '1', direction: 'uni', batch: '8', lr: '0.01', seed: '1', seqLen: '32' });
  expect(await page.getByTestId('training-text').inputValue()).toMatch(/^Alice was beginning/);
  await page.getByTestId('train-all').click();
  await seen(page, 240_000);
  await pause(page);
  for (const id of ['rnn', 'lstm', 'gru']) expect(await stepOf(page, id)).toBeGreaterThanOrEqual(100);
  expect(await page.getByTestId('lesson-check').innerText()).toMatch(/RNN \d\.\d{3}\D+LSTM \d\.\d{3}\D+GRU \d\.\d{3}/);
  await viewShot(page, `lessons-${name}-7`, 'loss-chart');

  // 8: two bidirectional GRU layers on the intents; 50% held out
  await page.getByTestId('lesson-next').click();
  await setUp(page, 8, '[data-testid=classify-panel]');
  expect(await controls(page)).toEqual({ cell: 'gru', hidden: '32', layers: '2', direction: 'bi', batch: '16', lr: '0.01', seed: '1', seqLen: null });
  expect(await page.getByTestId('mode-classify').getAttribute('aria-checked')).toBe('true');
  await page.getByTestId('train').click();
  await seen(page);
  await pause(page);
  expect(await page.getByTestId('lesson-check').innerText()).toMatch(/17\s*%/);
  await viewShot(page, `lessons-${name}-8`, 'classify-panel');

  // 9: names between start and end tokens; samples at two temperatures
  await page.getByTestId('lesson-next').click();
  await setUp(page, 9, '[data-testid=sample-panel]');
  expect(await controls(page)).toEqual({ cell: 'lstm', hidden: '32', layers: '1', direction: 'uni', batch: '16', lr: '0.01', seed: '1', seqLen: null });
  expect(await page.getByTestId('mode-lines').getAttribute('aria-checked')).toBe('true');
  expect(await page.getByTestId('sample-temperature').inputValue()).toBe('0.8');
  expect(await page.getByTestId('sample-topk').inputValue()).toBe('0');
  await page.getByTestId('train').click();
  await expect.poll(() => page.getByTestId('sample-lines').count(), { timeout: 90_000 }).toBe(1);
  // the setup's 0.8 and one change are not enough: a low and a high temperature, both chosen
  await page.getByTestId('sample-temperature').fill('0.3');
  await expect.poll(() => page.getByTestId('lesson-check').innerText(), { timeout: 90_000 }).toMatch(/0\.8\D+0\.3/);
  expect(await page.getByTestId('lesson-check').getAttribute('data-seen')).toBe('false');
  await page.getByTestId('sample-temperature').fill('1.5');
  await page.getByTestId('sample-topk').fill('3');
  await seen(page);
  await pause(page);
  expect(await page.getByTestId('lesson-check').innerText()).toMatch(/0\.8\D+0\.3\D+1\.5/);
  await viewShot(page, `lessons-${name}-9`, 'sample-panel');
}

describe('lessons, chapters 5–9 and the figures', () => {
  const chromium = sharedBrowser();

  // English in the light colour scheme, Chinese in the dark one: the figures pass axe in both
  for (const [lang, locale, colorScheme] of [
    ['en', 'en-US', 'light'],
    ['zh', 'zh-CN', 'dark'],
  ] as const) {
    it(`${lang}, ${colorScheme}: the figures, and chapters 5–9 set up and checked on real training`, { timeout: 600_000 }, async () => {
      const context = await chromium.browser.newContext({ viewport: WIDE, locale, colorScheme });
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(inject('baseUrl'));
      await page.getByTestId('learn-open').click();
      await expect.poll(() => page.getByTestId('lessons').isVisible(), { timeout: 30_000 }).toBe(true);
      await figures(page, `${lang}`);
      await walkChapters(page, `later-${lang}`);
      expect(errors).toEqual([]);
      await context.close();
    });
  }
});
