// "What each unit does" in headless Chromium with WebGPU on SwiftShader: a small LSTM trains, the
// panel colours a passage of the text by one unit (the forget gate of unit 3), refreshed while it
// trains with no main-thread task over 50 ms of CPU; paused, the hover readout's value and top
// prediction equal the CPU reference's passage for the downloaded parameters (4 significant
// digits), the saturation readings count the reference's fractions, the best r per feature and
// a selected span's best unit are the reference's, a click moves the inside view's window;
// "Train all three" puts the LSTM's forget gate beside the GRU's update gate; in Chinese the panel speaks Chinese. Screenshots of the panel in both languages.
import { describe, expect, inject, it } from 'vitest';
import { tracePassage } from '../../src/model/passage.ts';
import { saturation } from '../../src/model/saturation.ts';
import { passageFeatures, rankByFeatures, rankBySpan } from '../../src/model/unit-features.ts';
import { previewStart } from '../../src/ui/panels/UnitsRanking.tsx';
import { encode } from '../../src/model/vocab.ts';
import { windowText } from '../../src/store/inspect.ts';
import { ARTIFACTS, pausedLstmModel, screenshot, setNumber, sharedBrowser, traceMainThreadTasks } from '../helpers/browser.ts';

const TEXT = 'the cat sat on the mat. "the cat" ate (the rat). '.repeat(12);

describe('what each unit does', () => {
  const chromium = sharedBrowser();

  it('colours a passage by one unit from the GPU while training; its numbers are the reference\'s', async () => {
    const page = await chromium.browser.newPage({ viewport: { width: 1280, height: 1400 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(inject('baseUrl'));
    await page.getByTestId('training-text').fill(TEXT);
    await setNumber(page, 'hiddenSize', '8');
    await setNumber(page, 'seqLen', '16');
    await setNumber(page, 'batchSize', '8');
    await setNumber(page, 'learningRate', '0.02');
    const panel = page.getByTestId('units-panel');
    await panel.scrollIntoViewIfNeeded();
    await page.getByTestId('units-length').selectOption('500');
    await page.getByTestId('train').click();
    const text = page.getByTestId('units-text');
    await expect.poll(async () => Number((await text.getAttribute('data-step').catch(() => null)) ?? 0), { timeout: 120_000 }).toBeGreaterThan(10);
    await page.getByTestId('units-part').selectOption('f');
    await page.getByTestId('units-unit').fill('3');
    const tasks = await traceMainThreadTasks(page, () => page.waitForTimeout(5000));
    const worst = [...tasks].sort((a, b) => b.cpuMs - a.cpuMs)[0];
    console.log(`units panel while training: ${tasks.length} main-thread tasks, the longest ${worst?.cpuMs.toFixed(1)} ms of CPU (${worst?.inside})`);
    expect(worst?.cpuMs ?? 0).toBeLessThanOrEqual(50);
    const { model, vocab, params } = await pausedLstmModel(page, text);
    const ref = tracePassage(model, params, vocab.size, encode(vocab, windowText(TEXT, 0, 500)).ids, 16, 5);
    expect(ref.N).toBe(496);
    expect(await text.locator('span').count()).toBe(496);
    const H = ref.H;
    for (const i of [0, 17, 250, 495]) {
      await text.locator(`span[data-i="${i}"]`).hover();
      const shown = await page.getByTestId('units-hover').innerText();
      const value = Number(shown.match(/: (-?[\d.e+-]+)\. Likeliest/)![1]);
      const want = ref.layers[0]![0]!.post[i * 4 * H + 1 * H + 3]!;
      expect(Math.abs(value - want), `${shown} vs ${want}`).toBeLessThanOrEqual(5e-4 * Math.abs(want) + 1e-7);
      const top = Number(shown.match(/Likeliest next: .*? ([\d.]+)%/)![1]);
      expect(Math.abs(top - 100 * ref.topK.probs[i * 5]!)).toBeLessThanOrEqual(0.05 + 1e-3 * top);
    }
    // the saturation readings count the reference's fractions
    for (const g of saturation(model, ref.layers[0]![0]!.post, ref.N, H)) {
      const open = Array.from(g.right).filter((r) => r > 0.5).length;
      const shut = Array.from(g.left).filter((l, j) => l > 0.5 && !(g.right[j]! > 0.5)).length;
      expect(await page.locator(`[data-testid="sat-readings"] li[data-gate="${g.gate}"]`).innerText()).toContain(`${open} of ${H} units open (> 0.9) on more than half of the steps, ${shut} shut`);
    }
    expect(await page.locator('[data-testid="sat-plot"] circle').count()).toBe(3 * H);
    // units found by what they track: the reference's best r per feature; choosing one selects it
    const chars = Array.from(ref.inputs, (id) => vocab.symbols[id]!);
    const features = passageFeatures(ref, chars);
    for (const r of rankByFeatures(ref, chars)) {
      const row = page.getByTestId(`rank-${r.feature}`);
      // the features that do not vary are named together on one line
      if (!r.varies) {
        expect(await row.count()).toBe(0);
        expect((await page.getByTestId('rank-absent').getAttribute('data-features'))!.split(' ')).toContain(r.feature);
        continue;
      }
      expect(Math.abs(Number(await row.getAttribute('data-best')) - r.top[0]!.score)).toBeLessThanOrEqual(5e-4 * Math.abs(r.top[0]!.score) + 1e-6);
      if (r.varies && Math.abs(r.top[0]!.score) < 0.3) expect(await row.innerText()).toContain(`no unit tracks`);
      // a unit that tracks it well shows the passage's start in its colours; a weak one none
      const strong = r.varies && Math.abs(r.top[0]!.score) >= 0.3;
      expect(await row.getByTestId('rank-preview').count(), r.feature).toBe(strong ? 1 : 0);
      if (strong) expect(await row.getByTestId('rank-preview').locator('span').count()).toBe(Math.min(160, chars.length - previewStart(features[r.feature]!)));
    }
    const quote = rankByFeatures(ref, chars).find((r) => r.feature === 'quote')!.top[0]!.unit;
    if (Math.abs(rankByFeatures(ref, chars).find((r) => r.feature === 'quote')!.top[0]!.score) >= 0.3) {
      await page.getByTestId('rank-quote').getByTestId('rank-unit').first().click();
      await expect.poll(() => page.getByTestId('units-part').inputValue()).toBe(quote.part);
      expect(await page.getByTestId('units-unit').inputValue()).toBe(String(quote.unit));
    }
    // a span selected with the mouse: the reference's LSTMVis ranking
    await page.evaluate(() => {
      const at = (i: number) => document.querySelector(`[data-testid="units-text"] span[data-i="${i}"]`)!.firstChild!;
      const range = document.createRange();
      range.setStart(at(13), 0);
      range.setEnd(at(22), 1);
      document.getSelection()!.removeAllRanges();
      document.getSelection()!.addRange(range);
      document.querySelector('[data-testid="units-text"]')!.dispatchEvent(new MouseEvent('mouseup', { bubbles: true }));
    });
    const [bestSpan] = rankBySpan(ref, 13, 22, 1);
    await expect.poll(() => page.getByTestId('rank-span').getByTestId('rank-unit').first().getAttribute('data-unit')).toBe(`0/0/h/${bestSpan!.unit.unit}`);
    expect(await page.getByTestId('rank-span').getByTestId('rank-preview').locator('span').count()).toBe(Math.min(160, chars.length - Math.max(0, 13 - 20))); // from 20 before the span
    await panel.screenshot({ path: `${ARTIFACTS}/units-panel-en.png` });
    // a click moves the inside view's window there
    await text.locator('span[data-i="40"]').click();
    await expect.poll(() => page.getByTestId('inside-offset').inputValue()).toBe('40');
    await screenshot(page, 'units-page-en');

    await page.getByTestId('language').selectOption('zh-CN');
    await expect.poll(() => panel.innerText()).toContain('每个单元在做什么');
    expect(await panel.innerText()).toContain('遗忘门');
    await panel.screenshot({ path: `${ARTIFACTS}/units-panel-zh.png` });

    // compare mode: the LSTM's forget gate beside the GRU's update gate (the RNN has no gate)
    await page.getByTestId('language').selectOption('en');
    await page.getByTestId('train-all').click();
    const compare = page.getByTestId('sat-compare');
    await expect.poll(() => compare.locator('circle').count(), { timeout: 120_000 }).toBe(2 * 8);
    await page.getByTestId('train').click();
    expect(await compare.locator('circle[data-gate="f"]').count()).toBe(8);
    expect(await compare.locator('circle[data-gate="z"]').count()).toBe(8);
    expect(await compare.innerText()).toContain('f forget gate');
    expect(await compare.innerText()).toContain('z update gate');
    await compare.screenshot({ path: `${ARTIFACTS}/units-compare-en.png` });
    expect(errors).toEqual([]);
    await page.close();
  });
});
