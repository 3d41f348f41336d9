// The playground in headless Chromium with WebGPU on SwiftShader: type text, train, see the loss
// fall and sampled text appear; step once; bad input shows its message at the field.
import { describe, expect, inject, it } from 'vitest';
import { CELL_KINDS } from '../../src/model/cells/registry.ts';
import type { Page } from 'playwright-core';
import { clearLongTasks, EXPECTED_ADAPTER, HARDWARE_GPU, launchChromium, longTasks, readNumber, recordLongTasks, screenshot, setNumber, sharedBrowser, storedWork, traceMainThreadTasks } from '../helpers/browser.ts';

const TEXT = 'the cat sat on the mat. the cat ate the rat. '.repeat(12);

/** A model small enough to learn the test phrase in seconds on SwiftShader. */
async function smallModel(page: Page, hidden: number, learningRate?: string) {
  await setNumber(page, 'hiddenSize', String(hidden));
  await setNumber(page, 'seqLen', '16');
  await setNumber(page, 'batchSize', '8');
  if (learningRate) await setNumber(page, 'learningRate', learningRate);
}

describe('the playground', () => {
  const chromium = sharedBrowser();

  it('opens with a preset ready; typed text trains on the GPU, the loss falls and samples appear', async () => {
    const page = await chromium.browser.newPage({ viewport: { width: 1280, height: 900 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    await page.goto(inject('baseUrl'));
    expect(await page.getByTestId('training-text').inputValue()).toMatch(/^Alice was beginning/);
    await expect.poll(() => page.getByTestId('text-stats').innerText()).toMatch(/characters · vocabulary \d+/);
    await screenshot(page, 'playground-initial');

    await page.getByTestId('training-text').fill(TEXT);
    await expect.poll(() => page.getByTestId('text-stats').innerText()).toBe(`${[...TEXT].length} characters · vocabulary 12`);
    await smallModel(page, 32, '0.01');
    await page.getByTestId('train').click();
    await expect.poll(() => page.getByTestId('backend-notice').innerText(), { timeout: 60_000 }).toMatch(/^Training on the GPU \(WebGPU: /);
    expect((await page.getByTestId('backend-notice').innerText()).match(/WebGPU: ([^)]*)\)/)![1]).toMatch(EXPECTED_ADAPTER);
    await expect.poll(() => readNumber(page, 'readout-lstm-step'), { timeout: 120_000 }).toBeGreaterThan(5);
    const first = await readNumber(page, 'readout-lstm-loss');
    await expect.poll(() => readNumber(page, 'readout-lstm-step'), { timeout: 120_000 }).toBeGreaterThan(150);
    const later = await readNumber(page, 'readout-lstm-loss');
    expect(later).toBeLessThan(first * 0.6);
    await expect.poll(() => page.getByTestId('sample-text').getAttribute('data-empty'), { timeout: 60_000 }).toBe('false');
    expect((await page.getByTestId('sample-text').innerText()).length).toBeGreaterThanOrEqual(100);
    // a trained model writes the phrase's words (the sample is redrawn every few seconds: on a
    // fast GPU the one shown may come from the first steps)
    await expect.poll(() => page.getByTestId('sample-text').innerText(), { timeout: 60_000 }).toMatch(/the (cat|mat|rat)/);
    await screenshot(page, 'playground-training');
    await page.getByTestId('train').click(); // pause
    await expect.poll(() => page.getByTestId('train').innerText(), { timeout: 30_000 }).toBe('Train');
    const paused = await readNumber(page, 'readout-lstm-step');
    // the sample says which update's parameters wrote it: one that trained past the first steps
    const writtenAt = Number((await page.getByTestId('sample-step').innerText()).match(/^Written by the model of update ([\d,]+);/)![1]!.replace(/,/g, ''));
    expect(writtenAt).toBeGreaterThan(5);
    expect(writtenAt).toBeLessThanOrEqual(paused);
    await page.getByTestId('step').click();
    await expect.poll(() => readNumber(page, 'readout-lstm-step'), { timeout: 30_000 }).toBe(paused + 1);
    expect(errors).toEqual([]);
  });

  it('trains RNN, LSTM and GRU side by side: three falling curves; kept runs stay; the legend toggles', async () => {
    const page = await chromium.browser.newPage({ viewport: { width: 1280, height: 1000 } });
    await page.goto(inject('baseUrl'));
    await page.getByTestId('training-text').fill(TEXT);
    await smallModel(page, 24, '0.01');
    await page.getByTestId('train-all').click();
    for (const cell of CELL_KINDS) {
      await expect.poll(() => readNumber(page, `readout-${cell}-step`), { timeout: 120_000 }).toBeGreaterThan(2);
    }
    const first = Object.fromEntries(await Promise.all(CELL_KINDS.map(async (c) => [c, await readNumber(page, `readout-${c}-loss`)])));
    await expect.poll(() => readNumber(page, 'readout-gru-step'), { timeout: 180_000 }).toBeGreaterThan(120);
    for (const cell of CELL_KINDS) expect(await readNumber(page, `readout-${cell}-loss`), cell).toBeLessThan(first[cell] * 0.7);
    // the chart follows the metrics once a second: on a fast GPU the 120 steps take less
    await expect.poll(() => page.getByTestId('chart-area').getAttribute('data-series')).toBe('3');
    await page.getByTestId('keep-runs').click();
    await expect.poll(() => page.getByTestId('chart-area').getAttribute('data-series')).toBe('6');
    await page.getByTestId('legend-rnn').click();
    await expect.poll(() => page.getByTestId('chart-area').getAttribute('data-series')).toBe('5');
    expect(await page.getByTestId('legend-rnn').getAttribute('aria-pressed')).toBe('false');
    await screenshot(page, 'playground-compare');
    await page.getByTestId('train').click(); // pause
    await expect.poll(() => page.getByTestId('train').innerText(), { timeout: 30_000 }).toBe('Train');
  });

  it('never blocks the main thread: no task over 50 ms while three runs train', async () => {
    const page = await chromium.browser.newPage({ viewport: { width: 1280, height: 900 } });
    await recordLongTasks(page);
    await page.goto(inject('baseUrl'));
    await page.getByTestId('training-text').fill(TEXT);
    await smallModel(page, 24);
    // measured from here: the page's start is done (its chart's first, cold draw, 50-90 ms of
    // CPU, is made in a task of its own before any run trains)
    await page.getByTestId('chart-warmed').waitFor({ state: 'attached', timeout: 60_000 });
    // the observer works: a deliberate 80 ms task is seen
    await page.evaluate(() => {
      const t = performance.now();
      while (performance.now() - t < 80);
    });
    await expect.poll(async () => Math.max(0, ...(await longTasks(page)))).toBeGreaterThanOrEqual(50);
    await clearLongTasks(page); // from here on
    const tasks = await traceMainThreadTasks(page, async () => {
      await page.getByTestId('train-all').click();
      await expect.poll(() => readNumber(page, 'readout-gru-step'), { timeout: 120_000, interval: 250 }).toBeGreaterThan(100);
    });
    // What the page asks of its main thread is the CPU time of each task. On SwiftShader the GPU's
    // work runs on the same (two) cores, so a task's wall time (what PerformanceObserver reports)
    // also counts the time the OS gave SwiftShader in the middle of it: reported there, asserted
    // on a real GPU (E2E_GPU=hardware), where the page has its cores to itself.
    const wall = await longTasks(page);
    const cpu = tasks.map((t) => t.cpuMs).sort((a, b) => b - a);
    console.log(`${tasks.length} main-thread tasks while training; most CPU: ${cpu.slice(0, 5).map((ms) => ms.toFixed(1)).join(', ')} ms`);
    for (const t of tasks.filter((t) => t.cpuMs > 30)) console.log(`  ${t.cpuMs.toFixed(1)} ms CPU (${t.wallMs.toFixed(0)} ms wall): ${t.inside}`);
    console.log(`long tasks by the wall clock (PerformanceObserver): ${wall.length ? wall.map((d) => d.toFixed(0)).join(', ') + ' ms' : 'none'}`);
    expect(tasks.length).toBeGreaterThan(100); // the trace saw the page at work
    expect(tasks.filter((t) => t.cpuMs > 50)).toEqual([]);
    if (HARDWARE_GPU) expect(wall).toEqual([]);
    await page.getByTestId('train').click();
  });

  it('keeps text, settings and kept runs across a reload; a shared link carries settings, seed and short text', async () => {
    const context = await chromium.browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto(inject('baseUrl'));
    await page.getByTestId('training-text').fill('abcabcabd '.repeat(20));
    await setNumber(page, 'hiddenSize', '12');
    await setNumber(page, 'seqLen', '8');
    await setNumber(page, 'batchSize', '2');
    await setNumber(page, 'seed', '77');
    await page.getByTestId('step').click();
    await expect.poll(() => readNumber(page, 'readout-lstm-step'), { timeout: 60_000 }).toBe(1);
    await page.getByTestId('keep-runs').click();
    await expect.poll(() => page.url()).toMatch(/seed=77/);
    // the debounced save has reached IndexedDB: the text, the settings and the kept run
    await expect
      .poll(async () => {
        const w = await storedWork(page);
        return [w?.text, w?.model?.hiddenSize, w?.train?.seed, w?.kept?.length];
      })
      .toEqual(['abcabcabd '.repeat(20), 12, 77, 1]);
    await page.reload();
    expect(await page.getByTestId('training-text').inputValue()).toBe('abcabcabd '.repeat(20));
    expect(await page.getByTestId('field-hiddenSize').inputValue()).toBe('12');
    // the loss chart, which lists the kept runs, loads after the first paint
    await expect.poll(() => page.locator('.run-list li[data-kind="kept"]').count()).toBe(1);
    // the session's run is back from its checkpoint, its curve and readouts as they were
    await expect.poll(() => readNumber(page, 'readout-lstm-step')).toBe(1);
    expect(await page.getByTestId('backend-notice').innerText()).toMatch(/from before the page was reloaded/);
    expect(await page.getByTestId('download-lstm').isEnabled()).toBe(true);
    const link = page.url();
    await context.close();

    const other = await chromium.browser.newContext(); // someone else opens the shared link
    const page2 = await other.newPage();
    await page2.goto(link);
    expect(await page2.getByTestId('training-text').inputValue()).toBe('abcabcabd '.repeat(20));
    expect(await page2.getByTestId('field-seed').inputValue()).toBe('77');
    expect(await page2.getByTestId('field-seqLen').inputValue()).toBe('8');
    await other.close();
  });

  it('switches to Simplified Chinese and remembers it across a reload', async () => {
    const context = await chromium.browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-US' });
    const page = await context.newPage();
    await page.goto(inject('baseUrl'));
    expect(await page.getByTestId('train').innerText()).toBe('Train');
    await page.getByTestId('language').selectOption('zh-CN');
    expect(await page.getByTestId('train').innerText()).toBe('训练');
    expect(await page.getByTestId('train-all').innerText()).toBe('三者同训');
    await expect.poll(() => page.getByTestId('text-stats').innerText()).toMatch(/^1,661 个字符 · 词表 \d+$/);
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('zh-CN');
    await page.getByTestId('preset-chinese').click();
    // refusals at the field are in Chinese too
    await page.getByTestId('field-hiddenSize').fill('5000');
    await page.getByTestId('field-hiddenSize').press('Enter');
    expect(await page.locator('#field-hiddenSize-error').innerText()).toBe('隐藏层大小必须在 1 到 1,024 之间（当前为 5000）。');
    await page.getByTestId('field-hiddenSize').fill('64');
    await page.getByTestId('field-hiddenSize').press('Enter');
    await screenshot(page, 'playground-zh');
    await expect // the debounced save has reached IndexedDB
      .poll(async () => {
        const w = await storedWork(page);
        return [w?.lang, w?.text?.slice(0, 3), w?.model?.hiddenSize];
      })
      .toEqual(['zh-CN', '静夜思', 64]);
    await page.reload();
    expect(await page.getByTestId('train').innerText()).toBe('训练');
    expect(await page.getByTestId('training-text').inputValue()).toMatch(/^静夜思/);
    await context.close();
  });

  it('takes a 6-million-character paste: keeps the first 5 million, says so, previews it, never blocks', async () => {
    const page = await chromium.browser.newPage({ viewport: { width: 1280, height: 900 } });
    await recordLongTasks(page);
    await page.goto(inject('baseUrl'));
    await expect.poll(() => page.getByTestId('text-stats').innerText()).toMatch(/characters/);
    await clearLongTasks(page);
    // a real paste event carrying `repeat` copies of `unit`, as Ctrl+V delivers it (the text is
    // made in the page: sent from here, its 12 MB would cross the DevTools protocol inside the task)
    const paste = (testId: string, unit: string, repeat: number, tail = '') =>
      page.getByTestId(testId).evaluate((el, [u, n, end]) => {
        const data = new DataTransfer();
        data.setData('text/plain', u.repeat(n) + end);
        el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
      }, [unit, repeat, tail] as const);
    await page.getByTestId('training-text').selectText();
    const tasks = await traceMainThreadTasks(page, async () => {
      await paste('training-text', 'abcdefghij', 600_000, '😀'); // 6,000,002 UTF-16 units
      await expect.poll(() => page.getByTestId('text-notice').innerText(), { timeout: 30_000 }).toMatch(/had 6,000,002 characters; the playground keeps the first 5,000,000/);
      await expect.poll(() => page.getByTestId('text-stats').innerText(), { timeout: 30_000 }).toBe('5,000,000 characters · vocabulary 10');
      expect(await page.getByTestId('text-preview-note').innerText()).toMatch(/showing the first 20,000 of 5,000,000 characters/);
      expect(await page.getByTestId('training-text').count()).toBe(0); // no textarea holds megabytes
      // the debounced save of the text, inside the trace: it has reached IndexedDB
      await expect.poll(async () => (await storedWork(page))?.textLength, { timeout: 30_000 }).toBe(5_000_000);
    });
    // Asserted: the main thread's CPU time per task (a textarea laying the text out took 2.2-2.6 s).
    // Reported: the wall clock, which on a busy 2-core machine also counts time the OS gave others.
    const cpu = tasks.map((t) => t.cpuMs).sort((a, b) => b - a);
    const long = await longTasks(page);
    console.log(`${tasks.length} main-thread tasks while taking the paste; most CPU: ${cpu.slice(0, 5).map((ms) => ms.toFixed(1)).join(', ')} ms`);
    for (const t of tasks.filter((t) => t.cpuMs > 100)) console.log(`  ${t.cpuMs.toFixed(1)} ms CPU (${t.wallMs.toFixed(0)} ms wall): ${t.inside}`);
    console.log(`long tasks by the wall clock (PerformanceObserver): ${long.length ? long.map((d) => d.toFixed(0)).join(', ') + ' ms' : 'none'}`);
    expect(tasks.length).toBeGreaterThan(10); // the trace saw the page at work
    expect(tasks.filter((t) => t.cpuMs > 250)).toEqual([]); // measured 60 ms on a 2-core machine
    await screenshot(page, 'playground-big-paste');
    // pasting over the preview replaces the text; a short one is editable again
    await paste('text-preview', 'back to a short text', 1);
    await expect.poll(() => page.getByTestId('training-text').inputValue()).toBe('back to a short text');
    await page.getByTestId('training-text').fill('x'.repeat(300_000));
    await page.getByTestId('text-clear').click();
    expect(await page.getByTestId('training-text').inputValue()).toBe('');
  });

  it('stacks its panels on a narrow portrait screen without sideways scrolling', async () => {
    const page = await chromium.browser.newPage({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2 });
    await page.goto(inject('baseUrl'));
    const text = await page.getByRole('region', { name: 'Training text' }).boundingBox();
    const runs = await page.getByTestId('readouts').boundingBox();
    expect(runs!.y).toBeGreaterThan(text!.y + text!.height); // below, not beside
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await screenshot(page, 'playground-narrow');
  });

  it('pauses a diverging run with an explanation, and continues it once the learning rate is lowered', async () => {
    const page = await chromium.browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(inject('baseUrl'));
    await page.getByTestId('training-text').fill(TEXT);
    await page.getByTestId('cell').selectOption('rnn');
    await page.getByTestId('nonlinearity').selectOption('relu');
    await page.getByTestId('optimizer').selectOption('sgd');
    await page.getByTestId('clipMode').selectOption('none');
    await smallModel(page, 32);
    await setNumber(page, 'learningRate', '10');
    await page.getByTestId('train').click();
    await expect.poll(() => page.getByTestId('run-error').innerText().catch(() => ''), { timeout: 60_000 }).toMatch(
      // which comes first depends on the text's training part: a loss far above its start, or NaN
      /RNN's loss (became NaN or infinite|climbed to [\d.]+ nats) at step \d+\b.*went back to its parameters of step 0\b.*Lower the learning rate/,
    );
    expect(await page.getByTestId('train').innerText()).toBe('Train');
    await screenshot(page, 'playground-diverged');
    const stoppedAt = await readNumber(page, 'readout-rnn-step');
    await setNumber(page, 'learningRate', '0.01');
    await page.getByTestId('train').click();
    await expect.poll(() => readNumber(page, 'readout-rnn-step'), { timeout: 60_000 }).toBeGreaterThan(stoppedAt + 20); // the same run goes on
    expect(Number.isFinite(await readNumber(page, 'readout-rnn-loss'))).toBe(true);
    expect(await page.getByTestId('run-error').count()).toBe(0);
    await page.getByTestId('train').click();
  });

  it('the classic "hello": an RNN learns it and, primed with "h", writes "ello"', async () => {
    const page = await chromium.browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(inject('baseUrl'));
    await page.getByTestId('preset-hello').click();
    expect(await page.getByTestId('sample-prime').inputValue()).toBe('h');
    await page.getByTestId('train').click();
    await expect.poll(() => readNumber(page, 'readout-rnn-step'), { timeout: 60_000 }).toBeGreaterThan(150);
    await page.getByTestId('train').click();
    await expect.poll(() => page.getByTestId('train').innerText(), { timeout: 30_000 }).toBe('Train');
    expect(await readNumber(page, 'readout-rnn-loss')).toBeLessThan(0.05);
    await page.getByTestId('regenerate').click();
    await expect.poll(() => page.getByTestId('sample-text').innerText(), { timeout: 30_000 }).toBe('hello');
    await screenshot(page, 'playground-hello');
  });

  it('trains on the CPU, saying why, in a browser without WebGPU', async () => {
    const noGpu = await launchChromium([], { webgpu: false });
    try {
      const page = await noGpu.newPage({ viewport: { width: 1280, height: 900 } });
      await page.goto(inject('baseUrl'));
      await expect.poll(() => page.getByTestId('adapter-status').getAttribute('data-kind'), { timeout: 30_000 }).toBe('cpu');
      await page.getByTestId('training-text').fill(TEXT);
      await setNumber(page, 'hiddenSize', '24');
      await setNumber(page, 'seqLen', '16');
      await setNumber(page, 'batchSize', '8');
      await setNumber(page, 'learningRate', '0.01');
      await page.getByTestId('train').click();
      await expect.poll(() => page.getByTestId('backend-notice').innerText(), { timeout: 60_000 }).toMatch(/^Training on the CPU because (This browser does not expose WebGPU|WebGPU is present but no GPU adapter is available)/);
      await expect.poll(() => readNumber(page, 'readout-lstm-step'), { timeout: 60_000 }).toBeGreaterThan(5);
      const first = await readNumber(page, 'readout-lstm-loss');
      await expect.poll(() => readNumber(page, 'readout-lstm-step'), { timeout: 120_000 }).toBeGreaterThan(100);
      expect(await readNumber(page, 'readout-lstm-loss')).toBeLessThan(first * 0.6);
      await screenshot(page, 'playground-cpu');
      await page.getByTestId('train').click();
    } finally {
      await noGpu.close();
    }
  });

  it('refuses bad input where the person is looking, and keeps their text', async () => {
    const page = await chromium.browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(inject('baseUrl'));
    await setNumber(page, 'hiddenSize', '0');
    await expect.poll(() => page.locator('#field-hiddenSize-error').innerText()).toBe('Hidden size must be between 1 and 1,024 (got 0).');
    await setNumber(page, 'hiddenSize', '16');
    await page.getByTestId('training-text').fill('');
    await expect.poll(() => page.getByTestId('train').isDisabled()).toBe(true);
    expect(await page.getByTestId('empty-note').innerText()).toMatch(/Type or paste some text/);
    await page.getByTestId('training-text').fill('short text');
    await page.getByTestId('train').click();
    await expect.poll(() => page.locator('#field-seqLen-error').innerText()).toMatch(/10 characters, shorter than one window of 65: use a sequence length of at most 9/);
    expect(await page.getByTestId('training-text').inputValue()).toBe('short text');
    await screenshot(page, 'playground-bad-input');
  });
});
