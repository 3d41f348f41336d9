// Reads the training text off the main thread, so a pasted book never freezes the page: its
// characters (code points) and distinct symbols, and in line and classification modes the task
// it makes (src/model/task-summary.ts) or why it makes none.
/// <reference lib="webworker" />
import { summarizeTask, type TaskSummary } from '../model/task-summary.ts';
import type { TaskMode } from '../model/tasks.ts';

declare const self: DedicatedWorkerGlobalScope;

export interface TextStatsRequest {
  id: number;
  text: string;
  mode: TaskMode;
}

export interface TextStatsReply {
  id: number;
  chars: number;
  vocab: number;
  task: TaskSummary;
}

self.onmessage = (e: MessageEvent<TextStatsRequest>) => {
  let chars = 0;
  const distinct = new Set<number>();
  for (const ch of e.data.text) {
    chars++;
    distinct.add(ch.codePointAt(0)!);
  }
  self.postMessage({ id: e.data.id, chars, vocab: distinct.size, task: summarizeTask(e.data.mode, e.data.text) } satisfies TextStatsReply);
};
