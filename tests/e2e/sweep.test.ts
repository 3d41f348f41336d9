// The sweep, "where does each cell break?", in headless Chromium with WebGPU on SwiftShader, at a
// tiny size (hidden 8, 25 steps a point): bad values are refused at the field with what would fit
// and stay as typed; a sweep shows its progress and time left, its first points land on the chart,
// Cancel keeps them (marked partial), the CSV holds them, a reload keeps them, the panel reads in
// Chinese too, and Train while a sweep runs cancels it. A whole sweep (recall as an H200 measured
// it) comes back from storage with three lines and its caption.
import { readFileSync } from 'node:fs';
import { describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { memoryConfigErrors, memoryDefaults } from '../../src/model/memory-tasks.ts';
import { SWEEP_DEFAULTS, type SweepPoint } from '../../src/model/sweep.ts';
import type { SweepResult } from '../../src/store/state.ts';
import { downloads, screenshot, sharedBrowser, storedWork, writeStored } from '../helpers/browser.ts';
import { tempFiles } from '../helpers/cli.ts';

const dir = tempFiles({});
/** recall with 4 symbols: chance is 25%. */
const HASH = '#mode=memory&task=recall&symbols=4';
/** The largest delay a recall sequence fits the window with, as the task's own check says. */
const MAX_DELAY = memoryConfigErrors({ ...memoryDefaults('recall'), delay: 5000 })[0]!.problem!.params.max;

const points = async (page: Page) => Number(await page.getByTestId('sweep-chart').getAttribute('data-points'));

async function fieldError(page: Page, id: string, value: string): Promise<string> {
  await page.getByTestId(id).fill(value);
  const error = page.getByTestId(`${id}-error`);
  await expect.poll(() => error.isVisible(), { timeout: 5_000 }).toBe(true);
  return error.innerText();
}

describe('the sweep: where does each cell break?', () => {
  const chromium = sharedBrowser();

  it('refuses bad values at the field, runs, cancels keeping its points, downloads them and keeps them over a reload', async () => {
    const context = await chromium.browser.newContext({ viewport: { width: 1280, height: 1000 }, locale: 'en-US', acceptDownloads: true });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${inject('baseUrl')}${HASH}`);
    const panel = page.getByTestId('sweep-panel');
    await expect.poll(() => panel.isVisible(), { timeout: 30_000 }).toBe(true);
    expect(await page.getByTestId('sweep-values').inputValue()).toBe('5, 10, 20, 40, 80'); // the task's default sweep
    expect(await panel.innerText()).toContain('No sweep of this task yet');

    // bad input: said at the field, Start refused, the text kept as typed
    expect(await fieldError(page, 'sweep-values', '3, 5000')).toBe(`Delay 5000 makes sequences 5002 steps long, more than the 1024 a network is built for: the largest delay that fits is ${MAX_DELAY}.`);
    expect(await page.getByTestId('sweep-start').isDisabled()).toBe(true);
    expect(await fieldError(page, 'sweep-values', '3, x')).toBe('Delay must be a number (got x).');
    expect(await fieldError(page, 'sweep-values', '1 2 3 4 5 6 7 8 9 10 11 12 13')).toBe('The number of values must be between 1 and 12 (got 13).');
    expect(await fieldError(page, 'sweep-steps', '5')).toBe('Steps per point must be between 20 and 100,000 (got 5).');
    expect(await page.getByTestId('sweep-values').inputValue()).toBe('1 2 3 4 5 6 7 8 9 10 11 12 13');

    // a tiny sweep: delay 3 is quick, delay 400 slow enough to cancel in
    await page.getByTestId('sweep-values').fill('400, 3');
    await page.getByTestId('sweep-steps').fill('25');
    await page.getByTestId('sweep-hidden').fill('8');
    await page.getByTestId('sweep-cell-gru').uncheck();
    expect(await page.getByTestId('sweep-settings').innerText()).toBe('Every point: recall (symbols 4); 8 hidden units, batch 32, Adam at learning rate 0.005, seed 1.');
    await page.getByTestId('sweep-start').click();
    await expect.poll(() => page.getByTestId('sweep-progress').isVisible(), { timeout: 10_000 }).toBe(true);
    await expect.poll(() => page.getByTestId('sweep-left').innerText(), { timeout: 30_000 }).toMatch(/^about \d+ (s|min \d+ s) left$/);
    expect(await page.getByTestId('sweep-progress').innerText()).toMatch(/Sweeping recall: \d+% of 100 steps/);
    // delay 3's two points (RNN, LSTM), drawn as dots
    await expect.poll(() => points(page), { timeout: 60_000 }).toBe(2);
    expect(await page.locator('[data-testid=sweep-chart] .recharts-line-dot').count()).toBe(2);
    await screenshot(page, 'sweep-running-en');
    await page.getByTestId('sweep-cancel').click();
    await expect.poll(() => page.getByTestId('sweep-start').isVisible(), { timeout: 30_000 }).toBe(true);
    expect(await page.getByTestId('sweep-chart').getAttribute('data-partial')).toBe('true');
    expect(await points(page)).toBe(2);
    const caption = await page.getByTestId('sweep-caption').innerText();
    expect(caption).toContain('This sweep stopped after 2 of 4 points');
    expect(await page.getByTestId('sweep-chance-label').textContent()).toBe('chance 25%'); // recall with 4 symbols

    // the CSV: a row per point, the difficulty column named after the knob
    const [csv] = await downloads(page, () => page.getByTestId('sweep-csv').click(), 1, dir);
    expect(csv).toMatch(/sweep-recall-partial\.csv$/);
    const rows = readFileSync(csv!, 'utf8').trim().split('\n');
    expect(rows[0]).toBe('task,cell,delay,steps,loss_nats,accuracy,chance');
    expect(rows.slice(1).map((r) => r.split(',').slice(0, 4).join())).toEqual(['recall,rnn,3,25', 'recall,lstm,3,25']);
    for (const r of rows.slice(1)) {
      const [, , , , loss, accuracy, chance] = r.split(',').map(Number);
      expect(loss).toBeGreaterThan(0);
      expect(accuracy).toBeGreaterThanOrEqual(0);
      expect(accuracy).toBeLessThanOrEqual(1);
      expect(chance).toBe(0.25);
    }
    // each accuracy in the caption is the CSV's, rounded
    const acc = (cell: string) => Math.round(100 * Number(rows.find((r) => r.includes(`,${cell},`))!.split(',')[5]));
    expect(caption).toMatch(new RegExp(`Vanilla RNN (is below 90% already at delay 3 \\(${acc('rnn')}%\\)|stays at or above 90% up to delay 3)`));

    // a reload keeps the points, the fields as typed
    await page.reload();
    await expect.poll(async () => (await page.getByTestId('sweep-chart').isVisible()) && points(page), { timeout: 30_000 }).toBe(2);
    expect(await page.getByTestId('sweep-chart').getAttribute('data-partial')).toBe('true');
    expect(await page.getByTestId('sweep-values').inputValue()).toBe('400, 3');
    expect(await page.getByTestId('sweep-caption').innerText()).toBe(caption);
    await screenshot(page, 'sweep-partial-en');
    await panel.screenshot({ path: 'tests/artifacts/sweep-panel-en.png' });

    // in Chinese
    await page.getByTestId('language').selectOption('zh-CN');
    await expect.poll(() => panel.innerText()).toContain('每种单元在哪里失效？');
    expect(await page.getByTestId('sweep-caption').innerText()).toContain('这次扫描在完成 4 个点中的 2 个后停止了');
    await screenshot(page, 'sweep-partial-zh');
    await panel.screenshot({ path: 'tests/artifacts/sweep-panel-zh.png' });

    // the rule with training: Train while a sweep runs cancels the sweep, and training starts
    await page.getByTestId('sweep-start').click();
    await expect.poll(() => page.getByTestId('sweep-progress').isVisible(), { timeout: 10_000 }).toBe(true);
    await page.getByTestId('train').click();
    await expect.poll(() => page.getByTestId('sweep-start').isVisible(), { timeout: 60_000 }).toBe(true);
    expect(await page.getByTestId('sweep-chart').getAttribute('data-partial')).toBe('true');
    await expect.poll(() => page.getByTestId('train').innerText(), { timeout: 30_000 }).toBe('暂停');
    expect(errors).toEqual([]);
  }, 120_000);

  it('draws a whole stored sweep: three lines, the chance level, and a caption from its points', async () => {
    // recall's default sweep on an H200 (bench/results/2026-11-27-h200-sweeps/sweep-recall.jsonl)
    const measured = { rnn: [1, 1, 0.1156, 0.1359, 0.0984], lstm: [1, 0.8859, 0.1203, 0.1578, 0.1109], gru: [1, 1, 1, 1, 0.1063] };
    const values = [5, 10, 20, 40, 80];
    const points: SweepPoint[] = values.flatMap((value, i) => (['rnn', 'lstm', 'gru'] as const).map((cell) => ({ task: 'recall' as const, cell, knob: 'delay' as const, value, steps: 2500, loss: 1, accuracy: measured[cell][i]!, chance: 0.125 })));
    const sweep: SweepResult = { spec: { memory: memoryDefaults('recall'), values, cells: ['rnn', 'lstm', 'gru'], model: { ...SWEEP_DEFAULTS.model, hiddenSize: 32 }, train: SWEEP_DEFAULTS.train, steps: 2500 }, points, partial: false };
    const page = await chromium.browser.newPage({ viewport: { width: 1280, height: 1000 }, locale: 'en-US' });
    await page.goto(`${inject('baseUrl')}#mode=memory&task=recall`);
    await expect.poll(() => page.getByTestId('sweep-steps').isVisible(), { timeout: 30_000 }).toBe(true);
    await page.getByTestId('sweep-steps').fill('2000'); // a change: the work is saved
    await expect.poll(async () => (await storedWork(page))?.sweepDraft?.steps, { timeout: 10_000 }).toBe('2000');
    await writeStored(page, { sweeps: [sweep] });
    await page.reload();
    const panel = page.getByTestId('sweep-panel');
    await expect.poll(async () => (await panel.isVisible()) && Number(await page.getByTestId('sweep-chart').getAttribute('data-points')), { timeout: 60_000 }).toBe(15);
    // data-points is set before recharts draws its dots: poll for them too
    await expect.poll(() => page.locator("[data-testid=sweep-chart] .recharts-line-dot").count(), { timeout: 10_000 }).toBe(15);
    expect(await page.getByTestId('sweep-caption').innerText()).toBe(
      [
        'Each point is a cell’s mean accuracy on the answer positions over its last 20 training steps, each on fresh sequences.',
        'Vanilla RNN first falls below 90% at delay 20 (12%).',
        'At delay 80, Vanilla RNN is no better than chance (10% against 12.5%).',
        'LSTM first falls below 90% at delay 10 (89%).',
        'At delay 80, LSTM is no better than chance (11% against 12.5%).',
        'GRU first falls below 90% at delay 80 (11%).',
        'At delay 80, GRU is no better than chance (11% against 12.5%).',
        'The vanilla RNN breaks at a smaller delay than the GRU, as the course predicts, but not than the LSTM. With 2,500 steps per point a gated cell may not have finished learning; more steps may separate them.',
      ].join('\n'),
    );
    await panel.screenshot({ path: 'tests/artifacts/sweep-whole-en.png' });
    await page.getByTestId('language').selectOption('zh-CN');
    await expect.poll(() => page.getByTestId('sweep-caption').innerText()).toContain('普通 RNN 比 GRU 在更小的延迟上失效');
    await panel.screenshot({ path: 'tests/artifacts/sweep-whole-zh.png' });
  }, 60_000);
});
