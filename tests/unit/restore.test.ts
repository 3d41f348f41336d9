// Restoring the page (src/store/persist.ts) from an IndexedDB holding values of unexpected shapes
// (idb-keyval replaced by a Map): they are reset, the notice names them, the text and the rest of
// the work are kept, the cleaned record is saved at once, a bad checkpoint is deleted; the link's
// dropped values are named in the same notice.
import { beforeEach, describe, expect, it, vi } from 'vitest';

const db = vi.hoisted(() => new Map<string, unknown>());
vi.mock('idb-keyval', () => ({
  get: async (k: string) => db.get(k),
  set: async (k: string, v: unknown) => void db.set(k, structuredClone(v)),
  del: async (k: string) => void db.delete(k),
  getMany: async (ks: string[]) => ks.map((k) => db.get(k)),
  setMany: async (entries: [string, unknown][]) => entries.forEach(([k, v]) => db.set(k, structuredClone(v))),
  delMany: async (ks: string[]) => ks.forEach((k) => db.delete(k)),
  keys: async () => [...db.keys()],
}));

const { WORK_KEY } = await import('../../src/io/persist.ts');
const { SCHEMA_VERSION } = await import('../../src/io/stored-schema.ts');
const { DEFAULT_MODEL } = await import('../../src/model/config.ts');
const { restore } = await import('../../src/store/persist.ts');
const { useStore } = await import('../../src/store/store.ts');

const initial = useStore.getState();
const CHECKPOINT = 'rnn-playground/checkpoint/run-lstm';

function at(hash: string) {
  vi.stubGlobal('location', { hash, pathname: '/', search: '' });
}

beforeEach(() => {
  db.clear();
  useStore.setState(initial, true);
  at('');
});

describe('restoring saved work that does not fit', () => {
  it('resets a bad language, kept list, task and text type, keeps the text and the rest, and says what was reset', async () => {
    db.set(WORK_KEY, { text: 'my text', lang: 'fr', kept: 'x', mode: 'translate', model: { ...DEFAULT_MODEL, hiddenSize: 48, numLayers: 'two' }, chart: { x: 'seconds', hidden: 7 } });
    await restore();
    const s = useStore.getState();
    expect(s.text).toBe('my text');
    expect(s.lang).toBe(initial.lang);
    expect(s.kept).toEqual([]);
    expect(s.mode).toBe(initial.mode);
    expect(s.model).toEqual({ ...initial.model, hiddenSize: 48 });
    expect(s.chart).toEqual({ ...initial.chart, x: 'seconds' });
    expect(s.restoreNotice).toEqual({
      stored: [
        { key: 'mode', got: '"translate"' },
        { key: 'lang', got: '"fr"' },
        { key: 'model', field: 'numLayers', got: '"two"' },
        { key: 'chart', field: 'hidden', got: '7' },
        { key: 'kept', got: '"x"' },
      ],
      link: [],
    });
    // saved back clean and versioned: the next load has nothing to reset
    expect(db.get(WORK_KEY)).toMatchObject({ version: SCHEMA_VERSION, text: 'my text', lang: initial.lang, keptIds: [] });
    useStore.setState(initial, true);
    await restore();
    expect(useStore.getState().restoreNotice).toBeNull();
    expect(useStore.getState().text).toBe('my text');
  });

  it('resets text = 42 to a text that trains (a string), keeping the settings', async () => {
    db.set(WORK_KEY, { text: 42, train: { seed: 9 } });
    await restore();
    expect(useStore.getState().text).toBe(initial.text);
    expect(useStore.getState().train.seed).toBe(9);
    expect(useStore.getState().restoreNotice?.stored).toEqual([{ key: 'text', got: '42' }]);
  });

  it("drops a run checkpoint whose points are not a list, deleting it, and names the run", async () => {
    const good = { step: 3, bytes: new ArrayBuffer(4), label: 'GRU', model: { ...DEFAULT_MODEL, cell: 'gru' }, points: [], source: null };
    db.set(CHECKPOINT, { step: 3, bytes: new ArrayBuffer(4), label: 'LSTM', model: DEFAULT_MODEL, points: 'x', source: null });
    db.set('rnn-playground/checkpoint/run-gru', good);
    await restore();
    expect(useStore.getState().runs.map((r) => r.id)).toEqual(['gru']);
    expect(useStore.getState().restoreNotice?.stored).toEqual([{ key: 'checkpoint', field: 'LSTM', got: 'points: "x"' }]);
    expect(db.has(CHECKPOINT)).toBe(false);
  });

  it("names the link's dropped values in the same notice, applying the rest", async () => {
    at('#hidden=0x10&seed=&cell=gru&foo=bar');
    await restore();
    expect(useStore.getState().model.cell).toBe('gru');
    expect(useStore.getState().model.hiddenSize).toBe(initial.model.hiddenSize);
    expect(useStore.getState().train.seed).toBe(initial.train.seed);
    expect(useStore.getState().restoreNotice).toEqual({
      stored: [],
      link: [
        { key: 'hidden', value: '0x10', reason: 'number', params: {} },
        { key: 'seed', value: '', reason: 'number', params: {} },
        { key: 'foo', value: 'bar', reason: 'key', params: {} },
      ],
    });
  });

  it('shows no notice when everything fits', async () => {
    db.set(WORK_KEY, { text: 'fine', lang: 'en' });
    await restore();
    expect(useStore.getState()).toMatchObject({ text: 'fine', lang: 'en', restoreNotice: null });
  });
});
