// "What each unit does": a passage of the training text (a few thousand characters from `offset`)
// read by the first run in windows of the training's sequence length, the state carried, on its
// current parameters (the worker's Backend.passage: the GPU when there is one). The latest passage
// is kept in `units.frame`; the panel picks one unit's column out of it. The panel asks after every
// update it sees; the asks are throttled here: one request in flight, at most one per
// UNITS_EVERY_MS, and the last ask inside that time is sent when it ends (so a pause or a step is
// always read).
import type { ModelConfig } from '../model/config.ts';
import type { Passage, UnitRef } from '../model/passage.ts';
import type { FeatureRanking } from '../model/unit-features.ts';
import { windowText } from './inspect.ts';
import type { Slice, UnitsSlice } from './state.ts';

/** How often the panel asks for a fresh passage while training runs. */
export const UNITS_EVERY_MS = 2000;
/** The passage lengths offered (characters). */
export const PASSAGE_LENGTHS = [500, 1000, 2000, 4000] as const;

/** One unit: a (layer, direction)'s h, c or a gate (by name), and its index. */
export type UnitChoice = UnitRef;

export interface UnitsFrame {
  runId: string;
  step: number;
  model: ModelConfig;
  symbols: readonly string[];
  /** The code point the passage starts at. */
  offset: number;
  passage: Passage;
  /** The units that correlate most with each feature of the passage's text (from the worker). */
  ranking: FeatureRanking[];
}

export interface UnitsView {
  offset: number;
  length: number;
  choice: UnitChoice;
  frame: UnitsFrame | null;
}

export const createUnitsSlice: Slice<UnitsSlice> = (set, get) => {
  let asked: number | null = null;
  let id = 0;
  let lastAt = -Infinity;
  let pending = false;
  let timer: ReturnType<typeof setTimeout> | null = null;
  return {
    units: { offset: 0, length: 1000, choice: { layer: 0, dir: 0, part: 'h', unit: 0 }, frame: null },

    setUnits: (patch) => {
      set((s) => ({ units: { ...s.units, ...patch } }));
      if (patch.offset !== undefined || patch.length !== undefined) {
        asked = null; // an answer to the old passage is dropped
        lastAt = -Infinity;
        get().requestPassage();
      }
    },

    requestPassage: () => {
      const { runs, text, units, train, send, mode, stale } = get();
      const run = runs[0];
      if (stale || mode !== 'lm' || !run?.info) return;
      if (asked !== null) {
        pending = true;
        return;
      }
      const wait = lastAt + UNITS_EVERY_MS - performance.now();
      if (wait > 0) {
        timer ??= setTimeout(() => {
          timer = null;
          get().requestPassage();
        }, wait);
        return;
      }
      pending = false;
      lastAt = performance.now();
      asked = ++id;
      send({ type: 'passage', id, runId: run.id, text: windowText(text, units.offset, units.length), window: train.seqLen });
    },

    passageArrived: (m) => {
      if (m.id !== asked) return;
      asked = null;
      if (pending) get().requestPassage();
      const run = get().runs.find((r) => r.id === m.runId);
      if (!run || !m.passage) return;
      set((s) => ({ units: { ...s.units, frame: { runId: m.runId, step: m.step, model: run.model, symbols: m.symbols, offset: s.units.offset, passage: m.passage!, ranking: m.ranking ?? [] } } }));
    },
  };
};
