// Memory tasks in the page, in headless Chromium with WebGPU on SwiftShader (small sizes, a few
// seconds of training): the task picker and its knobs (a bad value refused at its field with the
// largest value that fits, nothing lost), accuracy on answers with the chance line, the per-token
// panel's coloured answers with their probabilities and top guesses, the inside views and the
// gradient caption on a memory sequence; the task and its knobs kept across a reload and in the
// link; screenshots in English and Chinese.
import { describe, expect, inject, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { ARTIFACTS, readNumber, screenshot, setNumber, sharedBrowser, storedWork } from '../helpers/browser.ts';

const STEPS = 20;

/** A screenshot of one panel, beside the page's (the token rows are small on the full page). */
const panelShot = (l: Locator, name: string) => l.screenshot({ path: `${ARTIFACTS}/${name}.png` });

async function answers(page: Page): Promise<{ input: string; answer: string; p: number; right: boolean }[][]> {
  return page.getByTestId('memory-panel').evaluate((panel) =>
    [...panel.querySelectorAll('[data-testid^="memory-sequence-"]')].map((row) =>
      [...row.querySelectorAll('.mem-tok')].map((cell) => ({
        input: cell.querySelector('.token-in')?.textContent ?? '',
        answer: cell.querySelector('.token-answer')?.textContent ?? '',
        p: Number(cell.getAttribute('data-p') ?? NaN),
        right: cell.getAttribute('data-right') === 'true',
      })),
    ),
  );
}

describe('memory tasks in the page', () => {
  const chromium = sharedBrowser();

  it('recall: knobs refused at the field, accuracy and chance, coloured answers, the inside views, both languages', async () => {
    const errors: string[] = [];
    const page = await chromium.browser.newPage({ viewport: { width: 1280, height: 1000 } });
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(inject('baseUrl'));
    await page.getByTestId('mode-memory').click();
    expect(await page.getByTestId('memory-task-recall').getAttribute('aria-checked')).toBe('true');
    expect(await page.getByTestId('training-text').count()).toBe(0); // the picker stands in the text's place
    await setNumber(page, 'symbols', '4');
    await setNumber(page, 'delay', '4');
    await expect.poll(() => page.getByTestId('memory-summary').getAttribute('data-length')).toBe('6');
    expect(await page.getByTestId('memory-summary').innerText()).toBe('Each sequence is T = 6 time steps: the network is unrolled over all of them. Chance level 25.0%: the accuracy of the best guess that remembers nothing.');

    // bad values: refused at their field with the reason, the typed value and the task kept
    await setNumber(page, 'delay', '5000');
    expect(await page.locator('#field-delay-error').innerText()).toBe('These sequences are 5,002 steps long, more than the 1,024 a network is built for: use at most 1,022 here.');
    expect(await page.getByTestId('field-delay').inputValue()).toBe('5000');
    await setNumber(page, 'symbols', '40');
    expect(await page.locator('#field-symbols-error').innerText()).toBe('Alphabet size must be between 2 and 26 (got 40).');
    expect(await page.getByTestId('memory-summary').getAttribute('data-length')).toBe('6');
    await setNumber(page, 'delay', '4');
    await setNumber(page, 'symbols', '4');
    expect(await page.locator('#field-delay-error').count()).toBe(0);

    await setNumber(page, 'hiddenSize', '16');
    await setNumber(page, 'batchSize', '16');
    await page.getByTestId('train').click();
    await expect.poll(() => readNumber(page, 'readout-lstm-step').catch(() => 0), { timeout: 120_000, interval: 500 }).toBeGreaterThanOrEqual(STEPS);
    expect(await page.getByTestId('chart-y').inputValue()).toBe('accuracy');
    await expect.poll(() => page.getByTestId('chart-area').innerText(), { timeout: 10_000 }).toContain('chance 25.0%');
    expect(await page.getByTestId('chart-caption').innerText()).toMatch(/^Accuracy: the share of answer positions/);
    expect(await page.getByTestId('readout-lstm-accuracy').innerText()).toMatch(/^\d+(\.\d)?%$/);

    // four sequences, one answer each: the letter each began with, with the run's probability of it
    await expect.poll(() => page.getByTestId('memory-score').getAttribute('data-asked'), { timeout: 30_000 }).toBe('4');
    const rows = await answers(page);
    expect(rows).toHaveLength(4);
    for (const row of rows) {
      expect(row).toHaveLength(6);
      const asked = row.filter((c) => c.answer !== '');
      expect(asked).toHaveLength(1);
      expect(asked[0]!.answer).toBe(row[0]!.input);
      expect(row[5]!.input).toBe('?');
      expect(asked[0]!.p).toBeGreaterThan(0);
      expect(asked[0]!.p).toBeLessThan(1);
      if (asked[0]!.right) expect(asked[0]!.p).toBeGreaterThanOrEqual(1 / 5); // the top of five tokens
    }
    const right = rows.flat().filter((c) => c.right).length;
    expect(await page.getByTestId('memory-score').getAttribute('data-right')).toBe(String(right));

    await page.getByTestId('train').click(); // pause
    await expect.poll(() => page.getByTestId('train').innerText(), { timeout: 30_000 }).toBe('Train');
    // a focused answer shows its top guesses
    const first = page.getByTestId('memory-answer').first();
    await first.focus();
    await expect.poll(() => first.getByTestId('memory-top').isVisible()).toBe(true);
    expect(await first.getByTestId('memory-top').innerText()).toMatch(/^Step 6 · right answer [a-d] · top guesses:\s*[a-d?] [\d.]+%/);

    // the inside views trace the second test sequence; the gradient caption measures its answer's reach
    await page.getByTestId('memory-inspect-1').click();
    const second = rows[1]!.map((c) => c.input).join('');
    await expect.poll(() => page.getByTestId('detail-t').innerText(), { timeout: 30_000 }).toBe(`1 / 6: ${second[0]}`);
    const verdict = page.getByTestId('grad-verdict');
    await expect.poll(() => verdict.getAttribute('data-verdict'), { timeout: 30_000 }).toMatch(/^grad\.memory(Vanished|Reaches)$/);
    expect(await verdict.getAttribute('data-source')).toBe('0');
    expect(await verdict.getAttribute('data-answer')).toBe('5');
    expect(await verdict.innerText()).toMatch(/^Measured on this sequence: the last answer \(step 6\) needs the input at step 1, 5 steps back\. Of the gradient at the answer, LSTM ×[\d.]+e[-+]\d+, LSTM ‖∂L\/∂c‖ ×[\d.]+e[-+]\d+ reaches step 1/);
    await screenshot(page, 'memory-recall-en');
    await panelShot(page.getByTestId('memory-panel'), 'memory-answers-en');
    // step mode reads every token of the sequence; the last tick is the answer's
    await page.getByTestId('stepper-open').click();
    await page.getByTestId('stepper-last').click();
    await expect.poll(() => page.getByTestId('stepper-position').innerText(), { timeout: 30_000 }).toMatch(/^Tick 6 of 6/);
    expect(await page.getByTestId('detail-t').innerText()).toBe(`6 / 6: ? → ${second[0]}`);
    expect(await page.getByTestId('detail-ptarget').innerText()).toMatch(/^0\.\d+$/);
    await page.getByTestId('stepper-close').click();

    await page.getByTestId('language').selectOption('zh-CN');
    expect(await page.getByTestId('memory-panel').locator('h2').innerText()).toBe('逐个符号的回答');
    await expect.poll(() => verdict.innerText()).toMatch(/^在这条序列上测得：最后一个答案（第 6 步）需要第 1 步的输入，相隔 5 步。/);
    await screenshot(page, 'memory-recall-zh');
    await panelShot(page.getByTestId('memory-panel'), 'memory-answers-zh');
    await panelShot(page.getByTestId('loss-chart'), 'memory-chart-zh');

    // kept across a reload, and in the link
    await expect.poll(async () => (await storedWork(page))?.memory).toEqual({ task: 'recall', delay: 4, symbols: 4, length: 5, depth: 3 });
    expect(new URL(page.url()).hash).toContain('task=recall&symbols=4&delay=4');
    await page.reload();
    expect(await page.getByTestId('memory-task-recall').getAttribute('aria-checked')).toBe('true');
    expect(await page.getByTestId('field-delay').inputValue()).toBe('4');
    expect(errors).toEqual([]);
  });

  it('copy: another task, its knobs and examples; a length that makes the sequence too long names the delay that fits', async () => {
    const page = await chromium.browser.newPage({ viewport: { width: 1280, height: 1000 } });
    await page.goto(`${inject('baseUrl')}#mode=memory&task=copy&delay=900&length=5&symbols=8`);
    expect(await page.getByTestId('memory-task-copy').getAttribute('aria-checked')).toBe('true');
    expect(await page.getByTestId('memory-summary').getAttribute('data-length')).toBe('911');
    // 2·100 + D + 1 ≤ 1024: the delay is what must give
    await setNumber(page, 'length', '100');
    expect(await page.locator('#field-delay-error').innerText()).toBe('These sequences are 1,101 steps long, more than the 1,024 a network is built for: use at most 823 here.');
    await setNumber(page, 'delay', '823');
    await expect.poll(() => page.getByTestId('memory-summary').getAttribute('data-length')).toBe('1024');
    expect(await page.locator('#field-delay-error').count()).toBe(0);
    await screenshot(page, 'memory-picker-copy-en');
    await panelShot(page.locator('.text-panel'), 'memory-picker-en');
    await page.getByTestId('language').selectOption('zh-CN');
    await screenshot(page, 'memory-picker-copy-zh');
    await panelShot(page.locator('.text-panel'), 'memory-picker-zh');
  });
});
