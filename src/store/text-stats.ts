// Text-stats slice: the training text as the page reports it — characters, vocabulary, and in line
// and classification modes the task it makes or why it makes none — computed in a worker
// (debounced) whenever the text or the mode changes, so typing and pasting stay responsive
// however long it is.
import type { TextStatsReply, TextStatsRequest } from '../engine/text-worker.ts';
import type { Slice, TextStatsSlice } from './state.ts';

const DEBOUNCE_MS = 120;

export const createTextStatsSlice: Slice<TextStatsSlice> = (set, get, api) => {
  let worker: Worker | null = null;
  let latest = 0;

  const analyse = (text: string, mode: TextStatsRequest['mode']) => {
    if (!worker) {
      worker = new Worker(new URL('../engine/text-worker.ts', import.meta.url), { type: 'module', name: 'text-stats' });
      worker.onmessage = (e: MessageEvent<TextStatsReply>) => {
        if (e.data.id !== latest) return; // an older text's answer
        const { chars, vocab, task } = e.data;
        set({ textStats: { chars, vocab, task } });
      };
    }
    worker.postMessage({ id: ++latest, text, mode } satisfies TextStatsRequest);
  };

  return {
    textStats: null,

    /** Follows the text and the task mode from now on (and reads the current ones). */
    startTextStats: () => {
      let timer: ReturnType<typeof setTimeout> | null = null;
      let seen = { text: '', mode: get().mode, first: true };
      const follow = () => {
        const { text, mode } = get();
        if (!seen.first && text === seen.text && mode === seen.mode) return;
        seen = { text, mode, first: false };
        if (timer) clearTimeout(timer);
        timer = setTimeout(() => analyse(text, mode), DEBOUNCE_MS);
      };
      api.subscribe(follow);
      follow();
    },
  };
};
