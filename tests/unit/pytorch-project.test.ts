// "Continue in PyTorch" without PyTorch: the zip the page downloads (CRC-32, headers, the central
// directory), the project's files (the model file gains the training settings and step, its tensors
// unchanged; the names train.py reads), and `rnn-playground export-pytorch`'s bad input, each one
// line: an output folder that exists (refused unless --force), characters outside the model's
// vocabulary (named), a model file without the metadata, a classifier's text with other labels.
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fileSettings, pytorchProject, SETTING_KEYS } from '../../src/io/pytorch-project.ts';
import { readModelFile, writeModelFile } from '../../src/io/safetensors.ts';
import { crc32, zip } from '../../src/io/zip.ts';
import { ConfigError, DEFAULT_MODEL, DEFAULT_TRAIN } from '../../src/model/config.ts';
import { buildLayout, initParams } from '../../src/model/params.ts';
import { createRng } from '../../src/model/rng.ts';
import { parseExamples } from '../../src/model/tasks.ts';
import { buildVocab } from '../../src/model/vocab.ts';
import { runCli, tempFiles } from '../helpers/cli.ts';

const TEXT = 'to be or not to be, that is the question. ';
const model = { ...DEFAULT_MODEL, cell: 'gru' as const, hiddenSize: 5 };
const vocab = buildVocab(TEXT);
const params = initParams(buildLayout(model, vocab.size), createRng(3)) as Float32Array;
const bytes = writeModelFile({ model, vocab, params });
const train = { ...DEFAULT_TRAIN, seqLen: 16, batchSize: 4, learningRate: 0.000001, optimizer: 'rmsprop' as const };
const CLS = 'yes please\tyes\nsure\tyes\nno thanks\tno\nnever\tno\n';
const cls = parseExamples(CLS);

/** The entries of a zip, read back from its central directory and local headers. */
function unzip(archive: Uint8Array): { name: string; data: Uint8Array; crc: number; flags: number }[] {
  const dv = new DataView(archive.buffer, archive.byteOffset, archive.byteLength);
  const end = archive.length - 22;
  expect(dv.getUint32(end, true)).toBe(0x06054b50);
  const count = dv.getUint16(end + 10, true);
  let at = dv.getUint32(end + 16, true);
  expect(at + dv.getUint32(end + 12, true)).toBe(end);
  return Array.from({ length: count }, () => {
    expect(dv.getUint32(at, true)).toBe(0x02014b50);
    const nameLength = dv.getUint16(at + 28, true);
    const name = new TextDecoder().decode(archive.subarray(at + 46, at + 46 + nameLength));
    const local = dv.getUint32(at + 42, true);
    expect(dv.getUint32(local, true)).toBe(0x04034b50);
    expect(dv.getUint16(local + 8, true)).toBe(0); // stored
    const size = dv.getUint32(local + 18, true);
    const start = local + 30 + dv.getUint16(local + 26, true);
    const entry = { name, data: archive.subarray(start, start + size), crc: dv.getUint32(at + 16, true), flags: dv.getUint16(at + 8, true) };
    at += 46 + nameLength;
    return entry;
  });
}

describe('the zip of the page', () => {
  it('CRC-32 is the standard one', () => {
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
    expect(crc32(new Uint8Array(0))).toBe(0);
  });
  it('stores every file whole under its UTF-8 name, with its CRC-32, in a folder', () => {
    const files = [{ name: 'run/README.md', data: new TextEncoder().encode('# 你好\n') }, { name: 'run/empty.txt', data: new Uint8Array(0) }, { name: 'run/model.safetensors', data: bytes }];
    const entries = unzip(zip(files, new Date(2024, 5, 30, 12, 34, 56)));
    expect(entries.map((e) => e.name)).toEqual(files.map((f) => f.name));
    entries.forEach((e, i) => {
      expect(e.data).toEqual(files[i]!.data);
      expect(e.crc).toBe(crc32(files[i]!.data));
      expect(e.flags & 0x0800).toBe(0x0800);
    });
  });
});

describe('the project', () => {
  const files = pytorchProject({ bytes, file: readModelFile(bytes), text: TEXT, train, step: 1234 }, 'GRU #1');
  const byName = Object.fromEntries(files.map((f) => [f.name, f.data]));

  it('holds the Python, the model file with its settings and step, the text and a README', () => {
    expect(files.map((f) => f.name).sort()).toEqual(['README.md', 'data.py', 'model.py', 'model.safetensors', 'text.txt', 'train.py']);
    expect(new TextDecoder().decode(byName['text.txt'])).toBe(TEXT);
    const readme = new TextDecoder().decode(byName['README.md']);
    expect(readme).toMatch(/^# GRU #1, continued in PyTorch\n/);
    expect(readme).toContain('GRU, hidden size 5, 1 layer(s), next character, 15 symbols, after 1234 steps');
    expect(readme).toContain('torchrun --standalone --nproc_per_node=4 train.py');
    const exported = byName['model.safetensors']!;
    expect(readModelFile(exported).params).toEqual(params);
    expect(fileSettings(exported, DEFAULT_TRAIN)).toEqual({ train, step: 1234 });
    expect(new DataView(exported.buffer, exported.byteOffset).getUint32(0, true) % 8).toBe(0);
  });
  it("names each setting in the metadata as train.py's SETTINGS reads it", () => {
    const py = readFileSync('src/io/pytorch-project/train.py', 'utf8');
    const keys = [...py.matchAll(/^ {4}"\w+": \("(\w+)", (?:int|float|str), /gm)].map((m) => m[1]);
    expect(keys.sort()).toEqual(Object.values(SETTING_KEYS).sort());
  });
  it('refuses a text with characters the vocabulary lacks (named), another labelled text, and settings out of range', () => {
    const refuse = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        expect(e).toBeInstanceOf(ConfigError);
        return e as ConfigError;
      }
      throw new Error('not refused');
    };
    const file = readModelFile(bytes);
    expect(refuse(() => pytorchProject({ bytes, file, text: `${TEXT}Ωé\u0007`, train, step: 0 }, 'x')).message).toBe(`3 character(s) of the text are not in the model's vocabulary: "\\u0007", "é", "Ω"`);
    expect(refuse(() => pytorchProject({ bytes, file, text: TEXT, train: { ...train, batchSize: 0 }, step: 0 }, 'x')).field).toBe('batchSize');
    const labels = cls.labels;
    const clsBytes = writeModelFile({ model, vocab: cls.vocab, params: initParams(buildLayout(model, cls.vocab.size, labels.length), createRng(1)) as Float32Array, mode: 'classify', labels });
    const clsFile = readModelFile(clsBytes);
    expect(pytorchProject({ bytes: clsBytes, file: clsFile, text: CLS, train, step: 0 }, 'x')).toHaveLength(6);
    expect(refuse(() => pytorchProject({ bytes: clsBytes, file: clsFile, text: CLS.replaceAll('\tno', '\tnah'), train, step: 0 }, 'x')).problem?.code).toBe('labelsDiffer');
    // the labels are not part of the vocabulary: only the sentences' characters count
    expect(refuse(() => pytorchProject({ bytes: clsBytes, file: clsFile, text: `${CLS}zebra!\tyes\n`, train, step: 0 }, 'x')).message).toMatch(/3 character\(s\).*: "!", "b", "z"$/);
  });
  it('reads settings back from a checkpoint and says which metadata value is wrong', () => {
    const exported = byName['model.safetensors']!;
    expect(fileSettings(bytes, DEFAULT_TRAIN)).toEqual({ train: DEFAULT_TRAIN, step: 0 });
    const text = new TextDecoder('latin1').decode(exported).replace('"learning_rate":"0.000001"', '"learning_rate":"1e-06"    ');
    const python = Uint8Array.from(text, (c) => c.charCodeAt(0)); // Python writes floats so
    expect(fileSettings(python, DEFAULT_TRAIN).train.learningRate).toBe(1e-6);
    const bad = Uint8Array.from(text.replace('"optimizer":"rmsprop"', '"optimizer":"lbfgs"  '), (c) => c.charCodeAt(0));
    expect(() => fileSettings(bad, DEFAULT_TRAIN)).toThrow("metadata 'optimizer': optimizer must be one of adam, sgd, rmsprop (got lbfgs)");
  });
});

describe('rnn-playground export-pytorch', { timeout: 60_000 }, () => {
  const dir = tempFiles({ 'm.safetensors': bytes, 't.txt': TEXT, 'other.txt': `${TEXT}€`, 'nometa.safetensors': bytes.slice(), 'cls.txt': CLS });
  // a safetensors file without __metadata__: the header's key renamed, lengths kept
  writeFileSync(join(dir, 'nometa.safetensors'), Uint8Array.from(new TextDecoder('latin1').decode(bytes).replace('__metadata__', '__something__'), (c) => c.charCodeAt(0)));
  const at = (name: string) => join(dir, name);
  const oneLine = (r: { code: number | null; stderr: string }, code: number, pattern: RegExp) => {
    expect(r.code).toBe(code);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(pattern);
  };

  it('writes the project into a new folder, refuses one that exists unless --force, and a file', async () => {
    const first = await runCli(['export-pytorch', at('m.safetensors'), '--text', at('t.txt'), '--out', at('p')]);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stderr).toMatch(/wrote .*p: README.md, train.py, model.py, data.py, model.safetensors, text.txt/);
    expect(statSync(at('p/train.py')).size).toBeGreaterThan(0);
    oneLine(await runCli(['export-pytorch', at('m.safetensors'), '--text', at('t.txt'), '--out', at('p')]), 2, /^rnn-playground export-pytorch: --out .*p exists: choose a new folder, or add --force/);
    writeFileSync(at('p/mine.txt'), 'kept');
    expect((await runCli(['export-pytorch', at('m.safetensors'), '--text', at('t.txt'), '--out', at('p'), '--force'])).code).toBe(0);
    expect(readFileSync(at('p/mine.txt'), 'utf8')).toBe('kept');
    oneLine(await runCli(['export-pytorch', at('m.safetensors'), '--text', at('t.txt'), '--out', at('t.txt')]), 2, /--out .*t\.txt is a file: give the name of a new folder/);
    oneLine(await runCli(['export-pytorch', at('m.safetensors'), '--text', at('t.txt'), '--out', at('no/such/p')]), 1, /cannot create .*p: its parent folder does not exist/);
  });
  it('says in one line what is wrong with the model, the text or the call', async () => {
    const cases: [string[], number, RegExp][] = [
      [['--text', at('other.txt'), '--out', at('q')], 2, /--text: .*other\.txt: 1 character\(s\) of the text are not in the model's vocabulary: "€" \(see/],
      [['--text', at('cls.txt'), '--out', at('q')], 2, /--text: .*cls\.txt: 7 character\(s\).*: "\\t", "\\n", "k", "l", "p", "v", "y" \(see/],
      [['--out', at('q')], 2, /export-pytorch needs --text FILE/],
      [['--text', at('t.txt')], 2, /export-pytorch needs --out DIR/],
    ];
    for (const [args, code, pattern] of cases) oneLine(await runCli(['export-pytorch', at('m.safetensors'), ...args]), code, pattern);
    oneLine(await runCli(['export-pytorch', at('nometa.safetensors'), '--text', at('t.txt'), '--out', at('q')]), 1, /cannot read model .*nometa\.safetensors: The file has no '__metadata__'/);
    oneLine(await runCli(['export-pytorch', '--text', at('t.txt'), '--out', at('q')]), 2, /needs a model file/);
    expect(() => statSync(at('q'))).toThrow(); // nothing was written
    const help = await runCli(['export-pytorch', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('torchrun');
  });
});
