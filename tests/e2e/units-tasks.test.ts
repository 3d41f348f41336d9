// "What each unit does" for a task's runs, in headless Chromium with WebGPU on SwiftShader. Line
// mode: off screen the panel reads nothing; scrolled to, its passage is the text's lines, one per
// row from ⟨s⟩, each read from a zero state; paused, the hover readout's value and top prediction
// equal the CPU reference's passage of sequences for the downloaded parameters (4 significant
// digits), and a click shows the line in the inside view. Classification: each row ends with its
// true label, and the hover gives the reference's label and probability for the sentence. A
// memory task: its test sequences first, the hover saying where an answer is asked (the task's
// own answer positions), no main-thread task over 50 ms of CPU while it trains, a click on the
// second sequence shows it inside; the panel in Chinese. Screenshots of each.
import { describe, expect, inject, it } from 'vitest';
import { memoryDefaults } from '../../src/model/memory-tasks.ts';
import { passageSequences, traceSequencePassage } from '../../src/model/passage.ts';
import { END, memoryTask, parseExamples, parseLines, START } from '../../src/model/tasks.ts';
import { memoryTestTexts } from '../../src/store/memory-check.ts';
import { ARTIFACTS, pausedLstmModel, readNumber, setNumber, sharedBrowser, traceMainThreadTasks } from '../helpers/browser.ts';

const EXAMPLES = ['turn on the light\ton', 'lights off\toff', 'who are you\task', 'switch it on\ton', 'off now\toff', 'why\task', 'on please\ton', 'turn it off\toff', 'what is it\task'];
const LINES = ['the cat', 'a (red) hat', 'say "hi"', 'one two three', 'cats and hats', 'a mat', 'the rat sat', 'hi there'];

describe('what each unit does, for a task\'s sequences', () => {
  const chromium = sharedBrowser();

  it('lines one per row from a zero state (the reference\'s numbers); a memory task\'s answers; both languages', async () => {
    const page = await chromium.browser.newPage({ viewport: { width: 1280, height: 1400 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(inject('baseUrl'));
    await page.getByTestId('mode-lines').click();
    await page.getByTestId('training-text').fill(LINES.join('\n'));
    await setNumber(page, 'hiddenSize', '6');
    await setNumber(page, 'batchSize', '4');
    const panel = page.getByTestId('units-panel');
    const text = page.getByTestId('units-text');
    const caption = page.getByTestId('units-caption');
    const hover = page.getByTestId('units-hover');
    await page.getByTestId('train').click();
    // off screen the panel asks the worker for nothing; scrolled to, it reads the passage
    await expect.poll(() => readNumber(page, 'readout-lstm-step').catch(() => 0), { timeout: 120_000 }).toBeGreaterThanOrEqual(3);
    expect(await panel.getByTestId('units-waiting').count()).toBe(1);
    expect(await text.count()).toBe(0);
    await panel.scrollIntoViewIfNeeded();
    await expect.poll(async () => Number((await text.getAttribute('data-step').catch(() => null)) ?? 0), { timeout: 120_000 }).toBeGreaterThan(5);
    const { model, vocab, params } = await pausedLstmModel(page, text);
    const task = { ...parseLines(LINES.join('\n')), vocab };
    const ref = traceSequencePassage(model, params, vocab.size, 0, passageSequences(vocab, task, LINES.map((l) => START + l + END)), 5);
    expect(ref.N).toBe(LINES.reduce((n, l) => n + l.length + 1, 0));
    expect(await text.locator('span[data-i]').count()).toBe(ref.N);
    expect(await caption.innerText()).toContain(`Lines 1 to 8 (${ref.N} steps)`);
    expect(await caption.innerText()).toContain('read from a zero state');
    // the third line's rows: ⟨s⟩ a ␣ ( r e d ...
    const third = LINES[0]!.length + 1 + LINES[1]!.length + 1;
    expect(await text.locator(`span[data-i="${third}"]`).innerText()).toContain('⟨s⟩');
    for (const i of [0, 5, third + 2, ref.N - 1]) {
      await text.locator(`span[data-i="${i}"]`).hover();
      const shown = await hover.innerText();
      const value = Number(shown.match(/\): (-?[\d.e+-]+)\. Likeliest/)![1]);
      const want = ref.layers[0]![0]!.h[i * ref.H]!; // h of unit 0
      expect(Math.abs(value - want), `${shown} vs ${want}`).toBeLessThanOrEqual(5e-4 * Math.abs(want) + 1e-7);
      const top = Number(shown.match(/Likeliest next: .*? ([\d.]+)%/)![1]);
      expect(Math.abs(top - 100 * ref.topK.probs[i * 5]!)).toBeLessThanOrEqual(0.05 + 1e-3 * top);
    }
    await text.locator(`span[data-i="${third + 2}"]`).hover();
    expect(await hover.innerText()).toContain('(sequence 3, step 3)');
    await panel.screenshot({ path: `${ARTIFACTS}/units-lines-en.png` });
    // a click shows its line in the inside view
    await text.locator(`span[data-i="${third + 2}"]`).click();
    await expect.poll(() => page.getByTestId('inside-sequence').inputValue()).toBe('2');

    // classification: each training sentence's label as the model gives it at the sentence's end
    await page.getByTestId('mode-classify').click();
    await page.getByTestId('training-text').fill(EXAMPLES.join('\n'));
    await page.getByTestId('train').click();
    await panel.scrollIntoViewIfNeeded(); // it reads passages only while on screen (Train is at the top)
    await expect.poll(async () => Number((await text.getAttribute('data-step').catch(() => null)) ?? 0), { timeout: 120_000 }).toBeGreaterThan(5);
    const cls = await pausedLstmModel(page, text);
    const clsTask = { ...parseExamples(EXAMPLES.join('\n')), vocab: cls.vocab };
    const sentences = clsTask.train.map((e) => e.text);
    expect(await caption.innerText()).toContain(`Training sentences 1 to ${sentences.length} (`);
    // each row ends with its sentence's true label
    expect(await text.locator('.passage-tag').allInnerTexts()).toEqual(clsTask.train.map((e) => `→ ${cls.labels![e.label]}`));
    const clsRef = traceSequencePassage(cls.model, cls.params, cls.vocab.size, cls.labels!.length, passageSequences(cls.vocab, clsTask, sentences));
    const second = sentences[0]!.length; // the second sentence's first character
    await text.locator(`span[data-i="${second + 1}"]`).hover();
    const probs = clsRef.reading.kind === 'sequences' ? clsRef.reading.labelProbs!.subarray(cls.labels!.length, 2 * cls.labels!.length) : new Float32Array();
    const best = probs.indexOf(Math.max(...probs));
    expect(await hover.innerText()).toContain(`(sequence 2, step 2)`);
    expect(await hover.innerText()).toContain(`At the end of this sentence the model says ${cls.labels![best]} (${(probs[best]! * 100).toFixed(1)}%); its label is ${cls.labels![clsTask.train[1]!.label]}.`);
    await panel.screenshot({ path: `${ARTIFACTS}/units-classify-en.png` });

    // a memory task: its test sequences first, the answers asked where the task asks
    await page.getByTestId('mode-memory').click();
    await setNumber(page, 'symbols', '4');
    await setNumber(page, 'delay', '4');
    await setNumber(page, 'hiddenSize', '8');
    await page.getByTestId('units-length').selectOption('500');
    await page.getByTestId('train').click();
    await panel.scrollIntoViewIfNeeded(); // it reads passages only while on screen (Train is at the top)
    await expect.poll(async () => Number((await text.getAttribute('data-step').catch(() => null)) ?? 0), { timeout: 120_000 }).toBeGreaterThan(5);
    const tasks = await traceMainThreadTasks(page, () => page.waitForTimeout(4000));
    const worst = [...tasks].sort((a, b) => b.cpuMs - a.cpuMs)[0];
    console.log(`units panel on a memory task while training: ${tasks.length} main-thread tasks, the longest ${worst?.cpuMs.toFixed(1)} ms of CPU (${worst?.inside})`);
    expect(worst?.cpuMs ?? 0).toBeLessThanOrEqual(50);
    await page.getByTestId('train').click();
    await expect.poll(() => page.getByTestId('train').innerText(), { timeout: 30_000 }).toBe('Train');
    const config = { ...memoryDefaults('recall'), symbols: 4, delay: 4 };
    const [first] = passageSequences(memoryTask(config).vocab, memoryTask(config), memoryTestTexts(config, 1, 1));
    expect(first!.inputs.length).toBe(6);
    expect(await text.locator('span[data-i]').count()).toBe(Math.floor(500 / 6) * 6);
    expect(await caption.innerText()).toContain(`Sequences of the task 1 to ${Math.floor(500 / 6)} (`);
    for (let i = 0; i < 6; i++) {
      await text.locator(`span[data-i="${i}"]`).hover();
      const target = first!.targets[i]!;
      expect(await hover.innerText()).toContain(target >= 0 ? `The answer asked here is "${memoryTask(config).vocab.symbols[target]}".` : 'Nothing is asked here.');
    }
    // the task's own feature: where an answer is asked; a row is a sequence, not a line
    expect(await page.getByTestId('rank-answer').innerText()).toContain('an answer is asked');
    expect(await page.getByTestId('rank-linePos').innerText()).toContain('position in the sequence');
    await text.locator('span[data-i="7"]').click();
    await expect.poll(() => page.getByTestId('inside-sequence').inputValue()).toBe('1');
    await page.getByTestId('language').selectOption('zh-CN');
    await expect.poll(() => caption.innerText()).toContain('个任务序列');
    await panel.screenshot({ path: `${ARTIFACTS}/units-memory-zh.png` });
    expect(errors).toEqual([]);
    await page.close();
  });
});
