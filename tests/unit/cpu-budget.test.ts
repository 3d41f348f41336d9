// The CPU backend's memory budget: what a Network allocates is counted from its shape (held here
// to the typed arrays a real Network holds), and a shape past CPU_MEMORY_BUDGET_BYTES is refused
// before anything is allocated, naming the field and the largest size that fits.
import { describe, expect, it } from 'vitest';
import { checkCpuFits, CPU_MEMORY_BUDGET_BYTES, CpuBackend } from '../../src/backend/cpu.ts';
import { ConfigError, DEFAULT_MODEL, DEFAULT_TRAIN, type ModelConfig, type TrainConfig } from '../../src/model/config.ts';
import { cpuTrainingBytes, networkBytes } from '../../src/model/memory.ts';
import { Network } from '../../src/model/network.ts';
import { parseTask } from '../../src/model/tasks.ts';
import { variantGrid } from '../helpers/model-fixtures.ts';

/** Bytes of every typed array reachable from `o` (each counted once). */
function typedBytes(o: unknown, seen = new Set<unknown>()): number {
  if (o === null || typeof o !== 'object' || seen.has(o)) return 0;
  seen.add(o);
  if (ArrayBuffer.isView(o)) return o.byteLength;
  return Object.values(o as Record<string, unknown>).reduce<number>((sum, v) => sum + typedBytes(v, seen), 0);
}

const refused = (f: () => void): ConfigError => {
  try {
    f();
  } catch (e) {
    if (e instanceof ConfigError) return e;
    throw e;
  }
  throw new Error('not refused');
};

describe('CPU memory accounting', () => {
  it.each(variantGrid([1, 2], [false, true]).map((v) => [v.name, v.model] as const))('networkBytes is what a Network of %s allocates', (_name, model) => {
    for (const labels of [0, 3]) {
      const net = new Network({ ...model, hiddenSize: 5 }, 7, 3, 4, Float32Array, labels);
      // the typed arrays the network holds (its layout's offsets are the parameters', counted apart)
      const buffers = { ...net, layout: null };
      expect(networkBytes({ ...model, hiddenSize: 5 }, 7, 3, 4, labels)).toBe(typedBytes(buffers));
    }
  });
});

describe('CPU memory budget', () => {
  const lstm: ModelConfig = { ...DEFAULT_MODEL, hiddenSize: 1024 };
  const big: TrainConfig = { ...DEFAULT_TRAIN, seqLen: 1024, batchSize: 512 };
  it('refuses the largest fields (H=1024, T=1024, B=512) naming the largest batch size that fits', () => {
    const e = refused(() => checkCpuFits(lstm, big, 65, [1024]));
    expect(e.field).toBe('batchSize');
    expect(e.problem?.code).toBe('cpuTooLarge');
    const max = Number(e.problem!.params.max);
    expect(e.message).toMatch(new RegExp(`needs \\d+ MB of memory, more than the 1024 MB the CPU engine allows: the largest batch size that fits is ${max}`));
    expect(cpuTrainingBytes(lstm, 65, 'adam', max, [1024])).toBeLessThanOrEqual(CPU_MEMORY_BUDGET_BYTES);
    expect(cpuTrainingBytes(lstm, 65, 'adam', max + 1, [1024])).toBeGreaterThan(CPU_MEMORY_BUDGET_BYTES);
    expect(() => checkCpuFits(lstm, { ...big, batchSize: max }, 65, [1024])).not.toThrow();
  });
  it('names the sequence length when batch 1 is too big, the hidden size when the parameters are', () => {
    const seq = refused(() => checkCpuFits(lstm, { ...big, batchSize: 1 }, 65, [1024], 0, 120 * 2 ** 20));
    expect(seq.field).toBe('seqLen');
    expect(seq.message).toMatch(/at batch size 1 the largest sequence length that fits is \d+\./);
    const wide = { ...lstm, numLayers: 4, bidirectional: true };
    const hidden = refused(() => checkCpuFits(wide, { ...big, batchSize: 1, seqLen: 8 }, 65, [8]));
    expect(hidden.field).toBe('hiddenSize');
    expect(hidden.problem).toMatchObject({ code: 'cpuTooLarge' });
    expect(Number(hidden.problem!.params.max)).toBeLessThan(1024);
  });
  it('the default page and benchmark shapes fit', () => {
    expect(() => checkCpuFits(DEFAULT_MODEL, DEFAULT_TRAIN, 100, [DEFAULT_TRAIN.seqLen])).not.toThrow();
    expect(() => checkCpuFits({ ...DEFAULT_MODEL, hiddenSize: 512, numLayers: 2 }, { ...DEFAULT_TRAIN, batchSize: 64, seqLen: 128 }, 100, [128])).not.toThrow();
  });
  it('CpuBackend.init refuses a shape past the budget with a ConfigError before allocating it', async () => {
    const text = 'abcdefghij'.repeat(110);
    const err = await new CpuBackend().init({ model: lstm, train: big, text }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).field).toBe('batchSize');
  });
  it('line and classification modes count one network per sequence length', async () => {
    const task = parseTask('lines', Array.from({ length: 200 }, (_, i) => 'x'.repeat(i + 1)).join('\n'));
    const train = { ...DEFAULT_TRAIN, batchSize: 512 };
    const model = { ...DEFAULT_MODEL, hiddenSize: 128 };
    // one window of 64 fits at B = 512; 200 lengths (2..201) do not
    expect(() => checkCpuFits(model, train, task.vocab.size, [64])).not.toThrow();
    const err = await new CpuBackend().init({ model, train, text: '', task }).catch((e: unknown) => e);
    expect((err as ConfigError).field).toBe('batchSize');
    await new CpuBackend().init({ model: { ...DEFAULT_MODEL, hiddenSize: 8 }, train: { ...train, batchSize: 2 }, text: '', task });
  });
});
