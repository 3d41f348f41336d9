
// "Look inside" in headless Chromium with WebGPU on SwiftShader: the unrolled network drawn from
// GPU traces while training, its numbers equal to the CPU reference for the same parameters, the
// gradient-flow panel for three cells, frame times reported; screenshots for each cell.
import { describe, expect, inject, it } from 'vitest';
import { CELL_KINDS } from '../../src/model/cells/registry.ts';
import type { Page } from 'playwright-core';
import { buildLayout } from '../../src/model/params.ts';
import { nextCharProbs, traceWindow } from '../../src/model/trace.ts';
import { encode } from '../../src/model/vocab.ts';
import { TINT_CHARS, windowText } from '../../src/store/inspect.ts';
import { absMax } from '../../src/ui/draw/heatmap.ts';
import { COL_W, COLUMNS_X, showSymbol } from '../../src/ui/draw/unrolled.ts';
import { pausedLstmModel, readNumber, screenshot, setNumber, sharedBrowser } from '../helpers/browser.ts';
import { texNumbers } from '../helpers/tex.ts';

const TEXT = 'the cat sat on the mat. the cat ate the rat. '.repeat(12);

/**
 * A number the page shows with 4 significant digits, computed on the GPU, against the CPU
 * reference's. `floor`: the absolute error float32 arithmetic itself leaves in the quantity.
 */
function expectShown(shown: number, exact: number, floor = 1e-7) {
  expect(Math.abs(shown - exact), `shown ${shown}, reference ${exact}`).toBeLessThanOrEqual(1e-3 * Math.abs(exact) + floor);
}

/** The floor of a gradient norm: dL/dh starts as W_dec^T (p - onehot), and when the model is sure
 *  (p near 1) p - 1 keeps float32's absolute error of 1 (6e-8) in every term; measured on an
 *  H100, 3e-7 against the CPU on a gradient of 4e-5 (0.8% of it, all of it rounding). */
const GRADIENT_FLOOR = 1e-6;

async function smallModel(page: Page) {
  await page.getByTestId('training-text').fill(TEXT);
  await setNumber(page, 'hiddenSize', '16');
  await setNumber(page, 'seqLen', '16');
  await setNumber(page, 'batchSize', '8');
  await setNumber(page, 'learningRate', '0.01');
}

describe('inside the network', () => {
  const chromium = sharedBrowser();

  it('draws the unrolled network from GPU traces while training; its numbers are the CPU reference', async () => {
    const page = await chromium.browser.newPage({ viewport: { width: 1280, height: 1400 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(inject('baseUrl'));
    await smallModel(page);
    await page.getByTestId('train').click();
    const canvas = page.getByTestId('unrolled-canvas');
    await expect.poll(async () => Number(await canvas.getAttribute('data-step').catch(() => '0')), { timeout: 120_000 }).toBeGreaterThan(30);
    // frame times while training with the panels drawing (reported, not asserted)
    const frames = await page.evaluate(
      () =>
        new Promise<number[]>((resolve) => {
          const times: number[] = [];
          const tick = (now: number) => {
            times.push(now);
            if (times.length < 120) requestAnimationFrame(tick);
            else resolve(times.slice(1).map((t, i) => t - times[i]!));
          };
          requestAnimationFrame(tick);
        }),
    );
    const sorted = [...frames].sort((a, b) => a - b);
    console.log(`frame times while training (ms): median ${sorted[60]!.toFixed(1)}, p95 ${sorted[113]!.toFixed(1)}, fps ${(1000 / sorted[60]!).toFixed(0)}`);
    await screenshot(page, 'inside-lstm-training');
    // the same parameters through the CPU reference
    const { model, vocab, params, step } = await pausedLstmModel(page, canvas);
    const ref = traceWindow(model, params, vocab.size, encode(vocab, windowText(TEXT, 0, 16)).ids, 5);
    const norm = (a: Float32Array, t: number) => Math.hypot(...a.subarray(t * ref.H, (t + 1) * ref.H));
    await canvas.focus();
    for (const t of [0, 3, 15]) {
      await canvas.press(t === 15 ? 'End' : t === 0 ? 'Home' : 'ArrowRight');
      if (t === 3) for (let i = 0; i < 2; i++) await canvas.press('ArrowRight');
      expect(await page.getByTestId('detail-t').innerText()).toBe(`${t + 1} / 16: ${showSymbol(vocab.symbols[ref.inputs[t]!])} → ${showSymbol(vocab.symbols[ref.targets[t]!])}`);
      expectShown(Number(await page.getByTestId('detail-ptarget').innerText()), ref.targetProbs[t]!);
      const top = (await page.getByTestId('detail-top').innerText()).split(' · ').map((s) => Number(s.split(' ').at(-1)));
      Array.from(ref.topK.probs.subarray(t * 5, t * 5 + 5)).forEach((p, k) => expectShown(top[k]!, p));
      const h = await page.getByTestId('detail-h-0-0').innerText();
      expectShown(Number(h.match(/‖h‖ ([\d.e-]+)/)![1]), norm(ref.layers[0]![0]!.h, t));
      expectShown(Number(h.match(/‖c‖ ([\d.e-]+)/)![1]), norm(ref.layers[0]![0]!.c!, t));
    }
    // the training text tinted by the model's probability of each character: the reference's numbers
    await expect.poll(() => page.locator('[data-testid="tinted-text"] span[data-p]').count(), { timeout: 30_000 }).toBe(Array.from(windowText(TEXT, 0, TINT_CHARS)).length - 1);
    const shown = await page.locator('[data-testid="tinted-text"] span[data-p]').evaluateAll((els) => els.slice(0, 40).map((e) => Number(e.getAttribute('data-p'))));
    const expected = nextCharProbs(model, params, vocab.size, encode(vocab, windowText(TEXT, 0, TINT_CHARS)).ids);
    shown.forEach((p, k) => expectShown(p, expected[k]!));
    expect(await page.getByTestId('tinted-text').innerText()).toContain(windowText(TEXT, 0, 40));
    // the gate inspector at the last step (End above), unit 3: the reference's numbers, typeset
    await page.getByTestId('gates-unit').fill('3');
    const t = 15;
    const j = 2;
    const G4 = 4 * ref.H;
    const d = ref.layers[0]![0]!;
    const tex = async (i: number) => (await page.getByTestId(`equation-${i}`).getAttribute('data-tex'))!;
    const expectTex = async (i: number, exact: number[]) => {
      const shown = texNumbers(await tex(i));
      expect(shown).toHaveLength(exact.length);
      shown.forEach((x, k) => expectShown(x, exact[k]!));
    };
    const gate = (g: number) => d.post[t * G4 + g * ref.H + j]!;
    for (let g = 0; g < 4; g++) await expectTex(g, [d.pre[t * G4 + g * ref.H + j]!, gate(g)]);
    const c = d.c![t * ref.H + j]!;
    await expectTex(4, [gate(1), d.c![(t - 1) * ref.H + j]!, gate(0), gate(2), c]);
    await expectTex(5, [gate(3), c, d.h[t * ref.H + j]!]);
    expect(await page.locator('[data-testid="gate-inspector"] .katex').count()).toBe(6);
    await page.getByTestId('equation-4').hover(); // rings c_t of unit 3 in the network panel
    await screenshot(page, 'inside-lstm-gates');
    // the weights every column shares, as heatmaps of the very parameters the page trained
    await page.getByTestId('inside-shared').click();
    await expect.poll(() => page.getByTestId('heatmaps').getAttribute('data-step').catch(() => null), { timeout: 60_000 }).toBe(String(step));
    const lo = buildLayout(model, vocab.size).layers[0]![0]!;
    expect(Number(await page.getByTestId('heatmap-hh').getAttribute('data-absmax'))).toBe(absMax(params, lo.wHh, G4 * ref.H));
    expect(Number(await page.getByTestId('heatmap-ih').getAttribute('data-absmax'))).toBe(absMax(params, lo.wIh, G4 * vocab.size));
    expect(await page.getByTestId('heatmap-ih-column').getAttribute('data-column')).toBe(String(ref.inputs[t]));
    await screenshot(page, 'inside-lstm-shared');
    await page.getByTestId('unrolled-panel').screenshot({ path: 'tests/artifacts/inside-panel-shared.png' });
    await page.getByTestId('inside-shared').click();
    // the gradient of the last step's loss alone: what the reference computes with that loss
    await page.locator('#grad-loss-at').selectOption('last');
    const last = traceWindow(model, params, vocab.size, encode(vocab, windowText(TEXT, 0, 16)).ids, 5, 'last');
    await expect.poll(() => page.getByTestId('detail-h-0-0').innerText(), { timeout: 30_000 }).toContain('‖∂L_T/∂h‖');
    for (const k of [15, 3]) {
      // the canvas is scaled to fit its panel: a column's x is scaled with it
      const scale = Number(await page.getByTestId('unrolled-scroll').getAttribute('data-scale'));
      if (k === 3) await page.getByTestId('unrolled-canvas').click({ position: { x: (COLUMNS_X + 3 * COL_W + 10) * scale, y: 40 } });
      expect(await page.getByTestId('detail-t').innerText()).toMatch(new RegExp(`^${k + 1} / 16:`));
      expectShown(Number((await page.getByTestId('detail-h-0-0').innerText()).match(/‖∂L_T\/∂h‖ ([\d.e-]+)/)![1]), last.layers[0]![0]!.dhNorm[k]!, GRADIENT_FLOOR);
    }
    await screenshot(page, 'inside-lstm-grad-last');
    await page.locator('#grad-loss-at').selectOption('all');
    await expect.poll(() => page.getByTestId('detail-h-0-0').innerText(), { timeout: 30_000 }).toContain('‖∂L/∂h‖');

    // the stepper: each forward step one step-mode dispatch; the states are the reference's
    await page.getByTestId('stepper-open').click();
    await expect.poll(() => page.getByTestId('stepper-position').innerText()).toMatch(/Nothing computed yet: 16 ticks ahead/);
    const hAt = async () => Number((await page.getByTestId('detail-h-0-0').innerText()).match(/‖h‖ ([\d.e-]+)/)![1]);
    const atTick = async (i: number) => {
      // a jump to the last tick dispatches every remaining tick, each read back: seconds on SwiftShader
      await expect.poll(() => page.getByTestId('stepper-position').innerText(), { timeout: 30_000 }).toBe(`Tick ${i} of 16: layer 1, time step ${i}`);
      expect(await page.getByTestId('detail-t').innerText()).toMatch(new RegExp(`^${i} / 16:`));
      expectShown(await hAt(), norm(ref.layers[0]![0]!.h, i - 1));
      expectShown(texNumbers(await tex(5)).at(-1)!, ref.layers[0]![0]!.h[(i - 1) * ref.H + j]!);
    };
    for (let i = 0; i < 5; i++) await page.getByTestId('stepper-forward').click();
    await atTick(5);
    await screenshot(page, 'inside-lstm-stepper');
    await page.getByTestId('stepper-back').click();
    await page.getByTestId('stepper-back').click();
    await atTick(3);
    await canvas.focus();
    await canvas.press('ArrowRight'); // the arrow keys step too
    await atTick(4);
    await page.getByTestId('stepper-last').click();
    await atTick(16);
    // backward mode: BPTT walks right to left with the gradient norms the reference computes
    await page.getByTestId('stepper-backward').click();
    const gradsAt = async (k: number) => {
      const t = 16 - k;
      expect(await page.getByTestId('stepper-position').innerText()).toBe(`BPTT step ${k} of 16: the gradient has reached time step ${t + 1}`);
      expect(await page.getByTestId('detail-t').innerText()).toMatch(new RegExp(`^${t + 1} / 16:`));
      const text = await page.getByTestId('detail-h-0-0').innerText();
      expectShown(Number(text.match(/‖∂L\/∂h‖ ([\d.e-]+)/)![1]), ref.layers[0]![0]!.dhNorm[t]!, GRADIENT_FLOOR);
      expectShown(Number(text.match(/‖∂L\/∂c‖ ([\d.e-]+)/)![1]), ref.layers[0]![0]!.dcNorm![t]!, GRADIENT_FLOOR);
    };
    await gradsAt(1);
    await canvas.focus();
    for (let i = 0; i < 3; i++) await canvas.press('ArrowLeft');
    await gradsAt(4);
    await screenshot(page, 'inside-lstm-bptt');
    await page.getByTestId('stepper-forward-mode').click();
    await atTick(16);
    // training closes the stepper (it would read parameters that are changing)
    await page.getByTestId('train').click();
    await expect.poll(() => page.getByTestId('stepper-open').isVisible(), { timeout: 30_000 }).toBe(true);
    await page.getByTestId('train').click();
    expect(errors).toEqual([]);
  });

  it('shows the three cells side by side in the gradient flow; each cell drawn', async () => {
    const page = await chromium.browser.newPage({ viewport: { width: 1280, height: 1500 } });
    await page.goto(inject('baseUrl'));
    await smallModel(page);
    await page.getByTestId('train-all').click();
    await expect.poll(() => page.getByTestId('grad-chart').getAttribute('data-series').catch(() => '0'), { timeout: 120_000 }).toBe('3');
    await expect.poll(() => readNumber(page, 'readout-gru-step'), { timeout: 120_000 }).toBeGreaterThan(20);
    await page.getByTestId('train').click();
    await expect.poll(() => page.getByTestId('train').innerText(), { timeout: 30_000 }).toBe('Train');
    for (const cell of CELL_KINDS) {
      await page.locator('#inside-run').selectOption(cell);
      await expect.poll(() => page.getByTestId('unrolled-details').isVisible()).toBe(true);
      // the cell's own equations: RNN one, GRU four (r, z, n, h)
      await expect.poll(() => page.locator('[data-testid="gate-inspector"] .katex').count()).toBe({ rnn: 1, lstm: 6, gru: 4 }[cell]);
      await screenshot(page, `inside-${cell}`);
    }
    expect(await page.getByTestId('grad-chart').getAttribute('data-series')).toBe('3');
    for (const cell of CELL_KINDS) await expect.poll(() => page.getByTestId(`grad-legend-${cell}`).isVisible()).toBe(true);
    // the last step's loss alone, three cells side by side: the vanishing-gradient view
    await page.locator('#grad-loss-at').selectOption('last');
    await expect.poll(() => page.getByTestId('detail-h-0-0').innerText(), { timeout: 30_000 }).toContain('‖∂L_T/∂h‖');
    await expect.poll(() => page.getByTestId('grad-chart').getAttribute('data-loss-at')).toBe('last');
    expect(await page.getByTestId('grad-chart').getAttribute('data-series')).toBe('3');
    // hovering a step reads each cell's value off the chart
    await page.getByTestId('grad-chart').locator('canvas').hover({ position: { x: 80, y: 100 } });
    await expect.poll(() => page.getByTestId('grad-legend-rnn').innerText()).toMatch(/RNN.*\d\.\d\de[-+]\d+/);
    await page.getByTestId('grad-panel').screenshot({ path: 'tests/artifacts/inside-grad-last.png' });
    // every panel in Chinese, for each cell, with the weight heatmaps open
    await page.getByTestId('language').selectOption('zh-CN');
    await page.getByTestId('inside-shared').click();
    for (const cell of CELL_KINDS) {
      await page.locator('#inside-run').selectOption(cell);
      await expect.poll(() => page.getByTestId('heatmaps').isVisible(), { timeout: 30_000 }).toBe(true);
      expect(await page.getByTestId('grad-panel').innerText()).toContain('梯度随时间的流动');
      await screenshot(page, `inside-${cell}-zh`);
    }
  });
});
