// The page's sweep without a browser: the value list as typed becomes a sweep or problems at its
// fields (src/store/sweep-draft.ts); the store sends it, gathers its points and marks a sweep that
// stopped early partial (src/store/sweep.ts, the worker replaced by a list of what it was sent); the
// time left follows the pace of the difficulty in progress (src/engine/sweep-progress.ts); the
// caption's verdicts come from the points (src/ui/panels/sweep-caption.ts).
import { beforeEach, describe, expect, it } from 'vitest';
import type { FromWorker, ToWorker } from '../../src/engine/protocol.ts';
import { SweepClock } from '../../src/engine/sweep-progress.ts';
import { ConfigError } from '../../src/model/config.ts';
import { memoryDefaults } from '../../src/model/memory-tasks.ts';
import { SWEEP_DEFAULTS, type SweepPoint, type SweepSpec } from '../../src/model/sweep.ts';
import { dispatch } from '../../src/store/dispatch.ts';
import { useStore } from '../../src/store/store.ts';
import { DEFAULT_SWEEP_DRAFT, draftSpec, parseValues } from '../../src/store/sweep-draft.ts';
import type { SweepResult } from '../../src/store/state.ts';
import { sweepCaption } from '../../src/ui/panels/sweep-caption.ts';

const recall = memoryDefaults('recall'); // 8 symbols: chance 12.5%
const problems = (draft: Partial<typeof DEFAULT_SWEEP_DRAFT>) => draftSpec({ ...DEFAULT_SWEEP_DRAFT, ...draft }, recall).errors.map((e) => [e.field, e.problem?.code, e.problem?.params]);

describe('the value list', () => {
  it('reads commas, spaces and the Chinese list marks, sorted, each value once', () => {
    expect(parseValues('80, 5 20；10、40 5')).toEqual([5, 10, 20, 40, 80]);
    expect(parseValues('  ')).toEqual([]);
  });
  it('names the first entry that is not a whole number', () => {
    const bad = parseValues('5, x, 2.5') as ConfigError;
    expect(bad).toBeInstanceOf(ConfigError);
    expect([bad.field, bad.problem]).toEqual(['sweepValues', { code: 'notNumber', params: { got: 'x' } }]);
    expect((parseValues('5 2.5') as ConfigError).problem).toEqual({ code: 'notInteger', params: { got: '2.5' } });
    expect((parseValues('1e3') as ConfigError).problem?.code).toBe('notNumber'); // decimal digits only
  });
});

describe('the sweep the fields make', () => {
  it('is the task default sweep with the default model, training and the page task knobs', () => {
    const { spec, errors } = draftSpec(DEFAULT_SWEEP_DRAFT, { ...recall, symbols: 4 });
    expect(errors).toEqual([]);
    expect(spec).toEqual({ memory: { ...recall, symbols: 4 }, values: [5, 10, 20, 40, 80], cells: ['rnn', 'lstm', 'gru'], model: SWEEP_DEFAULTS.model, train: SWEEP_DEFAULTS.train, steps: SWEEP_DEFAULTS.steps });
    expect(draftSpec({ ...DEFAULT_SWEEP_DRAFT, values: { recall: '3 6' }, steps: '25', hidden: '8' }, recall).spec).toMatchObject({ values: [3, 6], steps: 25, model: { hiddenSize: 8 } });
  });
  it('says each problem at its field, with what would fit', () => {
    expect(problems({ values: { recall: '5, 5000' } })).toEqual([['sweepValues', 'memoryWindow', { length: 5002, window: 1024, max: 1022, value: 5000 }]]);
    expect(problems({ values: { recall: Array.from({ length: 13 }, (_, i) => i + 1).join(' ') } })).toEqual([['sweepValues', 'range', { min: 1, max: 12, got: 13 }]]);
    expect(problems({ values: { recall: '' } })).toEqual([['sweepValues', 'range', { min: 1, max: 12, got: 0 }]]);
    expect(problems({ steps: 'abc', hidden: '0', cells: [] })).toEqual([
      ['sweepSteps', 'notNumber', { got: 'abc' }],
      ['sweepHidden', 'range', { min: 1, max: 1024, got: '0' }],
      ['sweepCells', 'required', {}],
    ]);
    expect(problems({ steps: '10' })).toEqual([['sweepSteps', 'range', { min: 20, max: 100_000, got: 10 }]]);
    expect(draftSpec({ ...DEFAULT_SWEEP_DRAFT, steps: '10' }, recall).spec).toBeNull();
  });
});

describe('the store', () => {
  const sent: ToWorker[] = [];
  const initial = useStore.getState();
  const receive = (m: FromWorker) => dispatch(useStore.getState(), m);
  const point = (cell: 'rnn' | 'lstm', value: number, accuracy: number): SweepPoint => ({ task: 'recall', cell, knob: 'delay', value, steps: 25, loss: 1, accuracy, chance: 0.125 });
  beforeEach(() => {
    sent.length = 0;
    useStore.setState({ ...initial, send: (m) => void sent.push(m) }, true);
  });

  it('sends the sweep, keeps each point as it comes and marks a cancelled sweep partial', () => {
    const s = useStore.getState();
    s.setSweepValues('6, 3');
    s.toggleSweepCell('gru');
    s.setSweepDraft({ steps: '25', hidden: '8' });
    s.startSweep();
    expect(sent).toEqual([{ type: 'sweep-start', spec: { ...draftSpec(useStore.getState().sweepDraft, recall).spec, values: [3, 6], cells: ['rnn', 'lstm'], steps: 25 } }]);
    expect(useStore.getState().sweepRun).toMatchObject({ task: 'recall', done: 0, total: 100, adapter: null });
    receive({ type: 'sweep-started', total: 100, backend: 'webgpu', adapter: 'google · swiftshader' });
    receive({ type: 'sweep-progress', done: 50, total: 100, secondsLeft: 12 });
    expect(useStore.getState().sweepRun).toMatchObject({ done: 50, secondsLeft: 12, adapter: 'google · swiftshader' });
    receive({ type: 'sweep-point', point: point('rnn', 3, 0.4) });
    receive({ type: 'sweep-point', point: point('lstm', 3, 0.95) });
    useStore.getState().startSweep(); // one at a time
    useStore.getState().cancelSweep();
    expect(sent.map((m) => m.type)).toEqual(['sweep-start', 'sweep-cancel']);
    receive({ type: 'sweep-ended', outcome: 'cancelled', error: null });
    const { sweeps, sweepRun, sweepDraft } = useStore.getState();
    expect(sweepRun).toBeNull();
    expect(sweeps).toHaveLength(1);
    expect(sweeps[0]).toMatchObject({ partial: true, points: [point('rnn', 3, 0.4), point('lstm', 3, 0.95)] });
    expect(sweepDraft.values).toEqual({ recall: '6, 3' }); // as typed
  });

  it('replaces the task last sweep; one that finishes is whole', () => {
    useStore.getState().setSweepDraft({ steps: '20' });
    useStore.getState().setSweepValues('3');
    useStore.getState().toggleSweepCell('gru');
    useStore.getState().startSweep();
    receive({ type: 'sweep-point', point: point('rnn', 3, 0.4) });
    receive({ type: 'sweep-point', point: point('lstm', 3, 0.95) });
    receive({ type: 'sweep-ended', outcome: 'done', error: null });
    expect(useStore.getState().sweeps.map((r) => r.partial)).toEqual([false]);
    useStore.getState().startSweep();
    expect(useStore.getState().sweeps).toMatchObject([{ partial: true, points: [] }]);
  });
});

describe('the time left', () => {
  // recall, delays 10 and 40 (T = 12 and 42), 2 cells, 10 steps: 20 steps each
  const spec: SweepSpec = { memory: recall, values: [10, 40], cells: ['rnn', 'lstm'], model: SWEEP_DEFAULTS.model, train: SWEEP_DEFAULTS.train, steps: 10 };
  it('weighs the steps left by their sequence length at the pace of the difficulty in progress', () => {
    const clock = new SweepClock(spec, 0);
    // 1 ms per unit of work (step x T) after 500 ms of building
    const at = (done: number) => 500 + (done <= 20 ? done * 12 : 20 * 12 + 500 + (done - 20) * 42);
    expect(clock.secondsLeft(0, 0)).toBeNull();
    expect(clock.secondsLeft(2, at(2))).toBeCloseTo(((500 + 24) / 24) * (18 * 12 + 20 * 42) / 1000); // no pace of its own yet
    for (let done = 4; done <= 8; done += 2) clock.secondsLeft(done, at(done));
    expect(clock.secondsLeft(10, at(10))).toBeCloseTo((10 * 12 + 20 * 42) / 1000); // the building is not pace
    for (let done = 22; done <= 30; done += 2) clock.secondsLeft(done, at(done));
    expect(clock.secondsLeft(32, at(32))).toBeCloseTo((8 * 42) / 1000);
  });
});

describe('the caption', () => {
  const spec: SweepSpec = { memory: recall, values: [5, 20, 80], cells: ['rnn', 'lstm', 'gru'], model: SWEEP_DEFAULTS.model, train: SWEEP_DEFAULTS.train, steps: 600 };
  const at = (cell: 'rnn' | 'lstm' | 'gru', accuracies: number[]): SweepPoint[] => accuracies.map((accuracy, i) => ({ task: 'recall', cell, knob: 'delay', value: spec.values[i]!, steps: 600, loss: 1, accuracy, chance: 0.125 }));
  const caption = (points: SweepPoint[], partial = false, running = false) => sweepCaption({ spec, points, partial } satisfies SweepResult, running).map((l) => [l.key, l.vars]);

  it('says where each cell falls below 90% and that the RNN breaks first when it does', () => {
    expect(caption([...at('rnn', [1, 0.6, 0.13]), ...at('lstm', [1, 0.99, 0.97]), ...at('gru', [1, 0.95, 0.5])])).toEqual([
      ['sweep.cap.what', {}],
      ['sweep.cap.breaks', { cell: 'rnn', knob: 'delay', value: 20, acc: '60%' }],
      ['sweep.cap.chance', { cell: 'rnn', knob: 'delay', value: 80, acc: '13%', chance: '12.5%' }],
      ['sweep.cap.holds', { cell: 'lstm', knob: 'delay', value: 80, acc: '97%' }],
      ['sweep.cap.breaks', { cell: 'gru', knob: 'delay', value: 80, acc: '50%' }],
      ['sweep.cap.textbook', { knob: 'delay' }],
    ]);
  });
  it('says so plainly when the points do not show the textbook ordering', () => {
    const lines = caption([...at('rnn', [1, 0.95, 0.3]), ...at('lstm', [0.5, 0.2, NaN]), ...at('gru', [1, 0.91, 0.8])]);
    expect(lines).toContainEqual(['sweep.cap.breaksAtOnce', { cell: 'lstm', knob: 'delay', value: 5, acc: '50%' }]);
    expect(lines).toContainEqual(['sweep.cap.diverged', { cell: 'lstm', knob: 'delay', value: 80, acc: '–' }]);
    expect(lines.at(-1)).toEqual(['sweep.cap.notTextbook', { knob: 'delay', steps: 600 }]);
  });
  it('says which gated cells the RNN breaks before when it does for some (recall on an H200: bench/results/2026-11-27-h200-sweeps)', () => {
    const lines = caption([...at('rnn', [1, 1, 0.116]), ...at('lstm', [1, 0.886, 0.12]), ...at('gru', [1, 1, 1])]);
    expect(lines).toContainEqual(['sweep.cap.breaks', { cell: 'lstm', knob: 'delay', value: 20, acc: '89%' }]);
    expect(lines.at(-1)).toEqual(['sweep.cap.mixed', { knob: 'delay', cells: 'gru', others: 'lstm', steps: 600 }]);
  });
  it('says when no cell breaks, and what a partial or running sweep lacks', () => {
    expect(caption([...at('rnn', [1, 1, 0.9]), ...at('lstm', [1, 1, 1])]).at(-1)).toEqual(['sweep.cap.noneBreaks', {}]);
    const partial = caption([...at('rnn', [0.5]), ...at('lstm', [1])], true);
    expect(partial.map((l) => l[0])).not.toContain('sweep.cap.textbook'); // no comparison on a part of the values
    expect(partial.at(-1)).toEqual(['sweep.cap.partial', { done: 2, total: 9 }]);
    expect(caption([], true, true).at(-1)).toEqual(['sweep.cap.running', { knob: 'delay' }]);
  });
});
