// "What each unit does": a passage of the training text (a few thousand characters from `offset`)
// read by each run in windows of the training's sequence length, the state carried, on its
// current parameters (the worker's Backend.passage: the GPU when there is one). The latest passage
// is kept in `units.frame` (the other runs' in `units.others`, for their gate saturation in
// compare mode); the panel picks one unit's column out of it. The panel asks after every
// update it sees; the asks are throttled here: one request in flight, at most one per
// UNITS_EVERY_MS, and the last ask inside that time is sent when it ends (so a pause or a step is
// always read).
import { windowText } from './inspect.ts';
import type { Slice, UnitsSlice } from './state.ts';

/** How often the panel asks for a fresh passage while training runs. */
export const UNITS_EVERY_MS = 2000;
/** The passage lengths offered (characters). */
export const PASSAGE_LENGTHS = [500, 1000, 2000, 4000] as const;

export const createUnitsSlice: Slice<UnitsSlice> = (set, get) => {
  /** The requests in flight (one per run of a round). */
  const asked = new Set<number>();
  let id = 0;
  let lastAt = -Infinity;
  let pending = false;
  let timer: ReturnType<typeof setTimeout> | null = null;
  return {
    units: { offset: 0, length: 1000, choice: { layer: 0, dir: 0, part: 'h', unit: 0 }, frame: null, others: {} },

    setUnits: (patch) => {
      set((s) => ({ units: { ...s.units, ...patch } }));
      if (patch.offset !== undefined || patch.length !== undefined) {
        asked.clear(); // an answer to the old passage is dropped
        lastAt = -Infinity;
        get().requestPassage();
      }
    },

    requestPassage: () => {
      const { runs, text, units, train, send, mode, stale } = get();
      if (stale || mode !== 'lm' || !runs[0]?.info) return;
      if (asked.size > 0) {
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
      const passage = windowText(text, units.offset, units.length);
      for (const run of runs) {
        if (!run.info) continue;
        asked.add(++id);
        send({ type: 'passage', id, runId: run.id, text: passage, window: train.seqLen });
      }
    },

    passageArrived: (m) => {
      if (!asked.delete(m.id)) return;
      if (asked.size === 0 && pending) get().requestPassage();
      const runs = get().runs;
      const run = runs.find((r) => r.id === m.runId);
      if (!run || !m.passage) return;
      const frame = { runId: m.runId, step: m.step, model: run.model, symbols: m.symbols, offset: get().units.offset, passage: m.passage, ranking: m.ranking ?? [] };
      if (run === runs[0]) set((s) => ({ units: { ...s.units, frame } }));
      else set((s) => ({ units: { ...s.units, others: { ...s.units.others, [m.runId]: frame } } }));
    },
  };
};
