import { describe, expect, it } from 'vitest';
import { DEFAULT_MODEL, type ModelConfig } from '../../src/model/config.ts';
import { buildLayout, initParams } from '../../src/model/params.ts';
import { createRng } from '../../src/model/rng.ts';
import { END, START } from '../../src/model/tasks.ts';
import { buildVocab } from '../../src/model/vocab.ts';
import { FORMAT, ModelFileError, readModelFile, writeModelFile, type ModelFile } from '../../src/io/safetensors.ts';
import { variantGrid } from '../helpers/model-fixtures.ts';

function fixture(model: ModelConfig, text = 'hello, world! 你好 😀'): ModelFile {
  const vocab = buildVocab(text);
  const params = initParams(buildLayout(model, vocab.size), createRng(7)) as Float32Array;
  return { model, vocab, params };
}

/** The file's header as parsed JSON, and where its data starts. */
function headerOf(bytes: Uint8Array): { header: Record<string, { dtype: string; shape: number[]; data_offsets: [number, number] }> & { __metadata__: Record<string, string> }; start: number } {
  const n = Number(new DataView(bytes.buffer, bytes.byteOffset).getBigUint64(0, true));
  return { header: JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + n))), start: 8 + n };
}

/** Rewrites a valid file with its header changed by `edit` (data kept). */
function withHeader(bytes: Uint8Array, edit: (h: Record<string, unknown>) => void): Uint8Array {
  const { header, start } = headerOf(bytes);
  edit(header);
  const json = new TextEncoder().encode(JSON.stringify(header));
  const out = new Uint8Array(8 + json.length + bytes.length - start);
  new DataView(out.buffer).setBigUint64(0, BigInt(json.length), true);
  out.set(json, 8);
  out.set(bytes.subarray(start), 8 + json.length);
  return out;
}

const lstm = fixture({ ...DEFAULT_MODEL, cell: 'lstm', hiddenSize: 5 });

describe('safetensors export', () => {
  it('writes the design guide layout: u64 header length, JSON header padded to 8 bytes, F32 data in layout order', () => {
    const bytes = writeModelFile(lstm);
    const { header, start } = headerOf(bytes);
    expect(start % 8).toBe(0);
    expect(header.__metadata__).toEqual({
      mode: 'lm',
      format: FORMAT,
      cell: 'lstm',
      hidden_size: '5',
      num_layers: '1',
      bidirectional: 'false',
      nonlinearity: 'tanh',
      peephole: 'false',
      gru_variant: 'pytorch',
      vocab: JSON.stringify(lstm.vocab.symbols),
    });
    const V = lstm.vocab.size;
    expect(header['rnn.weight_ih_l0']).toEqual({ dtype: 'F32', shape: [20, V], data_offsets: [0, 20 * V * 4] });
    expect(header['rnn.weight_hh_l0']!.shape).toEqual([20, 5]);
    expect(header['rnn.bias_ih_l0']!.shape).toEqual([20]);
    expect(header['decoder.weight']!.shape).toEqual([V, 5]);
    expect(header['decoder.bias']).toEqual({ dtype: 'F32', shape: [V], data_offsets: [(lstm.params.length - V) * 4, lstm.params.length * 4] });
    expect(bytes.length).toBe(start + lstm.params.length * 4);
    // the bias of the decoder, read straight from the bytes
    const dv = new DataView(bytes.buffer, start);
    expect(dv.getFloat32((lstm.params.length - 1) * 4, true)).toBe(lstm.params[lstm.params.length - 1]);
    // vocab survives emoji and CJK as one code point each
    expect(JSON.parse(header.__metadata__.vocab)).toContain('😀');
  });

  it.each(variantGrid([1, 2], [false, true]).map((v) => [v.name, v.model] as const))('round-trips %s bit for bit', (_name, model) => {
    const f = fixture({ ...model, hiddenSize: 3 });
    const back = readModelFile(writeModelFile(f));
    expect(back.model).toEqual(f.model);
    expect(back.vocab.symbols).toEqual(f.vocab.symbols);
    expect(Array.from(back.params)).toEqual(Array.from(f.params));
  });

  it('stores peepholes as rnn.weight_peep_l{k} (3, H) and the reverse direction with _reverse', () => {
    const { header } = headerOf(writeModelFile(fixture({ ...DEFAULT_MODEL, cell: 'lstm', hiddenSize: 4, peephole: true, bidirectional: true, numLayers: 2 }, 'abc')));
    expect(header['rnn.weight_peep_l1_reverse']!.shape).toEqual([3, 4]);
    expect(header['rnn.weight_ih_l1']!.shape).toEqual([16, 8]);
    expect(header['decoder.weight']!.shape).toEqual([3, 8]);
  });
});

describe('line and classification models', () => {
  const model = { ...DEFAULT_MODEL, cell: 'gru' as const, hiddenSize: 4, bidirectional: true };
  const vocab = buildVocab('what time is it');
  const labels = ['ask_time', 'greet', 'weather'];
  const classifier: ModelFile = { model, vocab, params: initParams(buildLayout(model, vocab.size, 3), createRng(3)) as Float32Array, mode: 'classify', labels };
  it('a classifier: the labels in the metadata, the head as classifier.weight (K, 2H) and classifier.bias (K); read back the same', () => {
    const bytes = writeModelFile(classifier);
    const { header } = headerOf(bytes);
    expect(header.__metadata__.mode).toBe('classify');
    expect(JSON.parse(header.__metadata__.labels!)).toEqual(labels);
    expect(header['classifier.weight']!.shape).toEqual([3, 8]);
    expect(header['classifier.bias']!.shape).toEqual([3]);
    expect(header['decoder.weight']).toBeUndefined();
    const back = readModelFile(bytes);
    expect(back.mode).toBe('classify');
    expect(back.labels).toEqual(labels);
    expect(back.params).toEqual(classifier.params);
  });
  it('a line model: the start and end tokens named in the metadata and part of the vocabulary', () => {
    const lineVocab = buildVocab(START + END + 'anna');
    const file: ModelFile = { model, vocab: lineVocab, params: initParams(buildLayout(model, lineVocab.size), createRng(3)) as Float32Array, mode: 'lines' };
    const bytes = writeModelFile(file);
    expect(headerOf(bytes).header.__metadata__).toMatchObject({ mode: 'lines', start_token: START, end_token: END });
    expect(readModelFile(bytes)).toMatchObject({ mode: 'lines', labels: [] });
  });
  it('a file without a mode is a next-character model (files from before the modes)', () => {
    expect(readModelFile(withHeader(writeModelFile(lstm), (h) => delete (h.__metadata__ as Record<string, string>).mode)).mode).toBe('lm');
  });
  const meta = (bytes: Uint8Array, edit: (m: Record<string, string>) => void) => withHeader(bytes, (h) => edit(h.__metadata__ as Record<string, string>));
  const message = (bytes: Uint8Array) => {
    try {
      readModelFile(bytes);
    } catch (e) {
      return (e as Error).message;
    }
    return '';
  };
  it('refuses an unknown mode, bad labels, labels that do not fit the head, a line model without its tokens', () => {
    const good = writeModelFile(classifier);
    expect(message(meta(good, (m) => (m.mode = 'regression')))).toMatch(/'mode' is "regression"/);
    expect(message(meta(good, (m) => (m.labels = '["a"]')))).toMatch(/at least two distinct, non-empty label names/);
    expect(message(meta(good, (m) => (m.labels = '["a", "a", "b"]')))).toMatch(/distinct/);
    expect(message(meta(good, (m) => (m.labels = 'ask_time')))).toMatch(/JSON array of label names/);
    expect(message(meta(good, (m) => (m.labels = '["a", "b"]')))).toMatch(/'classifier.weight' has shape \[3,8\]; the metadata says \[2, 8\]/);
    expect(message(meta(writeModelFile(lstm), (m) => (m.mode = 'lines')))).toMatch(/start and end tokens/);
  });
});

describe('safetensors import refuses malformed files with a clear message', () => {
  const good = writeModelFile(lstm);
  const refuses = (bytes: Uint8Array, message: RegExp) => {
    let err: unknown;
    try {
      readModelFile(bytes);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ModelFileError);
    expect((err as Error).message).toMatch(message);
  };

  it('a file shorter than 8 bytes', () => refuses(good.subarray(0, 5), /too short/));
  it('a truncated file (data cut off)', () => refuses(good.subarray(0, good.length - 3), /outside the .* data bytes .*truncated/));
  it('a header length beyond the file', () => {
    const b = good.slice();
    new DataView(b.buffer).setBigUint64(0, BigInt(good.length), true);
    refuses(b, /beyond the end of the file/);
  });
  it('a header length near 2^64', () => {
    const b = good.slice();
    new DataView(b.buffer).setBigUint64(0, 2n ** 64n - 8n, true);
    refuses(b, /18446744073709551608 bytes.*beyond the end/);
  });
  it('a header that is not JSON', () => {
    const b = good.slice();
    b[8] = 0x7a; // 'z' where '{' was
    refuses(b, /not valid JSON/);
  });
  it('a header that is not UTF-8', () => {
    const b = good.slice();
    b[9] = 0xff;
    refuses(b, /not valid JSON/);
  });
  it('a header without metadata', () => refuses(withHeader(good, (h) => delete h.__metadata__), /no '__metadata__'/));
  it('another format', () => refuses(withHeader(good, (h) => ((h.__metadata__ as Record<string, string>).format = 'other/2')), /format/));
  it('an unknown cell', () => refuses(withHeader(good, (h) => ((h.__metadata__ as Record<string, string>).cell = 'transformer')), /Unknown cell "transformer"/));
  it('a hidden size out of range', () => refuses(withHeader(good, (h) => ((h.__metadata__ as Record<string, string>).hidden_size = '0')), /hidden size must be between/));
  it('a wrong shape', () =>
    refuses(
      withHeader(good, (h) => ((h['rnn.weight_hh_l0'] as { shape: number[] }).shape = [5, 20])),
      /'rnn.weight_hh_l0' has shape \[5,20\]; the metadata says \[20, 5\]/,
    ));
  it('shapes that do not match the metadata (hidden size changed)', () => refuses(withHeader(good, (h) => ((h.__metadata__ as Record<string, string>).hidden_size = '6')), /has shape/));
  it('a dtype other than F32', () => refuses(withHeader(good, (h) => ((h['decoder.bias'] as { dtype: string }).dtype = 'F16')), /dtype "F16"/));
  it('a missing tensor', () => refuses(withHeader(good, (h) => delete h['rnn.bias_hh_l0']), /'rnn.bias_hh_l0' is missing/));
  it('an unexpected tensor', () => refuses(withHeader(good, (h) => (h['extra.weight'] = { dtype: 'F32', shape: [1], data_offsets: [0, 4] })), /Unexpected tensor 'extra.weight'/));
  it('overlapping tensors', () =>
    refuses(
      withHeader(good, (h) => ((h['rnn.bias_hh_l0'] as { data_offsets: number[] }).data_offsets = (h['rnn.bias_ih_l0'] as { data_offsets: number[] }).data_offsets.slice())),
      /overlap/,
    ));
  const padded = (extra: number) => {
    const b = new Uint8Array(good.length + extra);
    b.set(good);
    return b;
  };
  type Offsets = { data_offsets: number[] };
  it('bytes after the last tensor (the reference reader refuses them too)', () => refuses(padded(8), /8 bytes after its last tensor \('decoder.bias'\)/));
  it('a gap between two tensors', () =>
    refuses(
      withHeader(padded(4), (h) => ((h['decoder.bias'] as Offsets).data_offsets = (h['decoder.bias'] as Offsets).data_offsets.map((o) => o + 4))),
      /4 bytes between tensors 'decoder.weight' and 'decoder.bias' belong to no tensor/,
    ));
  it('a gap before the first tensor', () =>
    refuses(
      withHeader(padded(4), (h) => {
        for (const [name, t] of Object.entries(h)) if (name !== '__metadata__') (t as Offsets).data_offsets = (t as Offsets).data_offsets.map((o) => o + 4);
      }),
      /starts with 4 bytes that belong to no tensor \(before 'rnn.weight_ih_l0'\)/,
    ));
  it('offsets that are not integers', () => refuses(withHeader(good, (h) => ((h['decoder.bias'] as { data_offsets: unknown }).data_offsets = [0.5, 'x'])), /invalid data_offsets/));
  it('a vocabulary entry of two characters', () => refuses(withHeader(good, (h) => ((h.__metadata__ as Record<string, string>).vocab = JSON.stringify(['ab', ...lstm.vocab.symbols.slice(1)]))), /entry 0 \("ab"\) is not exactly one character/));
  it('a repeated vocabulary entry', () => refuses(withHeader(good, (h) => ((h.__metadata__ as Record<string, string>).vocab = JSON.stringify(['a', ...lstm.vocab.symbols.slice(1, -1), 'a']))), /appears twice/));
  it('a vocabulary that is not JSON', () => refuses(withHeader(good, (h) => ((h.__metadata__ as Record<string, string>).vocab = '[a, b')), /JSON array of characters/));
  it('a NaN value', () => {
    const b = good.slice();
    const { start } = headerOf(b);
    new DataView(b.buffer).setFloat32(start + 4 * 7, NaN, true);
    refuses(b, /'rnn.weight_ih_l0' holds a non-finite value \(NaN\) at index 7/);
  });
  it('an infinite value', () => {
    const b = good.slice();
    new DataView(b.buffer).setFloat32(b.length - 4, -Infinity, true);
    refuses(b, /'decoder.bias' holds a non-finite value \(-Infinity\)/);
  });
});
