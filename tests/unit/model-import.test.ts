// Importing a model file from the page's store (src/store/model-files.ts), the worker replaced by a
// list of what it was sent: a file past MAX_MODEL_BYTES is refused by its size before it is read,
// and the cap admits the largest model the page builds; a file is handed to the worker without
// pausing the training (the worker checks it first), so a refused one leaves the run training.
import { beforeEach, expect, it, vi } from 'vitest';
import type { ToWorker } from '../../src/engine/protocol.ts';
import { buildLayout } from '../../src/model/params.ts';
import { NUMERIC_FIELDS } from '../../src/model/config.ts';
import { dispatch } from '../../src/store/dispatch.ts';
import { MAX_MODEL_BYTES } from '../../src/io/safetensors.ts';
import { useStore } from '../../src/store/store.ts';

const sent: ToWorker[] = [];
const initial = useStore.getState();

beforeEach(() => {
  sent.length = 0;
  useStore.setState({ ...initial, send: (m) => void sent.push(m) }, true);
});

/** A File as the store sees it, with a spy on the read. */
const file = (name: string, size: number) => ({ name, size, arrayBuffer: vi.fn(async () => new ArrayBuffer(8)) }) as unknown as File & { arrayBuffer: ReturnType<typeof vi.fn> };

it('admits the largest model the page builds, with a vocabulary of 16,000 symbols, and a header', () => {
  const largest = { cell: 'lstm', hiddenSize: NUMERIC_FIELDS.hiddenSize.max, numLayers: NUMERIC_FIELDS.numLayers.max, bidirectional: true, nonlinearity: 'tanh', peephole: true, gruVariant: 'pytorch' } as const;
  const header = 1 << 20; // the JSON header: tensor names, offsets, metadata and the vocabulary
  expect(4 * buildLayout(largest, 16_000).total + header).toBeLessThan(MAX_MODEL_BYTES);
  expect(MAX_MODEL_BYTES).toBeLessThanOrEqual(2 ** 30); // and held there: the page keeps the file twice while importing
});

it('refuses a file past the cap by its size, before reading it, in both languages', async () => {
  const big = file('huge.safetensors', MAX_MODEL_BYTES + 1);
  await useStore.getState().importModel(big);
  expect(big.arrayBuffer).not.toHaveBeenCalled();
  expect(sent).toEqual([]);
  expect(useStore.getState().error).toMatchObject({ field: 'import', problem: { code: 'fileTooLarge', params: { file: 'huge.safetensors', mb: 1024, max: 1024 } } });
  expect(useStore.getState().importing).toBe(false);
});

it('hands a file to the worker without pausing the training; a refused file leaves it training', async () => {
  useStore.setState({ status: 'training' });
  const small = file('notes.safetensors', 8);
  await useStore.getState().importModel(small);
  expect(small.arrayBuffer).toHaveBeenCalledOnce();
  expect(sent.map((m) => m.type)).toEqual(['import']);
  dispatch(useStore.getState(), { type: 'error', message: 'notes.safetensors cannot be opened: not valid JSON', field: 'import', problem: { code: 'importFailed', params: { file: 'notes.safetensors', reason: 'not valid JSON' } } });
  expect(useStore.getState()).toMatchObject({ status: 'training', importing: false, error: { field: 'import' } });
});
