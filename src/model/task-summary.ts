// What the page shows of a task before any training: counts, notes, and the first sequences
// (the windows the inspection panels can trace, the held-out split the person can see). Computed
// off the main thread (src/engine/text-worker.ts) and small enough to post.
import { ConfigError, type Problem } from './config.ts';
import { parseTask, type Example, type TaskMode, type TaskNote } from './tasks.ts';

/** Sequences (and held-out examples) a summary carries at most. */
export const SUMMARY_SEQUENCES = 200;

export type TaskSummary =
  /** Nothing is read from the text: next character over all of it, or a memory task. */
  | { mode: 'lm' }
  | { mode: 'memory' }
  | { mode: 'lines'; count: number; vocab: number; notes: TaskNote[]; sequences: string[] }
  | {
      mode: 'classify';
      labels: string[];
      vocab: number;
      notes: TaskNote[];
      /** Training examples: how many, and the first ones. */
      count: number;
      sequences: Example[];
      heldOutCount: number;
      heldOut: Example[];
    }
  /** The text cannot be read in this mode. */
  | { mode: 'lines' | 'classify'; problem: Problem; message: string };

export function summarizeTask(mode: TaskMode, text: string): TaskSummary {
  if (mode === 'lm' || mode === 'memory') return { mode };
  try {
    const task = parseTask(mode, text);
    if (task.mode === 'lines') return { mode: 'lines', count: task.lines.length, vocab: task.vocab.size, notes: task.notes, sequences: task.lines.slice(0, SUMMARY_SEQUENCES) };
    return {
      mode: 'classify',
      labels: task.labels,
      vocab: task.vocab.size,
      notes: task.notes,
      count: task.train.length,
      sequences: task.train.slice(0, SUMMARY_SEQUENCES),
      heldOutCount: task.heldOut.length,
      heldOut: task.heldOut.slice(0, SUMMARY_SEQUENCES),
    };
  } catch (err) {
    if (!(err instanceof ConfigError) || !err.problem) throw err;
    return { mode, problem: err.problem, message: err.message };
  }
}
