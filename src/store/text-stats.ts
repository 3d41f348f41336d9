// The training text as the page reports it — characters, vocabulary, and in line and
// classification modes the task it makes or why it makes none — computed in a worker (debounced)
// whenever the text or the mode changes, so typing and pasting stay responsive however long it is.
import type { TextStatsReply, TextStatsRequest } from '../engine/text-worker.ts';
import { useStore } from './store.ts';

const DEBOUNCE_MS = 120;

let worker: Worker | null = null;
let latest = 0;

function analyse(text: string, mode: TextStatsRequest['mode']) {
  worker ??= new Worker(new URL('../engine/text-worker.ts', import.meta.url), { type: 'module', name: 'text-stats' });
  worker.onmessage = (e: MessageEvent<TextStatsReply>) => {
    if (e.data.id !== latest) return; // an older text's answer
    const { chars, vocab, task } = e.data;
    useStore.setState({ textStats: { chars, vocab, task } });
  };
  worker.postMessage({ id: ++latest, text, mode } satisfies TextStatsRequest);
}

/** Follows the text and the task mode from now on (and reads the current ones). */
export function startTextStats(): void {
  let timer: ReturnType<typeof setTimeout> | null = null;
  let seen = { text: '', mode: useStore.getState().mode, first: true };
  const follow = () => {
    const { text, mode } = useStore.getState();
    if (!seen.first && text === seen.text && mode === seen.mode) return;
    seen = { text, mode, first: false };
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => analyse(text, mode), DEBOUNCE_MS);
  };
  useStore.subscribe(follow);
  follow();
}
