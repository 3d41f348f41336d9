// A trace frame: a run's every gate, state and gradient norm over the inspected window, with what
// is needed to draw it. The store keeps the latest of each run (`traces`, src/store/inspect.ts);
// panels read them through `useStore.subscribe` into refs and draw on canvas, without re-rendering.
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
  /** A partial frame's computed positions: 1 at ((layer * dirs + dir) * T + t) once step mode has
   *  computed it (absent: every position is). */
  computed?: Uint8Array;
  /** The run's parameters when the trace was taken (flat layout), when the heatmaps asked. */
  params?: Float32Array;
}

/** Whether the frame holds computed numbers at (layer, dir, t): step mode's frames hold zeros
 *  where the recurrence has not reached yet, which must never be shown as values. */
export function isComputed(f: TraceFrame, layer: number, dir: number, t: number): boolean {
  if (!f.computed) return true;
  const dirs = f.model.bidirectional ? 2 : 1;
  return f.computed[(layer * dirs + dir) * f.trace.T + t] === 1;
}
