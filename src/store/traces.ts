// The latest trace of each run (every gate, state and gradient norm over the inspected window), kept
// outside React state: panels draw them on canvas from refs, many times a second, without
// re-rendering. Listeners hear each new trace.
import type { LossAt, Trace } from '../model/trace.ts';
import type { ModelConfig } from '../model/config.ts';

export interface TraceFrame {
  runId: string;
  /** The update the parameters had when the trace was taken. */
  step: number;
  model: ModelConfig;
  /** Vocabulary symbols by id, to label inputs and predictions. */
  symbols: readonly string[];
  /** A classifier's labels, to name its output (empty for the other modes). */
  labels: readonly string[];
  trace: Trace;
  /** The loss the trace's gradients are of. */
  lossAt: LossAt;
  /** performance.now() when it arrived: the flow animation starts here. */
  arrivedAt: number;
  /** Built by the stepper: only the ticks shown so far, no gradients. */
  partial?: boolean;
  /** The run's parameters when the trace was taken (flat layout), when the heatmaps asked. */
  params?: Float32Array;
}

const latest = new Map<string, TraceFrame>();
const listeners = new Set<(f: TraceFrame) => void>();

export function putTrace(frame: TraceFrame): void {
  latest.set(frame.runId, frame);
  listeners.forEach((l) => l(frame));
}

export function getTrace(runId: string): TraceFrame | undefined {
  return latest.get(runId);
}

export function clearTraces(): void {
  latest.clear();
}

/** Calls `listener` with every new trace; returns the unsubscribe function. */
export function onTrace(listener: (f: TraceFrame) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
