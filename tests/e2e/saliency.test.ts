// "Which inputs a prediction used" in headless Chromium on SwiftShader: each run's row tints the
// inspected window by ‖∂L_t/∂x_s‖ for the prediction at the window's last step, the caption worded
// from the row's numbers; clicking a character explains the prediction after it (a one-way LSTM:
// no later input counts); the strip grows with the updates; compare mode shows RNN, LSTM and GRU
// side by side. Both languages, with screenshots. (The numbers equal the CPU reference's:
// tests/gpu/trace-cells.test.ts.)
import { describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { ARTIFACTS, screenshot, setNumber, sharedBrowser } from '../helpers/browser.ts';

const TEXT = 'the cat sat on the mat. the dog sat on the log. '.repeat(10);

const values = (page: Page, runId: string) => page.locator(`[data-testid=saliency-${runId}] .saliency-char`).evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-value'))));

describe('which inputs a prediction used', () => {
  const chromium = sharedBrowser();

  it('tints the window for one prediction, moves to a clicked character, keeps a strip, and compares the cells', async () => {
    const page = await chromium.browser.newPage({ viewport: { width: 1280, height: 1000 }, locale: 'en-US' });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(inject('baseUrl'));
    await page.getByTestId('training-text').fill(TEXT);
    await setNumber(page, 'hiddenSize', '16');
    await setNumber(page, 'seqLen', '16');
    await setNumber(page, 'batchSize', '4');
    const panel = page.getByTestId('saliency-panel');
    await expect.poll(() => panel.innerText(), { timeout: 30_000 }).toContain('Train or take a step');
    await page.getByTestId('train').click();
    const row = page.getByTestId('saliency-lstm');
    // the window's 16 steps; the prediction explained: the last one's
    await expect.poll(() => row.getAttribute('data-at'), { timeout: 60_000 }).toBe('15');
    const first = await values(page, 'lstm');
    expect(first).toHaveLength(16);
    expect(first.every((v) => v > 0)).toBe(true); // every input before it reaches it, a little
    expect(await row.locator('.saliency-char.chosen').innerText()).toBe('t'); // the window reads "the cat sat on t": step 15 is its last 't'
    expect(await page.getByTestId('saliency-caption-lstm').innerText()).toMatch(/^The largest gradient, [\d.e-]+, reaches the input .* The window's first input \(“t”, time step 1\) still gets [\d.]+% of it\./);
    expect(await row.locator('h3').innerText()).toMatch(/^LSTM, latest update [\d,]+: the prediction after “t” \(time step 16\); true next character “h”, which the model gave p = [\d.e-]+$/);
    // the strip keeps the same prediction at later updates
    await expect.poll(() => row.getByTestId('saliency-strip').getAttribute('data-rows'), { timeout: 60_000 }).toBe('3');
    await page.getByTestId('train').click(); // pause
    await expect.poll(() => page.getByTestId('train').innerText(), { timeout: 30_000 }).toBe('Train');

    // another prediction: the one after step 5; a one-way network's later inputs get nothing
    await row.locator('.saliency-char').nth(5).click();
    await expect.poll(() => row.getAttribute('data-at'), { timeout: 30_000 }).toBe('5');
    const at5 = await values(page, 'lstm');
    expect(at5.slice(0, 6).every((v) => v > 0)).toBe(true);
    expect(at5.slice(6)).toEqual(Array(10).fill(0));
    expect(await row.locator('.saliency-char.later').count()).toBe(10); // not read yet: marked so
    expect(await row.getByTestId('saliency-strip').getAttribute('data-rows')).toBe('1'); // a new strip
    await panel.scrollIntoViewIfNeeded();
    await panel.screenshot({ path: `${ARTIFACTS}/saliency-lstm-en.png` });

    // compare mode: a row per cell, each its own numbers
    await page.getByTestId('train-all').click();
    for (const id of ['rnn', 'lstm', 'gru']) await expect.poll(() => page.getByTestId(`saliency-${id}`).getAttribute('data-at'), { timeout: 90_000 }).toBe('5');
    await expect.poll(() => page.getByTestId('saliency-gru').getByTestId('saliency-strip').getAttribute('data-rows'), { timeout: 60_000 }).toBe('2');
    await page.getByTestId('train').click();
    await expect.poll(() => page.getByTestId('train').innerText(), { timeout: 30_000 }).toBe('Train');
    const rows = await Promise.all(['rnn', 'lstm', 'gru'].map((id) => values(page, id)));
    expect(new Set(rows.map((r) => r.join())).size).toBe(3);
    await panel.screenshot({ path: `${ARTIFACTS}/saliency-compare-en.png` });
    await page.getByTestId('language').selectOption('zh-CN');
    await expect.poll(() => panel.innerText()).toContain('预测用到了哪些输入');
    expect(await page.getByTestId('saliency-caption-gru').innerText()).toMatch(/^最大的梯度 [\d.e-]+ 到达.*窗口的第一个输入（“t”，时间步 1）仍得到最大值的 [\d.]+%。/);
    await panel.screenshot({ path: `${ARTIFACTS}/saliency-compare-zh.png` });
    await screenshot(page, 'saliency-page-zh');
    expect(errors).toEqual([]);
  });
});
