// Memory-check slice: the per-token feedback of a memory task. A few test sequences are drawn from
// a seed (the same seed draws the same sequences; "new sequences" moves it on), and the chosen run
// answers them through the worker's 'answers' request (its backend's traces): at every answer
// position its top guesses and its probability of the true answer. They are asked again with the
// inspection panels' traces (src/store/inspect.ts: about once a second while training, after a
// step, after a pause), one request in flight at a time. The inside views trace one of the same
// sequences (inspectWindow).
import { memoryConfigErrors, memoryVocab, type MemoryConfig } from '../model/memory-tasks.ts';
import { drawSequences } from '../model/memory-generators.ts';
import { decode } from '../model/vocab.ts';
import type { MemoryCheckSlice, Slice } from './state.ts';

/** Test sequences shown at a time. */
export const MEMORY_TESTS = 4;

/** The test sequences of `memory` drawn from `seed`, as text (one token a code point); none while
 *  its knobs are not valid. `count` more than MEMORY_TESTS draws on: the first ones stay the same. */
export function memoryTestTexts(memory: MemoryConfig, seed: number, count = MEMORY_TESTS): string[] {
  if (memoryConfigErrors(memory).length > 0) return [];
  const vocab = memoryVocab(memory);
  return drawSequences(memory, count, seed).map((s) => decode(vocab, s.inputs));
}

export const createMemoryCheckSlice: Slice<MemoryCheckSlice> = (set, get) => {
  let requestId = 0;
  /** The request in flight: its id and what it asked (the texts), or null. */
  let inFlight: { id: number; texts: string } | null = null;

  const requestAnswers = () => {
    const { mode, stale, runs, memory, memoryCheck, send } = get();
    if (mode !== 'memory' || stale || inFlight) return;
    const run = runs.find((r) => r.id === memoryCheck.runId) ?? runs[0];
    if (!run?.info) return;
    const texts = memoryTestTexts(memory, memoryCheck.seed);
    if (texts.length === 0) return;
    inFlight = { id: ++requestId, texts: texts.join('\n') };
    send({ type: 'answers', id: requestId, runId: run.id, texts });
  };

  return {
    memoryCheck: { seed: 1, runId: null, answers: null },

    requestAnswers,

    newMemorySequences: () => {
      set((s) => ({ memoryCheck: { ...s.memoryCheck, seed: s.memoryCheck.seed + 1, answers: null } }));
      inFlight = null; // an answer to the old sequences is dropped when it comes
      get().setInspect({}); // the inside views trace the new sequences too (it asks for answers)
    },

    setMemoryCheckRun: (runId) => {
      set((s) => ({ memoryCheck: { ...s.memoryCheck, runId, answers: null } }));
      inFlight = null;
      requestAnswers();
    },

    answersArrived: (m) => {
      if (inFlight?.id !== m.id) return;
      const asked = inFlight.texts;
      inFlight = null;
      const { memory, memoryCheck } = get();
      // answers to sequences since replaced (new sequences, other knobs) are asked again
      if (asked !== memoryTestTexts(memory, memoryCheck.seed).join('\n')) return requestAnswers();
      set((s) => ({ memoryCheck: { ...s.memoryCheck, answers: { runId: m.runId, step: m.step, symbols: m.symbols, sequences: m.sequences } } }));
    },

    clearAnswers: () => {
      inFlight = null;
      set((s) => ({ memoryCheck: { ...s.memoryCheck, answers: null } }));
    },
  };
};
