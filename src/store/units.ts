// "What each unit does": a passage read by each run on its current parameters (the worker's
// Backend.passage: the GPU when there is one), as training reads it (passageAsk): in
// next-character mode a few thousand characters of the text from `offset`, in windows of the
// training's sequence length, the state carried; for a task, its sequences from number `offset`
// (lines, training sentences, or a memory task's sequences drawn from the memory check's seed,
// its test sequences first), each from a zero state. The latest passage is kept in
// `units.frame` (the other runs' in `units.others`, for their gate saturation in compare mode);
// the panel picks one unit's column out of it. The panel asks after every update it sees; the
// asks are throttled here: one request in flight, at most one per UNITS_EVERY_MS, and the last
// ask inside that time is sent when it ends (so a pause or a step is always read).
import type { PassageSource } from '../model/passage.ts';
import { END, START } from '../model/tasks.ts';
import { windowText } from './inspect.ts';
import { memoryTestTexts } from './memory-check.ts';
import { currentTask, type PlaygroundState, type Slice, type UnitsSlice } from './state.ts';

/** How often the panel asks for a fresh passage while training runs. */
export const UNITS_EVERY_MS = 2000;
/** The passage lengths offered (characters). */
export const PASSAGE_LENGTHS = [500, 1000, 2000, 4000] as const;
/** The last memory sequence a passage can start at. */
export const MEMORY_PASSAGE_FROM_MAX = 999;

/** What a passage reads, where it starts (a code point of the text, or a task's sequence number)
 *  and a classifier's true label of each sentence. */
export interface PassageAsk {
  source: PassageSource;
  from: number;
  truth: number[] | null;
}

/** Sequences from number `from` (clamped) while their characters add up to `length` or less (at
 *  least one). */
function sequencesFrom<T>(all: readonly T[], from: number, length: number, size: (t: T) => number): { from: number; picked: T[] } {
  const start = Math.max(0, Math.min(from, all.length - 1));
  const picked: T[] = [];
  let used = 0;
  for (let i = start; i < all.length; i++) {
    used += size(all[i]!);
    if (picked.length > 0 && used > length) break;
    picked.push(all[i]!);
  }
  return { from: start, picked };
}

const codePoints = (s: string) => Array.from(s).length;

/** The passage the units panel reads in the current mode; null while the text makes no task or the
 *  memory task's knobs are not valid. */
export function passageAsk(s: Pick<PlaygroundState, 'text' | 'mode' | 'textStats' | 'memory' | 'memoryCheck' | 'units' | 'train'>): PassageAsk | null {
  const { offset, length } = s.units;
  if (s.mode === 'lm') return { source: { text: windowText(s.text, offset, length), window: s.train.seqLen }, from: offset, truth: null };
  if (s.mode === 'memory') {
    const from = Math.max(0, Math.min(offset, MEMORY_PASSAGE_FROM_MAX));
    const first = memoryTestTexts(s.memory, s.memoryCheck.seed, 1)[0];
    if (first === undefined) return null;
    const count = Math.max(1, Math.floor(length / codePoints(first)));
    return { source: { sequences: memoryTestTexts(s.memory, s.memoryCheck.seed, from + count).slice(from) }, from, truth: null };
  }
  const task = currentTask(s);
  if (!task) return null;
  if (task.mode === 'lines') {
    const { from, picked } = sequencesFrom(task.sequences, offset, length, (l) => codePoints(l) + 1);
    return { source: { sequences: picked.map((l) => START + l + END) }, from, truth: null };
  }
  const { from, picked } = sequencesFrom(task.sequences, offset, length, (e) => codePoints(e.text));
  return { source: { sequences: picked.map((e) => e.text) }, from, truth: picked.map((e) => e.label) };
}

export const createUnitsSlice: Slice<UnitsSlice> = (set, get) => {
  /** The requests in flight (one per run of a round), and what each asked. */
  const asked = new Map<number, PassageAsk>();
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
      const state = get();
      const { runs, send, stale } = state;
      if (stale || !runs[0]?.info) return;
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
      const ask = passageAsk(state);
      if (!ask) return;
      pending = false;
      lastAt = performance.now();
      for (const run of runs) {
        if (!run.info) continue;
        asked.set(++id, ask);
        send({ type: 'passage', id, runId: run.id, source: ask.source });
      }
    },

    passageArrived: (m) => {
      const ask = asked.get(m.id);
      if (!ask) return;
      asked.delete(m.id);
      if (asked.size === 0 && pending) get().requestPassage();
      const runs = get().runs;
      const run = runs.find((r) => r.id === m.runId);
      if (!run || !m.passage) return;
      const frame = { runId: m.runId, step: m.step, model: run.model, symbols: m.symbols, labels: m.labels, offset: ask.from, truth: ask.truth, passage: m.passage, ranking: m.ranking ?? [] };
      if (run === runs[0]) set((s) => ({ units: { ...s.units, frame } }));
      else set((s) => ({ units: { ...s.units, others: { ...s.units.others, [m.runId]: frame } } }));
    },

    clearPassages: () => {
      asked.clear();
      set((s) => ({ units: { ...s.units, frame: null, others: {} } }));
    },
  };
};
