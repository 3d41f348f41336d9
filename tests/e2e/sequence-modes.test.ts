// Line and classification modes in headless Chromium with WebGPU on SwiftShader: the intent
// preset trains until its held-out accuracy passes a bound, a typed sentence gets the right label,
// the model leaves as a classifier file; the names preset generates whole names that end at the end
// token; bad input in either mode gets its message where the person is looking, and nothing is lost.
import { readFileSync } from 'node:fs';
import { describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { readModelFile } from '../../src/io/safetensors.ts';
import { buildLayout } from '../../src/model/params.ts';
import { classify } from '../../src/model/sequence-train.ts';
import { parseExamples } from '../../src/model/tasks.ts';
import { INTENTS } from '../../src/store/task-presets.ts';
import { downloads, readNumber, screenshot, sharedBrowser } from '../helpers/browser.ts';
import { tempFiles } from '../helpers/cli.ts';

/** Held-out accuracy the intent preset must pass, in an evaluation after EVALUATED_AFTER steps:
 *  3.6 times chance over its six labels (the CPU reference reaches 0.67-0.78 from step 100 on). */
const ACCURACY_BOUND = 0.6;
const EVALUATED_AFTER = 120;
const dir = tempFiles({});

async function open(browser: Browser, errors: string[]): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  await page.goto(inject('baseUrl'));
  return page;
}

/** The latest held-out accuracy, once an evaluation after EVALUATED_AFTER steps has come (else NaN). */
async function accuracy(page: Page): Promise<number> {
  const el = page.getByTestId('held-out-accuracy');
  if ((await el.count()) === 0 || Number(await el.getAttribute('data-step')) < EVALUATED_AFTER) return NaN;
  return Number(await el.getAttribute('data-accuracy'));
}

describe('line and classification modes', () => {
  const chromium = sharedBrowser();

  it('intents: held-out accuracy passes the bound, a typed sentence gets its label, the classifier downloads', async () => {
    const errors: string[] = [];
    const page = await open(chromium.browser, errors);
    await page.getByTestId('preset-intents').click();
    expect(await page.getByTestId('mode-classify').getAttribute('aria-checked')).toBe('true');
    await expect.poll(() => page.getByTestId('text-stats').innerText()).toMatch(/^84 training sentences · 18 held out · 6 labels: ask_time, greet, play_music, set_alarm, thanks, weather/);
    await page.getByTestId('train').click();
    await expect.poll(() => page.getByTestId('backend-notice').innerText(), { timeout: 60_000 }).toMatch(/Training on the GPU/);
    await expect.poll(() => page.getByTestId('held-out-table').locator('tbody tr').count()).toBe(18);
    await expect.poll(() => accuracy(page), { timeout: 300_000, interval: 2000 }).toBeGreaterThanOrEqual(ACCURACY_BOUND);
    console.log(`intents: held-out accuracy ${await accuracy(page)} at step ${await readNumber(page, 'readout-gru-step')}`);
    expect(await page.getByTestId('readout-gru-accuracy').innerText()).toMatch(/^\d+(\.\d)?%$/);

    await page.getByTestId('predict-text').fill('what time is it');
    await expect.poll(() => page.getByTestId('prediction').getAttribute('data-label'), { timeout: 60_000 }).toBe('ask_time');
    expect(await page.getByTestId('prediction').locator('li').count()).toBe(6);
    await page.getByTestId('chart-y').selectOption('accuracy');
    await expect.poll(() => page.getByTestId('chart-area').getAttribute('data-series'), { timeout: 10_000 }).toBe('1');
    await screenshot(page, 'classify-intents');

    await page.getByTestId('train').click(); // pause
    await expect.poll(() => page.getByTestId('train').innerText(), { timeout: 30_000 }).toBe('Train');
    // inside: one training sentence, no column predicts a character, the label comes at the end
    await expect.poll(() => page.getByTestId('detail-label').innerText(), { timeout: 30_000 }).toMatch(/^(\w+ [\d.e-]+ · ){5}\w+ [\d.e-]+$/);
    expect(await page.getByTestId('detail-t').innerText()).toMatch(/^1 \/ 15: w$/);
    expect(await page.getByTestId('unrolled-details').innerText()).not.toContain('p(true next)');

    const [model] = (await downloads(page, () => page.getByTestId('download-gru').click(), 2, dir)).filter((p) => p.endsWith('.safetensors'));
    const file = readModelFile(readFileSync(model!));
    expect(file.mode).toBe('classify');
    expect(file.labels).toEqual(['ask_time', 'greet', 'play_music', 'set_alarm', 'thanks', 'weather']);
    expect(buildLayout(file.model, file.vocab.size, 6).tensors.map((t) => t.name)).toContain('classifier.weight');
    // the label probabilities the inside view shows (4 significant digits, most likely first) are
    // the reference's for its sentence with the downloaded parameters
    const sentence = parseExamples(INTENTS).train[0]!.text;
    expect(sentence).toHaveLength(15); // the view's "1 / 15: w"
    const exact = classify(file.model, file.params, file.vocab, file.labels!.length, sentence)!;
    const shownLabels = async () => (await page.getByTestId('detail-label').innerText()).split(' · ').map((s) => s.split(' ') as [string, string]);
    const worstLabelError = async () =>
      Math.max(...(await shownLabels()).map(([label, p]) => Math.abs(Number(p) - exact[file.labels!.indexOf(label)]!) / exact[file.labels!.indexOf(label)]!));
    await expect.poll(worstLabelError, { timeout: 30_000 }).toBeLessThanOrEqual(1e-3);
    const shown = await shownLabels();
    expect(shown.map(([label]) => label).sort()).toEqual([...file.labels!].sort());
    expect(shown.map(([, p]) => Number(p))).toEqual(shown.map(([, p]) => Number(p)).sort((a, b) => b - a));

    await page.reload(); // the task, its text and the settings come back
    await expect.poll(() => page.getByTestId('mode-classify').getAttribute('aria-checked')).toBe('true');
    await expect.poll(() => page.getByTestId('text-stats').innerText()).toMatch(/^84 training sentences/);

    // the file opens again as a classifier, from any task: the page follows the model's
    await page.getByTestId('mode-lm').click();
    await page.getByTestId('import-file').setInputFiles(model!);
    await expect.poll(() => page.getByTestId('import-notice').innerText(), { timeout: 60_000 }).toMatch(/^Imported GRU-step\d+\.safetensors\.$/);
    expect(await page.getByTestId('mode-classify').getAttribute('aria-checked')).toBe('true');
    await page.getByTestId('predict-text').fill('what time is it');
    await expect.poll(() => page.getByTestId('prediction').getAttribute('data-label'), { timeout: 30_000 }).toBe('ask_time');
    expect(errors).toEqual([]);
  });

  it('names: whole generated names, each from the start token to the end token', async () => {
    const errors: string[] = [];
    const page = await open(chromium.browser, errors);
    await page.getByTestId('preset-names').click();
    expect(await page.getByTestId('mode-lines').getAttribute('aria-checked')).toBe('true');
    await expect.poll(() => page.getByTestId('text-stats').innerText()).toMatch(/^50 lines · vocabulary 27 \(with ⟨s⟩ and ⟨\/s⟩\)/);
    expect(await page.getByTestId('seqlen-whole').isVisible()).toBe(true);
    await page.getByTestId('train').click();
    await expect.poll(() => readNumber(page, 'readout-lstm-step'), { timeout: 240_000, interval: 2000 }).toBeGreaterThan(150);
    // a sample may be empty (⟨/s⟩ drawn at once: the model's real probability of it), never broken
    const finished = () => page.locator('[data-testid="sample-lines"] li[data-finished="true"]').allInnerTexts();
    const names = async () => (await finished()).filter((l) => /^⟨s⟩[a-z]+⟨\/s⟩$/.test(l));
    await expect.poll(async () => (await names()).length, { timeout: 60_000 }).toBeGreaterThanOrEqual(4);
    for (const line of await finished()) expect(line).toMatch(/^⟨s⟩[a-z]*⟨\/s⟩$/);
    console.log(`names: ${(await finished()).join(' ')}`);
    await page.getByTestId('train').click(); // pause
    await expect.poll(() => page.getByTestId('train').innerText(), { timeout: 30_000 }).toBe('Train');
    // inside: the first line from ⟨s⟩, its last step predicting ⟨/s⟩
    await expect.poll(() => page.getByTestId('detail-t').innerText(), { timeout: 30_000 }).toBe('1 / 5: ⟨s⟩ → a');
    await page.getByTestId('unrolled-canvas').press('End');
    await expect.poll(() => page.getByTestId('detail-t').innerText()).toBe('5 / 5: a → ⟨/s⟩');
    await screenshot(page, 'lines-names');
    expect(errors).toEqual([]);
  });

  it('bad input: each gets its message at the text or the control; the text stays; 10,000 lines are fine', async () => {
    const errors: string[] = [];
    const page = await open(chromium.browser, errors);
    await page.getByTestId('mode-classify').click();
    const area = page.getByTestId('training-text');
    const textError = () => page.getByTestId('text-error').innerText();

    await area.fill('what time is it\nhello\tgreet');
    await expect.poll(textError).toBe('Not `sentence<TAB>label` at line 1: write the sentence, a tab, then its label.');
    await page.getByTestId('train').click();
    await expect.poll(textError, { timeout: 30_000 }).toMatch(/^Not `sentence<TAB>label` at line 1:/);
    expect(await area.inputValue()).toBe('what time is it\nhello\tgreet'); // nothing lost

    await area.fill('hi\tgreet\nhello\tgreet');
    await expect.poll(textError).toBe('Every example has the label “greet”: a classifier needs at least two labels to choose between.');

    await area.fill('hi\tgreet\nhello\tgreet\nbye\tleave\n\n');
    await expect.poll(() => page.getByTestId('text-stats').innerText()).toMatch(/^3 training sentences · 0 held out · 2 labels: greet, leave/);
    expect(await page.getByTestId('task-note-singletonLabels').innerText()).toContain('leave');
    expect(await page.getByTestId('task-note-emptyLinesSkipped').innerText()).toContain('Empty lines skipped: 1.');
    expect(await page.getByTestId('text-error').count()).toBe(0);

    // as a paste lands: the whole value at once (Playwright's fill types it line by line, slowly)
    const many = Array.from({ length: 10_000 }, (_, i) => `s${i}\tl${i % 3}`).join('\n');
    await area.evaluate((el, text) => {
      Object.getOwnPropertyDescriptor(HTMLTextAreaElement.prototype, 'value')!.set!.call(el, text);
      el.dispatchEvent(new Event('input', { bubbles: true }));
    }, many);
    await expect.poll(() => page.getByTestId('text-stats').innerText(), { timeout: 30_000 }).toMatch(/^8,002 training sentences · 1,998 held out · 3 labels/);

    await page.getByTestId('mode-lines').click();
    await expect.poll(() => page.getByTestId('text-stats').innerText(), { timeout: 30_000 }).toMatch(/^10,000 lines/);
    await page.getByTestId('bidirectional').selectOption('bi');
    await page.getByTestId('train').click();
    await expect.poll(() => page.getByTestId('run-error').innerText()).toMatch(/A line model generates left to right/);
    await screenshot(page, 'sequence-bad-input');
    expect(await area.inputValue()).toBe(many);
    expect(errors).toEqual([]);
  });
});
