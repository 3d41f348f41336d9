// Turns what the stepper has computed so far into a trace-shaped frame for the unrolled-network
// drawing: states of the ticks shown so far, zeros (drawn dark) where the recurrence has not
// reached yet, marked as not computed (`computed`) so that no panel shows them as values; no
// gradients (step mode runs forward only). A classifier's frame has no
// next-character predictions; its label probabilities appear once the last tick is computed. A
// memory task's targets are its answers.
import { cellSpec, gateNames as gateNamesOf } from '../../model/cells/registry.ts';
import { directions, gateCount, type ModelConfig } from '../../model/config.ts';
import { argmax } from '../../model/linalg.ts';
import { noPredictions, predictions, type Trace } from '../../model/trace.ts';
import { stepperT, type StepperView } from '../../store/state.ts';
import type { TraceFrame } from '../../store/traces.ts';

const TOP_K = 5;

export function frameFromStepper(st: StepperView, model: ModelConfig): TraceFrame {
  const gateNames = gateNamesOf(model);
  const classify = st.labels.length > 0;
  const T = stepperT(st);
  const H = model.hiddenSize;
  const G = gateCount(model.cell);
  const V = st.vocabSize;
  const layers = Array.from({ length: model.numLayers }, () =>
    Array.from({ length: directions(model) }, () => ({
      pre: new Float32Array(T * G * H),
      post: new Float32Array(T * G * H),
      h: new Float32Array(T * H),
      c: cellSpec(model).hasCellState ? new Float32Array(T * H) : null,
      dhNorm: new Float32Array(T),
      dxNorm: new Float32Array(T),
      dcNorm: null,
    })),
  );
  const dirs = directions(model);
  const computed = new Uint8Array(model.numLayers * dirs * T);
  const probs = new Float32Array(T * V);
  let labelProbs: Float32Array | null = null;
  for (const state of st.states.slice(0, st.shown)) {
    state.dirs.forEach((d, di) => {
      const into = layers[state.layer]![di]!;
      into.pre.set(d.pre, d.t * G * H);
      into.post.set(d.post, d.t * G * H);
      into.h.set(d.h, d.t * H);
      if (d.c && into.c) into.c.set(d.c, d.t * H);
      computed[(state.layer * dirs + di) * T + d.t] = 1;
    });
    if (state.probs && classify) labelProbs = state.probs;
    else if (state.probs) probs.set(state.probs, state.s * V);
  }
  const inputs = st.ids.slice(0, T);
  const outputs = classify
    ? { ...noPredictions(T), ...(labelProbs ? { classifier: { probs: labelProbs, label: argmax(labelProbs) } } : {}) }
    : { targets: st.targets ?? st.ids.slice(1), ...predictions(probs, V, st.targets ?? st.ids.slice(1), Math.min(TOP_K, V)) };
  const trace: Trace = { T, H, gateNames, inputs, loss: NaN, layers, ...outputs };
  return { runId: st.runId, step: -1, model, symbols: st.symbols, labels: st.labels, trace, lossAt: 'all', arrivedAt: 0, partial: true, computed };
}
