// Model files: safetensors with PyTorch tensor names (docs: ../shared/DESIGN.md "Exchange format").
// Layout: 8-byte little-endian header length N, N bytes of JSON header (padded with spaces to a
// multiple of 8), then the little-endian F32 data of every tensor of src/model/params.ts, in layout
// order. `__metadata__` holds the model config, the task mode and the vocabulary (and, for a
// classifier, its labels), all values strings; and how it was trained, and a checkpoint's state
// after the model's tensors (src/io/run-state.ts).
// Reading is strict and allocates nothing big before the header has been checked against the file;
// as the reference reader, it refuses tensors that do not tile the data section exactly (gaps, overlaps,
// trailing bytes).
import { CELL_KINDS, isCellKind } from '../model/cells/registry.ts';
import { modelConfigErrors, type ModelConfig } from '../model/config.ts';
import { buildLayout } from '../model/params.ts';
import { memoryConfigErrors, memoryDefaults, memoryVocab, type MemoryConfig } from '../model/memory-tasks.ts';
import { END, START, TASK_MODES, type TaskMode } from '../model/tasks.ts';
import { vocabFromSymbols, type Vocab } from '../model/vocab.ts';
import type { TrainingState } from '../model/resume.ts';
import { readResume, readTrainingInfo, stateEntries, trainingMetadata, type TrainingInfo } from './run-state.ts';

export const FORMAT = 'rnn-playground/1';
/** The safetensors reference implementation refuses headers above 100 MB; so do we. */
const MAX_HEADER_BYTES = 100_000_000;

export interface ModelFile {
  model: ModelConfig;
  vocab: Vocab;
  /** Flat parameters in the layout of buildLayout(model, vocab.size, labels.length). */
  params: Float32Array;
  /** The task (default 'lm'); 'lines' vocabularies hold START and END. */
  mode?: TaskMode;
  /** A classifier's labels (mode 'classify'), in output order. */
  labels?: string[];
  /** A memory task's knobs (mode 'memory'). */
  memory?: MemoryConfig;
  /** How it was trained: its step, seed, schedule, initialisation and split (read: the defaults
   *  of run-state.ts for what the file does not say). */
  training?: TrainingInfo;
  /** A checkpoint's state to continue training from (its step is training.step). */
  state?: TrainingState;
}

/**
 * The largest model file the page and the CLI open, checked by its size before it is read (an
 * import holds the file in memory on the page and once more in the worker while it is parsed).
 * 1 GiB is the largest model the page can build, with headroom: the controls' largest shape (NUMERIC_FIELDS: 4 bidirectional
 * layers of 1024 units, an LSTM with peepholes) has 84 M parameters (320 MiB of float32) besides its
 * vocabulary, and each symbol adds 10 H + 1 floats (40 KiB at H = 1024: a column of W_ih in both
 * directions and a row of the decoder), so with a vocabulary of 16,000 symbols (a long Chinese
 * text) it is a 945 MiB file. tests/unit/model-import.test.ts holds the number to that.
 */
export const MAX_MODEL_BYTES = 1024 * 2 ** 20;

/** A file that cannot be read as a model; the message says what is wrong with it. */
export class ModelFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ModelFileError';
  }
}

const littleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

function metadata(m: ModelConfig, vocab: Vocab, mode: TaskMode, labels: string[], memory: MemoryConfig | undefined): Record<string, string> {
  return {
    mode,
    ...(mode === 'classify' ? { labels: JSON.stringify(labels) } : {}),
    ...(mode === 'memory' && memory ? { memory: JSON.stringify(memory) } : {}),
    ...(mode === 'lines' ? { start_token: START, end_token: END } : {}),
    format: FORMAT,
    cell: m.cell,
    hidden_size: String(m.hiddenSize),
    num_layers: String(m.numLayers),
    bidirectional: String(m.bidirectional),
    nonlinearity: m.nonlinearity,
    peephole: String(m.peephole),
    gru_variant: m.gruVariant,
    vocab: JSON.stringify(vocab.symbols),
  };
}

/** The model as safetensors bytes. */
export function writeModelFile({ model, vocab, params, mode = 'lm', labels = [], memory, training, state }: ModelFile): Uint8Array<ArrayBuffer> {
  if (mode === 'memory' && !memory) throw new RangeError('a memory-task model file needs its task (memory)');
  const layout = buildLayout(model, vocab.size, mode === 'classify' ? labels.length : 0);
  if (params.length !== layout.total) throw new RangeError(`expected ${layout.total} parameters for this model, got ${params.length}`);
  const extra = state ? stateEntries(state) : { meta: {}, tensors: [] };
  const header: Record<string, unknown> = { __metadata__: { ...metadata(model, vocab, mode, labels, memory), ...(training ? trainingMetadata(training) : {}), ...extra.meta } };
  for (const t of layout.tensors) header[t.name] = { dtype: 'F32', shape: t.shape, data_offsets: [t.offset * 4, (t.offset + t.size) * 4] };
  let end = layout.total;
  for (const t of extra.tensors) header[t.name] = { dtype: 'F32', shape: [t.data.length], data_offsets: [end * 4, (end += t.data.length) * 4] };
  let json = new TextEncoder().encode(JSON.stringify(header));
  const padded = Math.ceil(json.length / 8) * 8;
  if (padded !== json.length) {
    const withSpaces = new Uint8Array(padded).fill(0x20);
    withSpaces.set(json);
    json = withSpaces;
  }
  const out = new Uint8Array(8 + padded + end * 4);
  const dv = new DataView(out.buffer);
  dv.setBigUint64(0, BigInt(padded), true);
  out.set(json, 8);
  let base = 8 + padded;
  for (const data of [params, ...extra.tensors.map((t) => t.data)]) {
    if (littleEndian) out.set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), base);
    else data.forEach((x, i) => dv.setFloat32(base + i * 4, x, true));
    base += data.byteLength;
  }
  return out;
}

const fail = (message: string): never => {
  throw new ModelFileError(message);
};

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

function readHeader(bytes: Uint8Array): { header: Record<string, unknown>; dataStart: number } {
  if (bytes.length < 8) fail(`The file is ${bytes.length} bytes long: too short to be a safetensors file (it needs an 8-byte header length).`);
  const n = new DataView(bytes.buffer, bytes.byteOffset, 8).getBigUint64(0, true);
  if (n > BigInt(bytes.length - 8)) fail(`The header length (${n} bytes) is beyond the end of the file (${bytes.length} bytes): the file is truncated or not a safetensors file.`);
  if (n > BigInt(MAX_HEADER_BYTES)) fail(`The header is ${n} bytes long, more than the ${MAX_HEADER_BYTES} a safetensors header may have.`);
  let header: unknown;
  try {
    header = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(8, 8 + Number(n))));
  } catch {
    fail('The header is not valid JSON: this is not a safetensors file, or it is damaged.');
  }
  if (!isObject(header)) fail('The header is not a JSON object of tensors.');
  return { header: header as Record<string, unknown>, dataStart: 8 + Number(n) };
}

function parseBool(meta: Record<string, unknown>, key: string): boolean {
  const v = meta[key];
  if (v === 'true') return true;
  if (v === 'false') return false;
  return fail(`Metadata '${key}' must be "true" or "false" (got ${JSON.stringify(v)}).`);
}

function parseInt10(meta: Record<string, unknown>, key: string): number {
  const v = meta[key];
  if (typeof v !== 'string' || !/^\d{1,9}$/.test(v)) fail(`Metadata '${key}' must be a whole number (got ${JSON.stringify(v)}).`);
  return Number(v);
}

function readModelConfig(meta: Record<string, unknown>): ModelConfig {
  const cell = meta.cell;
  if (!isCellKind(cell)) return fail(`Unknown cell ${JSON.stringify(cell)}: this app reads ${CELL_KINDS.join(', ')} models.`);
  const model = {
    cell,
    hiddenSize: parseInt10(meta, 'hidden_size'),
    numLayers: parseInt10(meta, 'num_layers'),
    bidirectional: parseBool(meta, 'bidirectional'),
    nonlinearity: meta.nonlinearity ?? 'tanh',
    peephole: meta.peephole === undefined ? false : parseBool(meta, 'peephole'),
    gruVariant: meta.gru_variant ?? 'pytorch',
  } as ModelConfig;
  const problem = modelConfigErrors(model)[0];
  if (problem) fail(`The model in the file is not valid: ${problem.message}.`);
  return model;
}

function readVocab(meta: Record<string, unknown>): Vocab {
  let symbols: unknown;
  try {
    symbols = JSON.parse(typeof meta.vocab === 'string' ? meta.vocab : '');
  } catch {
    fail("Metadata 'vocab' must be a JSON array of characters.");
  }
  if (!Array.isArray(symbols) || symbols.length === 0) return fail("Metadata 'vocab' must be a non-empty JSON array of characters.");
  const seen = new Set<string>();
  symbols.forEach((s: unknown, i) => {
    if (typeof s !== 'string' || Array.from(s).length !== 1) fail(`Vocabulary entry ${i} (${JSON.stringify(s)}) is not exactly one character.`);
    if (seen.has(s as string)) fail(`Vocabulary entry ${i} (${JSON.stringify(s)}) appears twice.`);
    seen.add(s as string);
  });
  return vocabFromSymbols(symbols as string[]);
}

/** A memory task's knobs, valid, and the vocabulary they make. */
function readMemory(meta: Record<string, unknown>, vocab: Vocab): MemoryConfig {
  let memory: unknown;
  try {
    memory = JSON.parse(typeof meta.memory === 'string' ? meta.memory : '');
  } catch {
    fail("Metadata 'memory' must be the memory task as JSON (task, delay, symbols, length, depth).");
  }
  const problem = isObject(memory) ? memoryConfigErrors(memory as unknown as MemoryConfig)[0] : null;
  if (!isObject(memory) || problem) fail(`Metadata 'memory' is not a valid memory task${problem ? `: ${problem.message}` : ''}.`);
  const config = { ...memoryDefaults((memory as unknown as MemoryConfig).task), ...(memory as unknown as MemoryConfig) };
  if (memoryVocab(config).symbols.join('') !== vocab.symbols.join('')) fail(`The vocabulary is not the ${config.task} task's (${memoryVocab(config).symbols.join(' ')}).`);
  return config;
}

/** The task: 'lm' when the file does not say (files from before the modes); a classifier's
 *  labels; a memory task's knobs. */
function readTask(meta: Record<string, unknown>, vocab: Vocab): { mode: TaskMode; labels: string[]; memory?: MemoryConfig } {
  const mode = TASK_MODES.find((m) => m === (meta.mode ?? 'lm'));
  if (!mode) return fail(`Metadata 'mode' is ${JSON.stringify(meta.mode)}; expected ${TASK_MODES.map((m) => JSON.stringify(m)).join(', ')}.`);
  if (mode === 'lines' && (vocab.id(START) < 0 || vocab.id(END) < 0)) fail('A line-mode model needs the start and end tokens (U+0002, U+0003) in its vocabulary.');
  if (mode === 'memory') return { mode, labels: [], memory: readMemory(meta, vocab) };
  if (mode !== 'classify') return { mode, labels: [] };
  let labels: unknown;
  try {
    labels = JSON.parse(typeof meta.labels === 'string' ? meta.labels : '');
  } catch {
    fail("Metadata 'labels' must be a JSON array of label names.");
  }
  if (!Array.isArray(labels) || labels.length < 2 || !labels.every((l) => typeof l === 'string' && l !== '') || new Set(labels).size !== labels.length) {
    fail("Metadata 'labels' must be a JSON array of at least two distinct, non-empty label names.");
  }
  return { mode, labels: labels as string[] };
}

/**
 * Reads a model file written by writeModelFile (or by PyTorch with the same names and metadata).
 * Throws a ModelFileError saying what is wrong; nothing is returned from a bad file.
 */
export function readModelFile(bytes: Uint8Array): ModelFile {
  const { header, dataStart } = readHeader(bytes);
  const meta = header.__metadata__;
  if (!isObject(meta)) return fail("The file has no '__metadata__': it needs the cell, its sizes and the vocabulary (see the README).");
  if (meta.format !== FORMAT) fail(`Metadata 'format' is ${JSON.stringify(meta.format)}; expected "${FORMAT}".`);
  const model = readModelConfig(meta);
  const vocab = readVocab(meta);
  const { mode, labels, memory } = readTask(meta, vocab);
  const training = readTrainingInfo(meta);
  if (typeof training === 'string') return fail(training);
  const resume = readResume(meta);
  if (typeof resume === 'string') return fail(resume);
  const layout = buildLayout(model, vocab.size, labels.length);
  // a checkpoint's state tensors: the moments as long as the parameters, the carried state as long as it says
  const carriedShape = (header['state.carried'] as { shape?: unknown } | undefined)?.shape;
  const carried = Array.isArray(carriedShape) && carriedShape.length === 1 && Number.isSafeInteger(carriedShape[0]) ? (carriedShape[0] as number) : -1;
  const extras = (resume?.names ?? []).map((name) => ({ name, shape: [name === 'state.carried' ? carried : layout.total], size: name === 'state.carried' ? Math.max(0, carried) : layout.total }));
  const expected = new Set([...layout.tensors, ...extras].map((t) => t.name));
  for (const name of Object.keys(header)) {
    if (name !== '__metadata__' && !expected.has(name)) fail(`Unexpected tensor '${name}' for a ${model.cell} of this shape.`);
  }
  const dataLength = bytes.length - dataStart;
  const spans: { name: string; begin: number; end: number }[] = [];
  for (const t of [...layout.tensors, ...extras]) {
    const entry = header[t.name];
    if (!isObject(entry)) return fail(`Tensor '${t.name}' is missing.`);
    if (entry.dtype !== 'F32') fail(`Tensor '${t.name}' has dtype ${JSON.stringify(entry.dtype)}; only F32 is read.`);
    const shape = entry.shape;
    if (!Array.isArray(shape) || shape.length !== t.shape.length || shape.some((d, i) => d !== t.shape[i])) {
      fail(`Tensor '${t.name}' has shape ${JSON.stringify(shape)}; the metadata says [${t.shape.join(', ')}].`);
    }
    const offsets = entry.data_offsets;
    if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every((o) => Number.isSafeInteger(o) && (o as number) >= 0)) {
      return fail(`Tensor '${t.name}' has invalid data_offsets ${JSON.stringify(offsets)}.`);
    }
    const [begin, end] = offsets as [number, number];
    if (end < begin || end > dataLength) fail(`Tensor '${t.name}' has data_offsets [${begin}, ${end}] outside the ${dataLength} data bytes (the file may be truncated).`);
    if (end - begin !== t.size * 4) fail(`Tensor '${t.name}' has ${end - begin} data bytes; shape [${t.shape.join(', ')}] needs ${t.size * 4}.`);
    spans.push({ name: t.name, begin, end });
  }
  // as the reference reader: the tensors tile the data section exactly, no overlap, no gap, nothing after
  spans.sort((a, b) => a.begin - b.begin);
  if (spans[0]!.begin > 0) fail(`The data section starts with ${spans[0]!.begin} bytes that belong to no tensor (before '${spans[0]!.name}'): the file is damaged.`);
  for (let i = 1; i < spans.length; i++) {
    const [prev, next] = [spans[i - 1]!, spans[i]!];
    if (next.begin < prev.end) fail(`Tensors '${prev.name}' and '${next.name}' overlap in the file.`);
    if (next.begin > prev.end) fail(`${next.begin - prev.end} bytes between tensors '${prev.name}' and '${next.name}' belong to no tensor: the file is damaged.`);
  }
  const tail = dataLength - spans[spans.length - 1]!.end;
  if (tail > 0) fail(`The file has ${tail} bytes after its last tensor ('${spans[spans.length - 1]!.name}'): it is damaged or has something appended.`);
  const dv = new DataView(bytes.buffer, bytes.byteOffset + dataStart, dataLength);
  const read = (t: { name: string; size: number }, into: Float32Array, offset: number) => {
    const begin = (header[t.name] as { data_offsets: [number, number] }).data_offsets[0];
    for (let i = 0; i < t.size; i++) {
      const x = dv.getFloat32(begin + i * 4, true);
      if (!Number.isFinite(x)) fail(`Tensor '${t.name}' holds a non-finite value (${x}) at index ${i}.`);
      into[offset + i] = x;
    }
    return into;
  };
  const params = new Float32Array(layout.total);
  for (const t of layout.tensors) read(t, params, t.offset);
  const extra = new Map(extras.map((t) => [t.name, read(t, new Float32Array(t.size), 0)]));
  const none = new Float32Array(0);
  const state: TrainingState | null = resume && {
    step: training.step,
    batches: resume.batches,
    optimizer: { kind: resume.kind, t: resume.t, m: extra.get('optimizer.exp_avg') ?? none, v: extra.get('optimizer.exp_avg_sq') ?? extra.get('optimizer.square_avg') ?? none },
    carried: extra.get('state.carried') ?? none,
  };
  return { model, vocab, params, mode, labels, ...(memory ? { memory } : {}), training, ...(state ? { state } : {}) };
}
