// "Continue in PyTorch" in headless Chromium: a run trained on the page downloads as a zip, which
// Python's zipfile opens (CRCs checked); its train.py's first step gives the CLI's loss on the same
// parameters and batch, a few steps write a checkpoint that `rnn-playground eval` reads with
// train.py's own loss (page -> PyTorch -> CLI), and the page opens it again. An imported model on
// a text with other characters is refused with those characters named, in both languages, on the
// same page. Screenshots: the run's buttons.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { fileSettings } from '../../src/io/pytorch-project.ts';
import { writeModelFile } from '../../src/io/safetensors.ts';
import { DEFAULT_MODEL, DEFAULT_TRAIN } from '../../src/model/config.ts';
import { buildLayout, initParams } from '../../src/model/params.ts';
import { createRng } from '../../src/model/rng.ts';
import { buildVocab } from '../../src/model/vocab.ts';
import { ARTIFACTS, downloads, readNumber, screenshot, setNumber, sharedBrowser } from '../helpers/browser.ts';
import { jsonLines, runCli, tempFiles } from '../helpers/cli.ts';
import { torchPython } from '../helpers/pytorch-fixtures.ts';

const TEXT = 'the cat sat on the mat, the dog sat on the log. '.repeat(8);
const dir = tempFiles({ 'text.txt': TEXT });
const rel = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);

/** Unzips with Python's zipfile after testzip() has checked every CRC; returns the project's folder. */
function unzip(py: string, zipPath: string, into: string): string {
  const r = spawnSync(py, ['-c', 'import sys, zipfile; z = zipfile.ZipFile(sys.argv[1]); bad = z.testzip(); assert bad is None, bad; z.extractall(sys.argv[2])', zipPath, into], { encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
  return join(into, readdirSync(into)[0]!);
}

describe('Continue in PyTorch', () => {
  const chromium = sharedBrowser();

  it('zips a project whose train.py takes the CLI\'s first step and writes a checkpoint that the CLI evaluates as PyTorch did and the page opens; refuses, naming them, characters an imported model does not know (English, Chinese)', async (ctx) => {
    const py = torchPython(ctx, '; the page still zips the project, tested in tests/unit/pytorch-project.test.ts');
    const page = await chromium.browser.newPage({ viewport: { width: 1280, height: 900 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(inject('baseUrl'));
    await page.getByTestId('training-text').fill(TEXT);
    await setNumber(page, 'hiddenSize', '12');
    await setNumber(page, 'seqLen', '16');
    await setNumber(page, 'batchSize', '4');
    await page.getByTestId('train').click();
    await expect.poll(() => readNumber(page, 'readout-lstm-step'), { timeout: 120_000 }).toBeGreaterThan(5);
    await page.getByTestId('train').click();
    await expect.poll(() => page.getByTestId('train').innerText(), { timeout: 30_000 }).toBe('Train');
    const step = await readNumber(page, 'readout-lstm-step');
    await page.getByTestId('readouts').screenshot({ path: `${ARTIFACTS}/pytorch-export-runs.png` });

    const [zipPath] = await downloads(page, () => page.getByTestId('pytorch-lstm').click(), 1, dir);
    expect(zipPath).toMatch(new RegExp(`LSTM-step${step}-pytorch\\.zip$`));
    const project = unzip(py, zipPath!, join(dir, 'unzipped'));
    expect(readdirSync(project).sort()).toEqual(['README.md', 'data.py', 'model.py', 'model.safetensors', 'text.txt', 'train.py']);

    // the page's settings travel in the model file: train.py needs no flag, the CLI is told them
    const torch = spawnSync(py, ['train.py', '--steps', '3', '--json', '--eval', '--out', 'next.safetensors'], { cwd: project, encoding: 'utf8' });
    expect(torch.status, torch.stderr).toBe(0);
    const { train } = fileSettings(readFileSync(join(project, 'model.safetensors')), DEFAULT_TRAIN);
    expect(train).toMatchObject({ seqLen: 16, batchSize: 4 });
    expect(torch.stderr).toMatch(new RegExp(`from step ${step} on 1 process\\(es\\), cpu; settings \\{"seq_len": 16, "batch": 4, "lr": ${train.learningRate}, "optimizer": "${train.optimizer}"`));
    const lines = torch.stdout.trim().split('\n');
    const steps = jsonLines(lines.filter((l) => l.startsWith('{"step"')).join('\n'));
    expect(steps.map((s) => s.step)).toEqual([step + 1, step + 2, step + 3]);
    const cli = await runCli(['train', '--text', join(project, 'text.txt'), '--init', join(project, 'model.safetensors'), '--steps', '1', '--seq-len', '16', '--batch', '4', '--lr', String(train.learningRate), '--backend', 'cpu', '--json']);
    expect(cli.code, cli.stderr).toBe(0);
    expect(rel(steps[0]!.loss, jsonLines(cli.stdout)[0]!.loss)).toBeLessThan(1e-5);

    const evaluated = await runCli(['eval', join(project, 'next.safetensors'), '--text', join(project, 'text.txt'), '--json']);
    expect(evaluated.code, evaluated.stderr).toBe(0);
    const torchEval = (JSON.parse(lines.find((l) => l.startsWith('{"eval"'))!) as { eval: { loss: number } }).eval.loss;
    expect(rel((JSON.parse(evaluated.stdout) as { loss: number }).loss, torchEval)).toBeLessThan(1e-5);

    // the page opens the checkpoint again
    await page.getByTestId('import-file').setInputFiles(join(project, 'next.safetensors'));
    await expect.poll(() => page.getByTestId('import-notice').innerText(), { timeout: 60_000 }).toBe('Imported next.safetensors.');

    // an imported model on a text with characters it does not know: refused, naming them
    const vocab = buildVocab(TEXT);
    const model = { ...DEFAULT_MODEL, cell: 'gru' as const, hiddenSize: 8 };
    const bytes = writeModelFile({ model, vocab, params: initParams(buildLayout(model, vocab.size), createRng(5)) as Float32Array });
    await page.getByTestId('training-text').fill(`${TEXT}üé`);
    await page.getByTestId('import-file').setInputFiles({ name: 'gru.safetensors', mimeType: 'application/octet-stream', buffer: Buffer.from(bytes) });
    await expect.poll(() => page.getByTestId('pytorch-gru').isEnabled(), { timeout: 60_000 }).toBe(true);
    await page.getByTestId('pytorch-gru').click();
    await expect.poll(() => page.getByTestId('import-error').innerText(), { timeout: 30_000 }).toBe(
      `2 character(s) of the text are not in the model's vocabulary: "é", "ü". Use text in the model's alphabet.`,
    );
    await page.getByTestId('language').selectOption('zh-CN');
    expect(await page.getByTestId('import-error').innerText()).toBe('文本中有 2 个字符不在模型的词表中："é", "ü"。请只使用模型词表中的字符。');
    expect(await page.getByTestId('pytorch-gru').innerText()).toBe('在 PyTorch 中继续');
    await page.getByTestId('readouts').screenshot({ path: `${ARTIFACTS}/pytorch-export-refused-zh.png` });
    await screenshot(page, 'pytorch-export-zh');
    expect(errors).toEqual([]);
  });
});
