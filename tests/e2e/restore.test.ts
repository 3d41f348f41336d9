// Nothing lost, nothing blank: the page loads over an IndexedDB holding values of unexpected shapes
// (another version's, a hand edit), resets them, says so at the top of the page in the person's
// language, and keeps the text; a link's dropped values are named in the same notice; a malformed
// model file imported while a run trains leaves it training.
import { describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { DEFAULT_MODEL } from '../../src/model/config.ts';
import { readNumber, screenshot, setNumber, sharedBrowser, storedWork, writeStored } from '../helpers/browser.ts';

const TEXT = 'the cat sat on the mat. the cat ate the rat. '.repeat(12);
const CHECKPOINT = 'rnn-playground/checkpoint/run-lstm';

/** Types the text and waits until it is saved (debounced) and nothing is left to save. */
async function typeAndSave(page: Page) {
  await page.getByTestId('training-text').fill(TEXT);
  await expect.poll(() => page.evaluate(() => location.hash.includes('seed=')), { timeout: 10_000 }).toBe(true);
  await expect.poll(async () => (await storedWork(page))?.text, { timeout: 10_000 }).toBe(TEXT.slice(0, 200));
}

const BAD = {
  lang: 'fr',
  kept: 'x',
  chart: { x: 'seconds', y: 'loss', smoothed: 'yes', hidden: [] },
};
const BAD_CHECKPOINT = { [CHECKPOINT]: { step: 5, label: 'LSTM', model: DEFAULT_MODEL, points: 'x', source: null } };

describe('stored values of unexpected shapes', () => {
  const chromium = sharedBrowser();

  it('renders, says in English what was reset, and keeps the text', async () => {
    const context = await chromium.browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-US' });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(inject('baseUrl'));
    await typeAndSave(page);
    await writeStored(page, BAD, BAD_CHECKPOINT);
    await page.reload();
    const notice = page.getByTestId('restore-notice');
    await expect.poll(() => notice.isVisible(), { timeout: 30_000 }).toBe(true);
    expect(await page.locator('h1').innerText()).toBe('RNN Playground');
    expect(await page.getByTestId('training-text').inputValue()).toBe(TEXT);
    const said = await notice.innerText();
    expect(said).toContain('Some saved values were reset');
    expect(said).toContain('The language was reset (it held "fr").');
    expect(said).toContain('The list of kept runs was reset (it held "x").');
    expect(said).toContain('The chart options: curve was reset (it held "yes").');
    expect(said).toContain('The LSTM run from before the reload was removed (points: "x").');
    expect(said).toContain('your text and the rest of your work are kept');
    await screenshot(page, 'restore-notice-en');
    // reset means saved as reset: the next load has nothing to say
    await page.reload();
    await expect.poll(() => page.getByTestId('training-text').inputValue(), { timeout: 30_000 }).toBe(TEXT);
    expect(await notice.count()).toBe(0);
    expect(errors).toEqual([]);
  });

  it('says it in Chinese for a browser that prefers Chinese, keeping the text', async () => {
    const context = await chromium.browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(inject('baseUrl'));
    await typeAndSave(page);
    await writeStored(page, { ...BAD, text: TEXT, mode: 'translate', sampleOptions: { prime: '', length: 'long', temperature: 1, topK: 0 } }, BAD_CHECKPOINT);
    await page.reload();
    const notice = page.getByTestId('restore-notice');
    await expect.poll(() => notice.isVisible(), { timeout: 30_000 }).toBe(true);
    expect(await page.getByTestId('training-text').inputValue()).toBe(TEXT);
    const said = await notice.innerText();
    expect(said).toContain('部分已保存的设置已重置');
    expect(said).toContain('界面语言已重置（原值为 "fr"）。');
    expect(said).toContain('保留的运行列表已重置（原值为 "x"）。');
    expect(said).toContain('任务已重置（原值为 "translate"）。');
    expect(said).toContain('采样选项：长度已重置（原值为 "long"）。');
    expect(said).toContain('重新加载前的 LSTM 运行已移除（points: "x"）。');
    expect(said).toContain('你的文本和其余内容均已保留');
    await screenshot(page, 'restore-notice-zh');
    await page.getByTestId('restore-notice-dismiss').click();
    expect(await notice.count()).toBe(0);
    expect(errors).toEqual([]);
  });

  it("names each value a link had that was dropped, applying the rest", async () => {
    const page = await chromium.browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${inject('baseUrl')}#cell=gru&hidden=0x10&T=1e1&seed=&lr=99&foo=1`);
    const notice = page.getByTestId('restore-notice');
    await expect.poll(() => notice.isVisible(), { timeout: 30_000 }).toBe(true);
    expect(await notice.innerText()).toContain('Some values in the link were ignored');
    const items = await page.getByTestId('restore-notice-link').locator('li').allInnerTexts();
    expect(items).toEqual([
      'hidden=0x10: not a decimal number.',
      'T=1e1: not a decimal number.',
      'lr=99: out of range (0.000001 to 10).',
      'seed=: not a decimal number.',
      'foo=1: not a setting of this page.',
    ]);
    expect(await page.getByTestId('cell').inputValue()).toBe('gru');
    expect(await page.getByTestId('field-hiddenSize').inputValue()).toBe('128');
    await screenshot(page, 'restore-notice-link');
  });

  it('keeps training while a malformed model file is refused', async () => {
    const page = await chromium.browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(inject('baseUrl'));
    await page.getByTestId('training-text').fill(TEXT);
    await setNumber(page, 'hiddenSize', '8');
    await setNumber(page, 'seqLen', '16');
    await setNumber(page, 'batchSize', '4');
    await page.getByTestId('train').click();
    await expect.poll(() => readNumber(page, 'readout-lstm-step'), { timeout: 60_000 }).toBeGreaterThan(3);
    await page.getByTestId('import-file').setInputFiles({ name: 'notes.safetensors', mimeType: 'application/octet-stream', buffer: Buffer.from('just some text, not a model') });
    await expect.poll(() => page.getByTestId('import-error').innerText(), { timeout: 30_000 }).toMatch(/notes\.safetensors cannot be opened/);
    const step = await readNumber(page, 'readout-lstm-step');
    await expect.poll(() => readNumber(page, 'readout-lstm-step'), { timeout: 60_000 }).toBeGreaterThan(step + 5);
    expect(await page.getByTestId('train').innerText()).toBe('Pause');
    expect(await page.getByTestId('training-text').inputValue()).toBe(TEXT);
    await page.getByTestId('train').click();
  });
});
