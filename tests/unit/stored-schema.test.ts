// What the page reads back from IndexedDB, held to the current schema (src/io/stored-schema.ts):
// each stored key with a wrong type or shape is dropped and named, the rest kept; older records
// (version 0: before versions were stored) are migrated; checkpoints are checked the same way.
import { describe, expect, it } from 'vitest';
import { readCheckpoint, readResume, readRunCheckpoint, readSavedWork, migrate, SCHEMA_VERSION, type SavedWork } from '../../src/io/stored-schema.ts';
import { DEFAULT_MODEL, DEFAULT_TRAIN, NO_VALIDATION } from '../../src/model/config.ts';
import { textFingerprint, type RunConfig } from '../../src/model/run-diff.ts';
import { memoryDefaults } from '../../src/model/memory-tasks.ts';
import { SWEEP_DEFAULTS } from '../../src/model/sweep.ts';

const point = { step: 1, loss: 2.5, gradNorm: 0.3, clipped: false, seconds: 0.1 };
const GOOD: SavedWork = {
  text: 'my own text',
  mode: 'lm',
  model: { ...DEFAULT_MODEL, hiddenSize: 48 },
  train: { ...DEFAULT_TRAIN, seed: 7 },
  kept: [{ id: 'kept-1', name: 'LSTM #1', cell: 'lstm', points: [point], checkpointStep: 1 }],
  chart: { x: 'seconds', y: 'bpc', smoothed: false, smoothing: 0.6, logY: true, sort: 'best', hidden: ['lstm'] },
  sampleOptions: { prime: 'he', length: 100, temperature: 0.5, topK: 3 },
  lang: 'zh-CN',
  sweepDraft: { values: { recall: '5, x', parity: '2 4' }, cells: ['rnn', 'gru'], steps: '200', hidden: '16' },
  sweeps: [
    {
      spec: { memory: memoryDefaults('recall'), values: [5, 10], cells: ['rnn', 'lstm'], model: SWEEP_DEFAULTS.model, train: SWEEP_DEFAULTS.train, steps: 100 },
      points: [{ task: 'recall', cell: 'rnn', knob: 'delay', value: 5, steps: 100, loss: 0.5, accuracy: 0.9, chance: 0.125 }, { task: 'recall', cell: 'lstm', knob: 'delay', value: 5, steps: 100, loss: NaN, accuracy: NaN, chance: 0.125 }],
      partial: true,
    },
  ],
  memory: { ...memoryDefaults('copy'), delay: 40, symbols: 6 },
};
/** `o` without the named keys. */
const without = <T extends object>(o: T, ...keys: string[]) => Object.fromEntries(Object.entries(o).filter(([k]) => !keys.includes(k)));
const stored = (patch: Record<string, unknown>) => ({ ...GOOD, version: SCHEMA_VERSION, ...patch });

describe('saved work against the schema', () => {
  it('reads a record that fits as it is', () => {
    expect(readSavedWork(stored({}))).toEqual({ work: GOOD, problems: [] });
  });

  // one wrong value per stored key: it is dropped and named, and everything else is kept
  const cases: [string, Record<string, unknown>, keyof SavedWork, object][] = [
    ['text = 42', { text: 42 }, 'text', { key: 'text', got: '42' }],
    ['an unknown task', { mode: 'translate' }, 'mode', { key: 'mode', got: '"translate"' }],
    ['a language this page lacks', { lang: 'fr' }, 'lang', { key: 'lang', got: '"fr"' }],
    ['kept runs that are not a list', { kept: 'x' }, 'kept', { key: 'kept', got: '"x"' }],
    ['model settings that are not an object', { model: 'x' }, 'model', { key: 'model', got: '"x"' }],
    ['training settings that are a list', { train: [1, 2] }, 'train', { key: 'train', got: '[2 items]' }],
    ['chart options that are a number', { chart: 3 }, 'chart', { key: 'chart', got: '3' }],
    ['sample options that are null', { sampleOptions: null }, 'sampleOptions', { key: 'sampleOptions', got: 'null' }],
    ['sweep fields that are a string', { sweepDraft: 'x' }, 'sweepDraft', { key: 'sweepDraft', got: '"x"' }],
    ['sweeps that are not a list', { sweeps: {} }, 'sweeps', { key: 'sweeps', got: '{…}' }],
    ['a memory task this page lacks', { memory: { ...GOOD.memory, task: 'sorting' } }, 'memory', { key: 'memory', got: 'task: "sorting"' }],
    ['a memory knob out of its range', { memory: { ...GOOD.memory, symbols: 40 } }, 'memory', { key: 'memory', got: 'symbols: 40' }],
    ['a memory task too long for the window', { memory: { ...GOOD.memory, delay: 5000 } }, 'memory', { key: 'memory', got: 'delay: 5000' }],
  ];
  for (const [name, patch, key, problem] of cases) {
    it(`drops ${name}, keeping the rest`, () => {
      const { work, problems } = readSavedWork(stored(patch));
      expect(problems).toEqual([problem]);
      expect(work[key]).toBeUndefined();
      expect(work).toEqual(without(GOOD, key));
    });
  }

  it('drops single fields of the settings objects, keeping their other fields', () => {
    const { work, problems } = readSavedWork(
      stored({
        model: { ...GOOD.model, hiddenSize: 'big', cell: 'transformer' },
        train: { ...GOOD.train, seed: -1, learningRate: Infinity },
        chart: { ...GOOD.chart, hidden: 'x' },
        sampleOptions: { ...GOOD.sampleOptions, length: 1e9 },
      }),
    );
    expect(problems).toEqual([
      { key: 'model', field: 'cell', got: '"transformer"' },
      { key: 'model', field: 'hiddenSize', got: '"big"' },
      { key: 'train', field: 'learningRate', got: 'Infinity' },
      { key: 'train', field: 'seed', got: '-1' },
      { key: 'chart', field: 'hidden', got: '"x"' },
      { key: 'sampleOptions', field: 'length', got: '1000000000' },
    ]);
    expect(work.model).toEqual(without(GOOD.model, 'cell', 'hiddenSize'));
    expect(work.train).not.toHaveProperty('seed');
    expect(work.train).toHaveProperty('optimizer', 'adam');
    expect(work.chart).toEqual({ x: 'seconds', y: 'bpc', smoothed: false, smoothing: 0.6, logY: true, sort: 'best' });
    expect(work.text).toBe(GOOD.text);
  });

  it('drops a kept run with bad fields, keeping the other kept runs', () => {
    const bad = [{ id: 'kept-2', name: 'GRU #2', cell: 'gru', points: 'x' }, { id: 3, name: 'RNN #3', cell: 'rnn', points: [] }, 'junk', { ...GOOD.kept[0], evals: [{ step: 'a' }] }];
    const { work, problems } = readSavedWork(stored({ kept: [...GOOD.kept, ...bad] }));
    expect(work.kept).toEqual(GOOD.kept);
    expect(problems).toEqual([
      { key: 'kept', field: 'GRU #2', got: 'points: "x"' },
      { key: 'kept', field: 'RNN #3', got: 'id: 3' },
      { key: 'kept', field: '#4', got: '"junk"' },
      { key: 'kept', field: 'LSTM #1', got: 'evals: [1 items]' },
    ]);
  });

  it('drops a saved sweep that does not fit, keeping the other sweeps and the fields that fit', () => {
    const [sweep] = GOOD.sweeps;
    const copy = { ...sweep!, spec: { ...sweep!.spec, memory: memoryDefaults('copy') }, points: [] };
    const bad = [
      { ...copy, spec: { ...copy.spec, values: [5, 5000] } }, // longer than the window
      { ...copy, spec: { ...copy.spec, memory: { ...copy.spec.memory, task: 'order' }, cells: ['tcn'] } },
      { ...copy, points: [{ ...sweep!.points[0], knob: 'speed' }] },
      { ...copy, partial: 'yes' },
    ];
    const { work, problems } = readSavedWork(stored({ sweeps: [...GOOD.sweeps, ...bad, copy], sweepDraft: { ...GOOD.sweepDraft, cells: ['tcn'], values: { sing: '1' } } }));
    expect(work.sweeps).toEqual([sweep, copy]);
    expect(problems).toEqual([
      { key: 'sweepDraft', field: 'values', got: '{…}' },
      { key: 'sweepDraft', field: 'cells', got: '[1 items]' },
      { key: 'sweeps', field: 'copy', got: 'spec: {…}' },
      { key: 'sweeps', field: 'order', got: 'spec: {…}' },
      { key: 'sweeps', field: 'copy', got: 'points: [1 items]' },
      { key: 'sweeps', field: 'copy', got: 'partial: "yes"' },
    ]);
    expect(work.sweepDraft).toEqual({ steps: '200', hidden: '16' });
  });

  it('names the whole record when it is not an object, and nothing when nothing was saved', () => {
    expect(readSavedWork('garbage')).toEqual({ work: {}, problems: [{ key: 'work', got: '"garbage"' }] });
    expect(readSavedWork(undefined)).toEqual({ work: {}, problems: [] });
  });

  it('shortens long values in its messages', () => {
    const { problems } = readSavedWork(stored({ lang: 'x'.repeat(1000) }));
    expect(problems[0]!.got).toBe(`"${'x'.repeat(40)}…"`);
  });
});

describe('schema versions', () => {
  it('migrates an unversioned record (version 0) to the current version, fields unchanged', () => {
    const v0 = { ...GOOD } as Record<string, unknown>;
    expect(migrate(v0)).toEqual({ ...GOOD, version: SCHEMA_VERSION });
    expect(readSavedWork(v0)).toEqual({ work: GOOD, problems: [] });
  });

  it('migrates a version-0 record with bad values: the migration keeps them for the guards to drop', () => {
    const { work, problems } = readSavedWork({ ...GOOD, lang: 'fr', kept: 'x' });
    expect(problems.map((p) => p.key)).toEqual(['lang', 'kept']);
    expect(work.text).toBe(GOOD.text);
  });

  it('migrates a version-1 record: a sweep run without a schedule, init or split says so; old chart options and kept runs load', () => {
    const [sweep] = GOOD.sweeps;
    const oldTrain = without(sweep!.spec.train, 'schedule', 'init', 'validation') as Omit<typeof DEFAULT_TRAIN, 'schedule' | 'init' | 'validation'>;
    const v1 = { ...GOOD, version: 1, chart: { x: 'step', y: 'loss', smoothed: true, hidden: [] }, train: oldTrain, sweeps: [{ ...sweep, spec: { ...sweep!.spec, train: oldTrain } }] };
    const { work, problems } = readSavedWork(v1);
    expect(problems).toEqual([]);
    expect(work.sweeps![0]!.spec.train).toEqual({ ...oldTrain, schedule: DEFAULT_TRAIN.schedule, init: DEFAULT_TRAIN.init, validation: NO_VALIDATION });
    // the page's defaults fill what an older record lacks
    expect(work.chart).toEqual({ x: 'step', y: 'loss', smoothed: true, hidden: [] });
    expect(work.train).toEqual(oldTrain);
    expect(work.kept).toEqual(GOOD.kept);
  });

  it("keeps a kept run's colour, settings and diff; drops one whose diff does not fit", () => {
    const config: RunConfig = { model: GOOD.model, train: GOOD.train, mode: 'lm', text: textFingerprint('abc') };
    const good = { ...GOOD.kept[0]!, id: 'kept-2', name: 'GRU, lr 0.01', color: '#f472b6', config, diff: [{ kind: 'cell', from: 'lstm', to: 'gru' }, { kind: 'set', key: 'learningRate', from: '0.002', to: '0.01' }] };
    const bad = { ...good, id: 'kept-3', name: 'bad', diff: [{ kind: 'set', key: 'lr', from: 1 }] };
    const { work, problems } = readSavedWork(stored({ kept: [good, bad] }));
    expect(work.kept).toEqual([good]);
    expect(problems).toEqual([{ key: 'kept', field: 'bad', got: 'diff: [1 items]' }]);
  });

  it('reads a stored resumable state, or nothing when it does not fit', () => {
    const config: RunConfig = { model: GOOD.model, train: GOOD.train, mode: 'lm', text: '3:abc' };
    const bytes = new ArrayBuffer(8);
    expect(readResume({ version: SCHEMA_VERSION, step: 1240, bytes, training: true, config, points: [point] })).toEqual({ step: 1240, bytes, training: true, config, points: [point] });
    expect(readResume({ step: 1240, bytes, training: 'yes', config, points: [] })).toBeUndefined();
    expect(readResume({ step: 1240, bytes, training: true, config: { ...config, mode: 'poem' }, points: [] })).toBeUndefined();
    expect(readResume({ step: 1240, bytes, training: true, config })).toBeUndefined();
  });

  it('reads what still fits of a later version, ignoring fields it does not know', () => {
    const { work, problems } = readSavedWork({ ...GOOD, version: SCHEMA_VERSION + 1, lang: 'ja', model: { ...GOOD.model, attention: true }, newThing: 1 });
    expect(problems).toEqual([{ key: 'lang', got: '"ja"' }]);
    expect(work.model).toEqual(GOOD.model);
    expect(work).not.toHaveProperty('newThing');
  });
});

describe('checkpoints against the schema', () => {
  const bytes = new ArrayBuffer(8);
  const run = { version: SCHEMA_VERSION, step: 12, bytes, label: 'LSTM', model: GOOD.model, points: [point], source: null };

  it("reads a current run's checkpoint, versioned or not", () => {
    const v0 = without(run, 'version');
    expect(readRunCheckpoint(run, 'lstm')).toEqual({ step: 12, bytes, label: 'LSTM', model: GOOD.model, points: [point], source: null });
    expect(readRunCheckpoint(v0, 'lstm')).toEqual(readRunCheckpoint(run, 'lstm'));
    expect(readRunCheckpoint(undefined, 'lstm')).toBeUndefined();
  });

  it('names the run and the field of a checkpoint that does not fit', () => {
    expect(readRunCheckpoint({ ...run, points: 'x' }, 'lstm')).toEqual({ key: 'checkpoint', field: 'LSTM', got: 'points: "x"' });
    expect(readRunCheckpoint({ ...run, model: { ...GOOD.model, numLayers: 99 } }, 'lstm')).toEqual({ key: 'checkpoint', field: 'LSTM', got: 'model: {…}' });
    expect(readRunCheckpoint({ ...run, bytes: 'AAAA' }, 'lstm')).toMatchObject({ key: 'checkpoint', got: 'bytes: "AAAA"' });
    expect(readRunCheckpoint(42, 'gru')).toEqual({ key: 'checkpoint', field: 'gru', got: '42' });
  });

  it("reads a kept run's model, or nothing when it does not fit", () => {
    expect(readCheckpoint({ step: 3, bytes })).toEqual({ step: 3, bytes });
    expect(readCheckpoint({ step: -1, bytes })).toBeUndefined();
    expect(readCheckpoint({ step: 3, bytes: [1, 2] })).toBeUndefined();
    expect(readCheckpoint('x')).toBeUndefined();
  });
});
