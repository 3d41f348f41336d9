// "Continue in PyTorch": the files of a plain PyTorch project that goes on training a run, written
// to a folder by `rnn-playground export-pytorch` and zipped by the page. The Python is the
// project's own teaching code in src/io/pytorch-project/ (train.py, model.py, data.py, README.md),
// copied as it is; what belongs to the run travels in model.safetensors, whose metadata gains the
// training settings (TrainConfig, under the names train.py reads: SETTING_KEYS) and `step`.
import { CELLS } from '../model/cells/registry.ts';
import { ConfigError, problem, trainConfigErrors, type ScalarTrainField, type TrainConfig } from '../model/config.ts';
import { parseTask, taskTexts } from '../model/tasks.ts';
import type { Vocab } from '../model/vocab.ts';
import dataPy from './pytorch-project/data.py?raw';
import modelPy from './pytorch-project/model.py?raw';
import readme from './pytorch-project/README.md?raw';
import trainPy from './pytorch-project/train.py?raw';
import { SETTING_KEYS } from './run-state.ts';
import type { ModelFile } from './safetensors.ts';

export { SETTING_KEYS };

/** The tasks train.py trains (a memory task has no text to continue on). */
const EXPORTED_MODES = ['lm', 'lines', 'classify'];

export interface ProjectFile {
  /** File name inside the project's folder. */
  name: string;
  data: Uint8Array;
}

export interface ProjectInput {
  /** The run's model file, as the page and the CLI hold it, and as readModelFile read it. */
  bytes: Uint8Array;
  file: ModelFile;
  text: string;
  train: TrainConfig;
  /** The update the parameters hold. */
  step: number;
}

const enc = new TextEncoder();

/** The JSON header of a safetensors file that readModelFile has accepted, and its length. */
function headerOf(bytes: Uint8Array): { header: { __metadata__: Record<string, string> }; length: number } {
  const length = Number(new DataView(bytes.buffer, bytes.byteOffset, 8).getBigUint64(0, true));
  return { header: JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + length))) as { __metadata__: Record<string, string> }, length };
}

/** The file with `extra` added to its metadata; the tensors' bytes are unchanged. */
function withMetadata(bytes: Uint8Array, extra: Record<string, string>): Uint8Array {
  const { header, length } = headerOf(bytes);
  const json = enc.encode(JSON.stringify({ ...header, __metadata__: { ...header.__metadata__, ...extra } }));
  const padded = Math.ceil(json.length / 8) * 8; // the data starts at a multiple of 8
  const out = new Uint8Array(8 + padded + bytes.length - 8 - length).fill(0x20, 8 + json.length, 8 + padded);
  new DataView(out.buffer).setBigUint64(0, BigInt(padded), true);
  out.set(json, 8);
  out.set(bytes.subarray(8 + length), 8 + padded);
  return out;
}

/**
 * The training settings and step a model file holds (a checkpoint of train.py), over `defaults`;
 * a ConfigError names a metadata value that is not a valid setting.
 */
export function fileSettings(bytes: Uint8Array, defaults: TrainConfig): { train: TrainConfig; step: number } {
  const meta = headerOf(bytes).header.__metadata__;
  const train = { ...defaults } as Record<keyof TrainConfig, unknown>;
  for (const [field, key] of Object.entries(SETTING_KEYS) as [ScalarTrainField, string][]) {
    const v = meta[key];
    if (v === undefined) continue;
    train[field] = field === 'optimizer' || field === 'clipMode' ? v : v.trim() === '' ? NaN : Number(v);
  }
  const problem = trainConfigErrors(train as unknown as TrainConfig)[0];
  if (problem) throw new ConfigError(problem.field, `metadata '${SETTING_KEYS[problem.field as ScalarTrainField] ?? problem.field}': ${problem.message}`, problem.problem);
  const step = meta.step === undefined ? 0 : /^\d{1,15}$/.test(meta.step) ? Number(meta.step) : NaN;
  if (Number.isNaN(step)) throw new ConfigError('step', `metadata 'step' must be a whole number (got ${JSON.stringify(meta.step)})`);
  return { train: train as unknown as TrainConfig, step };
}

/** The distinct characters of `texts` that `vocab` does not hold, in code point order. */
function unknownCharacters(vocab: Vocab, texts: readonly string[]): string[] {
  const unknown = new Set<string>();
  for (const t of texts) for (const ch of t) if (vocab.id(ch) < 0) unknown.add(ch);
  return [...unknown].sort((a, b) => a.codePointAt(0)! - b.codePointAt(0)!);
}

/** Why train.py could not continue this model on this text (a ConfigError on 'text'), or null. */
export function projectTextError(file: ModelFile, text: string): ConfigError | null {
  const mode = file.mode ?? 'lm';
  let texts = [text];
  if (mode === 'lines' || mode === 'classify') {
    try {
      texts = taskTexts(parseTask(mode, text, file));
    } catch (e) {
      if (e instanceof ConfigError) return e;
      throw e;
    }
  }
  const unknown = unknownCharacters(file.vocab, texts);
  if (unknown.length > 0) {
    const shown = unknown.slice(0, 10).map((ch) => JSON.stringify(ch)).join(', ') + (unknown.length > 10 ? ', …' : '');
    return new ConfigError('text', `${unknown.length} character(s) of the text are not in the model's vocabulary: ${shown}`, problem('notInVocab', { count: unknown.length, chars: shown }));
  }
  if (mode === 'lm' && Array.from(text).length < 2) return new ConfigError('text', 'The text needs at least two characters: one to read, one to predict.');
  return null;
}

/** What the project's README says the run is. */
function about(file: ModelFile, step: number): string {
  const m = file.model;
  const task = file.mode === 'lines' ? 'one line at a time' : file.mode === 'classify' ? `a classifier of ${file.labels?.length} labels` : 'next character';
  const variant = m.cell === 'rnn' ? `, ${m.nonlinearity}` : m.cell === 'lstm' && m.peephole ? ', peepholes' : m.cell === 'gru' && m.gruVariant === 'original' ? ', the original GRU' : '';
  return `${CELLS[m.cell].label}${variant}, hidden size ${m.hiddenSize}, ${m.numLayers} layer(s)${m.bidirectional ? ', bidirectional' : ''}, ${task}, ${file.vocab.size} symbols, after ${step} steps`;
}

/**
 * The project's files; `name` names the run in the README's title. Throws a ConfigError for a model train.py does
 * not train (field 'mode'), settings that are not valid, or a text it cannot read (field 'text').
 */
export function pytorchProject({ bytes, file, text, train, step }: ProjectInput, name: string): ProjectFile[] {
  if (!EXPORTED_MODES.includes(file.mode ?? 'lm')) throw new ConfigError('mode', `a ${file.mode} model has no text to continue on: train.py continues next-character, line and classification models`);
  const problem = trainConfigErrors(train)[0] ?? projectTextError(file, text);
  if (problem) throw problem;
  const settings = Object.fromEntries(Object.entries(SETTING_KEYS).map(([field, key]) => [key, String(train[field as ScalarTrainField])]));
  return [
    { name: 'README.md', data: enc.encode(readme.replace('{{title}}', `${name}, continued in PyTorch`).replace('{{about}}', about(file, step))) },
    { name: 'train.py', data: enc.encode(trainPy) },
    { name: 'model.py', data: enc.encode(modelPy) },
    { name: 'data.py', data: enc.encode(dataPy) },
    { name: 'model.safetensors', data: withMetadata(bytes, { ...settings, step: String(step) }) },
    { name: 'text.txt', data: enc.encode(text) },
  ];
}
