// Character and vocabulary counts of the training text, computed in a worker (debounced), so
// typing and pasting stay responsive however long the text is.
import { useEffect, useState } from 'react';
import type { TextStatsReply, TextStatsRequest } from '../../engine/text-worker.ts';

const DEBOUNCE_MS = 120;

let worker: Worker | null = null;
let nextId = 0;
const waiting = new Map<number, (r: TextStatsReply) => void>();

function analyse(text: string): Promise<TextStatsReply> {
  worker ??= new Worker(new URL('../../engine/text-worker.ts', import.meta.url), { type: 'module', name: 'text-stats' });
  worker.onmessage = (e: MessageEvent<TextStatsReply>) => {
    waiting.get(e.data.id)?.(e.data);
    waiting.delete(e.data.id);
  };
  const id = ++nextId;
  return new Promise((resolve) => {
    waiting.set(id, resolve);
    worker!.postMessage({ id, text } satisfies TextStatsRequest);
  });
}

/** null while the first count is running. */
export function useTextStats(text: string): { chars: number; vocab: number } | null {
  const [stats, setStats] = useState<{ chars: number; vocab: number } | null>(null);
  useEffect(() => {
    let live = true;
    const timer = setTimeout(() => {
      void analyse(text).then((r) => live && setStats({ chars: r.chars, vocab: r.vocab }));
    }, DEBOUNCE_MS);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [text]);
  return stats;
}
