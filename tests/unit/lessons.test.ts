// The lessons as data: the chapter registry (order, ids, every text in both languages, bodies of
// about 150 words at most), every chapter's setup applied through the store's actions from a very
// different state (the exact state it promises, valid for the controls' validation), the live
// checks on hand-built states, `#learn=N` links, and the stored progress read back value by value.
import { describe, expect, it } from 'vitest';
import { readLessonProgress } from '../../src/io/lesson-progress.ts';
import { decodeHash } from '../../src/io/url-state.ts';
import { DEFAULT_MODEL, DEFAULT_TRAIN, modelConfigErrors, textErrors, trainConfigErrors } from '../../src/model/config.ts';
import { PRESETS } from '../../src/store/presets.ts';
import { settingsError } from '../../src/store/runs.ts';
import type { PlaygroundState, StepperView } from '../../src/store/state.ts';
import { useStore } from '../../src/store/store.ts';
import type { TraceFrame } from '../../src/store/traces.ts';
import { chapterKey, type Chapter } from '../../src/ui/lessons/chapter.ts';
import { CHAPTERS } from '../../src/ui/lessons/chapters.ts';
import { applySetup } from '../../src/ui/lessons/setup.ts';
import { en } from '../../src/ui/messages/en.ts';
import { zh } from '../../src/ui/messages/zh-CN.ts';

const byId = (id: string): Chapter => CHAPTERS.find((c) => c.id === id)!;
/** A store state with only what a check reads. */
const state = (s: Partial<PlaygroundState>) => s as PlaygroundState;

describe('the chapter registry', () => {
  it('lists the chapters in the course order, each with its own id', () => {
    expect(CHAPTERS.map((c) => c.number)).toEqual(CHAPTERS.map((_, i) => i + 1));
    expect(CHAPTERS.slice(0, 4).map((c) => c.id)).toEqual(['loop', 'hello', 'bptt', 'gradients']);
    expect(new Set(CHAPTERS.map((c) => c.id)).size).toBe(CHAPTERS.length);
  });

  it('has every text of every chapter in both languages, a check text only with a check', () => {
    for (const c of CHAPTERS) {
      for (const part of ['title', 'body', 'todo'] as const) {
        expect(en[chapterKey(c, part)], `${c.id} ${part}`).toBeTruthy();
        expect(zh[chapterKey(c, part)], `${c.id} ${part}`).toBeTruthy();
      }
      expect(chapterKey(c, 'check') in en, c.id).toBe(c.check !== undefined);
    }
  });

  it('keeps each explanation short: about 150 words at most', () => {
    for (const c of CHAPTERS) expect(en[chapterKey(c, 'body')].split(/\s+/).length, c.id).toBeLessThanOrEqual(150);
  });
});

describe('Set it up', () => {
  it('puts the playground in the chapter’s exact state, whatever was set before', () => {
    for (const c of CHAPTERS) {
      useStore.getState().setModel({ cell: 'gru', hiddenSize: 300, numLayers: 3, bidirectional: true, gruVariant: 'original', nonlinearity: 'relu', peephole: true });
      useStore.getState().setTrain({ seed: 99, clipMode: 'value', clipValue: 0.5, optimizer: 'sgd', seqLen: 7, batchSize: 3, learningRate: 0.5 });
      useStore.getState().setText('my own text');
      applySetup(c);
      const s = useStore.getState();
      const p = PRESETS[c.setup.preset];
      expect(s.text, c.id).toBe(p.text);
      expect(s.mode, c.id).toBe(c.setup.mode ?? p.mode ?? 'lm');
      expect(s.model, c.id).toEqual({ ...DEFAULT_MODEL, ...p.model, ...c.setup.model });
      expect(s.train, c.id).toEqual({ ...DEFAULT_TRAIN, ...p.train, ...c.setup.train });
      expect(s.inspect, c.id).toMatchObject({ ...p.inspect, ...c.setup.inspect });
      // what the controls would accept: the chapter can be trained as it is
      expect([...modelConfigErrors(s.model), ...trainConfigErrors(s.train)], c.id).toEqual([]);
      if (s.mode === 'lm') expect(textErrors(s.text, s.train.seqLen), c.id).toEqual([]);
      expect(settingsError(s), c.id).toBeNull();
    }
  });
});

describe('the live checks', () => {
  const stepper = (p: Partial<StepperView>) => ({ ids: new Int32Array(5), labels: [], ticks: [], shown: 0, backward: null, ...p }) as unknown as StepperView;

  it('chapter 1: step mode has shown 3 time steps', () => {
    const seen = byId('loop').check!.seen;
    expect(seen(state({ stepper: null }))).toBe(false);
    expect(seen(state({ stepper: stepper({ shown: 2 }) }))).toBe(false);
    expect(seen(state({ stepper: stepper({ shown: 3 }) }))).toBe(true);
  });

  it('chapter 2: "ello" written after "h"', () => {
    const { seen, values } = byId('hello').check!;
    const opts = { prime: 'h', length: 4, temperature: 0, topK: 0 };
    expect(seen(state({ sample: 'ello', sampleOptions: opts }))).toBe(true);
    expect(seen(state({ sample: 'elll', sampleOptions: opts }))).toBe(false);
    expect(seen(state({ sample: 'ello', sampleOptions: { ...opts, prime: 'x' } }))).toBe(false);
    expect(values!(state({ sample: '', sampleOptions: opts }))).toEqual({ sample: '–' });
  });

  it('chapter 3: backpropagation walked back to the first time step', () => {
    const seen = byId('bptt').check!.seen;
    // "hello": ids h e l l o, 4 time steps
    expect(seen(state({ stepper: stepper({ backward: null, shown: 4 }) }))).toBe(false);
    expect(seen(state({ stepper: stepper({ backward: 3 }) }))).toBe(false);
    expect(seen(state({ stepper: stepper({ backward: 4 }) }))).toBe(true);
  });

  it('chapter 4: the RNN’s first-step gradient under a thousandth of its last step’s', () => {
    const { seen, values } = byId('gradients').check!;
    const frame = (dh: number[], lossAt: 'all' | 'last') => ({ rnn: { lossAt, trace: { layers: [[{ dhNorm: Float32Array.from(dh) }]] } } as unknown as TraceFrame });
    expect(seen(state({ traces: {} }))).toBe(false);
    expect(values!(state({ traces: {} }))).toEqual({ ratio: '–' });
    expect(seen(state({ traces: frame([5e-5, 1e-3, 0.1, 0.1], 'last') }))).toBe(true);
    expect(values!(state({ traces: frame([5e-5, 1e-3, 0.1, 0.1], 'last') }))).toEqual({ ratio: '5.0e-4' });
    expect(seen(state({ traces: frame([0.01, 0.1, 1], 'last') }))).toBe(false);
    // of the mean loss, every step adds its own gradient: not what the chapter asks about
    expect(seen(state({ traces: frame([5e-5, 1e-3, 0.1, 0.1], 'all') }))).toBe(false);
  });
});

describe('a chapter’s link', () => {
  it('opens a chapter that exists', () => {
    expect(decodeHash('#learn=4', 9)).toMatchObject({ learn: 4, dropped: [] });
  });

  it('drops what is not a chapter and says why, like other link values', () => {
    expect(decodeHash('#learn=12', 9)).toMatchObject({ dropped: [{ key: 'learn', value: '12', reason: 'range', params: { min: 1, max: 9 } }] });
    expect(decodeHash('#learn=0', 9).dropped[0]?.reason).toBe('range');
    expect(decodeHash('#learn=two', 9).dropped[0]?.reason).toBe('number');
    expect(decodeHash('#learn=1.5', 9).dropped[0]?.reason).toBe('integer');
    expect(decodeHash('#learn=2&cell=gru', 9)).toMatchObject({ learn: 2, model: { cell: 'gru' }, dropped: [] });
  });
});

describe('the stored progress', () => {
  it('keeps what fits and resets the rest', () => {
    expect(readLessonProgress(null)).toEqual({ done: [], tourDone: false, open: false, chapter: 0 });
    expect(readLessonProgress({ done: ['loop', 3, 'loop', 'hello'], tourDone: 'yes', open: true, chapter: -1 })).toEqual({ done: ['loop', 'hello'], tourDone: false, open: true, chapter: 0 });
    expect(readLessonProgress({ done: [], tourDone: true, open: false, chapter: 4 })).toEqual({ done: [], tourDone: true, open: false, chapter: 4 });
  });
});
