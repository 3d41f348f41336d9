// Counts a text's characters (code points) and distinct symbols off the main thread, so a pasted
// book never freezes the page.
/// <reference lib="webworker" />
declare const self: DedicatedWorkerGlobalScope;

export interface TextStatsRequest {
  id: number;
  text: string;
}

export interface TextStatsReply {
  id: number;
  chars: number;
  vocab: number;
}

self.onmessage = (e: MessageEvent<TextStatsRequest>) => {
  let chars = 0;
  const distinct = new Set<number>();
  for (const ch of e.data.text) {
    chars++;
    distinct.add(ch.codePointAt(0)!);
  }
  self.postMessage({ id: e.data.id, chars, vocab: distinct.size } satisfies TextStatsReply);
};
