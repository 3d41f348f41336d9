// Models in and out of the page, in headless Chromium with WebGPU on SwiftShader: a model trained
// by the CLI opens in the page and samples exactly as the CLI does; a run downloaded from the page
// (model + loss CSV) samples in the CLI; kept runs keep their model across a reload; malformed
// files are refused at the import button and the current run stays.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { readModelFile, writeModelFile } from '../../src/io/safetensors.ts';
import { LOSS_CSV_HEADER } from '../../src/io/loss-csv.ts';
import { buildLayout, initParams } from '../../src/model/params.ts';
import { createRng } from '../../src/model/rng.ts';
import { buildVocab } from '../../src/model/vocab.ts';
import { downloads as downloadsTo, readNumber, screenshot, setNumber, sharedBrowser } from '../helpers/browser.ts';
import { runCli, tempFiles } from '../helpers/cli.ts';

const TEXT = 'hello world, hello there. '.repeat(10);
const dir = tempFiles({ 'text.txt': TEXT });
const downloads = (page: Page, click: () => Promise<void>, n: number) => downloadsTo(page, click, n, dir);

async function importFile(page: Page, name: string, bytes: Uint8Array) {
  await page.getByTestId('import-file').setInputFiles({ name, mimeType: 'application/octet-stream', buffer: Buffer.from(bytes) });
}

describe('model files in the page', () => {
  const chromium = sharedBrowser();

  it('opens a model trained by the CLI and samples exactly what the CLI samples', async () => {
    const model = join(dir, 'cli-gru.safetensors');
    const trained = await runCli(['train', '--text', join(dir, 'text.txt'), '--cell', 'gru', '--hidden', '16', '--seq-len', '16', '--batch', '4', '--steps', '120', '--lr', '0.02', '--backend', 'cpu', '--out', model]);
    expect(trained.code, trained.stderr).toBe(0);
    const cli = await runCli(['sample', model, '--prime', 'hel', '--length', '30', '--temperature', '0']);
    expect(cli.code).toBe(0);

    const page = await chromium.browser.newPage({ viewport: { width: 1280, height: 900 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(inject('baseUrl'));
    await page.getByTestId('training-text').fill(TEXT + 'üé');
    await page.getByTestId('sample-prime').fill('hel');
    await page.getByTestId('sample-length').fill('30');
    await page.getByTestId('sample-temperature').fill('0');
    await importFile(page, 'cli-gru.safetensors', readFileSync(model));
    await expect.poll(() => page.getByTestId('import-notice').innerText(), { timeout: 60_000 }).toBe(
      'Imported cli-gru.safetensors. 2 characters of the text are not in its vocabulary and are skipped.',
    );
    await expect.poll(() => page.getByTestId('sample-text').getAttribute('data-empty'), { timeout: 60_000 }).toBe('false');
    expect(await page.getByTestId('sample-text').innerText()).toBe(cli.stdout.replace(/\n$/, ''));
    // the controls show the imported model; Train goes on from it (loss starts low, not at ln V)
    expect(await page.getByTestId('field-hiddenSize').inputValue()).toBe('16');
    await page.getByTestId('train').click();
    await expect.poll(() => readNumber(page, 'readout-gru-step'), { timeout: 60_000 }).toBeGreaterThan(3);
    expect(await readNumber(page, 'readout-gru-loss')).toBeLessThan(1.2);
    await page.getByTestId('train').click();
    await screenshot(page, 'model-imported');
    expect(errors).toEqual([]);
  });

  it('downloads a run (model + loss CSV) that samples in the CLI; kept runs keep their model across a reload', async () => {
    const page = await chromium.browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(inject('baseUrl'));
    await page.getByTestId('training-text').fill(TEXT);
    await setNumber(page, 'hiddenSize', '20');
    await setNumber(page, 'seqLen', '16');
    await setNumber(page, 'batchSize', '4');
    await page.getByTestId('train').click();
    await expect.poll(() => readNumber(page, 'readout-lstm-step'), { timeout: 120_000 }).toBeGreaterThan(40);
    await page.getByTestId('train').click();
    await expect.poll(() => page.getByTestId('train').innerText(), { timeout: 30_000 }).toBe('Train');
    const step = await readNumber(page, 'readout-lstm-step');

    const [modelPath, csvPath] = (await downloads(page, () => page.getByTestId('download-lstm').click(), 2)).sort((a, b) => (a.endsWith('.csv') ? 1 : b.endsWith('.csv') ? -1 : 0));
    expect(modelPath).toMatch(new RegExp(`LSTM-step${step}\\.safetensors$`));
    const file = readModelFile(readFileSync(modelPath!));
    expect(file.model).toMatchObject({ cell: 'lstm', hiddenSize: 20, numLayers: 1 });
    expect(file.vocab.symbols.join('')).toBe(' ,.dehlortw');
    const csv = readFileSync(csvPath!, 'utf8').trim().split('\n');
    expect(csv[0]).toBe(LOSS_CSV_HEADER);
    expect(csv.length).toBeGreaterThan(10);
    expect(Number(csv.at(-1)!.split(',')[0])).toBe(step);
    const sampled = await runCli(['sample', modelPath!, '--prime', 'hello', '--length', '40', '--temperature', '0']);
    expect(sampled.code, sampled.stderr).toBe(0);
    expect(Array.from(sampled.stdout.replace(/\n$/, ''))).toHaveLength(45);

    await page.getByTestId('keep-runs').click();
    const keptDownload = page.locator('[data-testid^="download-kept-"]');
    await expect.poll(() => keptDownload.isEnabled(), { timeout: 30_000 }).toBe(true);
    await page.reload(); // straight away: the page saves what changed when it is hidden
    await expect.poll(() => keptDownload.isEnabled(), { timeout: 30_000 }).toBe(true);
    const [keptModel] = (await downloads(page, () => keptDownload.click(), 2)).filter((p) => p.endsWith('.safetensors'));
    expect(keptModel).toMatch(new RegExp(`LSTM-1-step${step}\\.safetensors$`));
    expect(Array.from(readModelFile(readFileSync(keptModel!)).params)).toEqual(Array.from(file.params));
  });

  it('refuses malformed files at the import button, keeping the run and the text', async () => {
    const page = await chromium.browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(inject('baseUrl'));
    await page.getByTestId('training-text').fill(TEXT);
    await setNumber(page, 'hiddenSize', '8');
    await setNumber(page, 'seqLen', '16');
    await page.getByTestId('step').click();
    await expect.poll(() => readNumber(page, 'readout-lstm-step'), { timeout: 60_000 }).toBe(1);
    const good = readModelFile(readFileSync(join(dir, 'cli-gru.safetensors')));
    const bytes = writeModelFile(good);
    const nan = bytes.slice();
    new DataView(nan.buffer).setFloat32(nan.length - 4, NaN, true);
    // a classifier opened over next-character text: its task's problem, naming the file
    const vocab = buildVocab(TEXT);
    const classifier = { ...good, vocab, mode: 'classify' as const, labels: ['yes', 'no'], params: initParams(buildLayout(good.model, vocab.size, 2), createRng(1)) as Float32Array };
    const cases: [string, Uint8Array, RegExp][] = [
      ['classifier.safetensors', writeModelFile(classifier), /^classifier\.safetensors: Not `sentence<TAB>label` at line 1/],
      ['truncated.safetensors', bytes.subarray(0, bytes.length - 10), /truncated\.safetensors cannot be opened: .*outside the .* data bytes/],
      ['huge-header.safetensors', Uint8Array.of(255, 255, 255, 255, 255, 255, 255, 255, 1, 2), /header length \(18446744073709551615 bytes\) is beyond the end of the file/],
      ['notes.safetensors', new TextEncoder().encode('just some text, not a model'), /is beyond the end of the file|not valid JSON/],
      ['nan.safetensors', nan, /'decoder.bias' holds a non-finite value \(NaN\)/],
    ];
    for (const [name, data, message] of cases) {
      await importFile(page, name, data);
      await expect.poll(() => page.getByTestId('import-error').innerText(), { timeout: 30_000 }).toMatch(message);
    }
    await screenshot(page, 'model-import-refused');
    expect(await readNumber(page, 'readout-lstm-step')).toBe(1);
    expect(await page.getByTestId('training-text').inputValue()).toBe(TEXT);
    await page.getByTestId('step').click(); // the run is still there and trains
    await expect.poll(() => readNumber(page, 'readout-lstm-step'), { timeout: 60_000 }).toBe(2);
  });
});
