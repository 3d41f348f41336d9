// The worker's answers for the inspection panels, on one run's current parameters: traces of a
// window (from the backend, the GPU when there is one; with every unit's BPTT numbers, for the
// backward mode, from the reference on the backend's parameters: the GPU keeps only their norms),
// a memory run's answers to a few test sequences (the backend's traces, only their predictions),
// next-character probabilities (a forward pass of the reference), a passage for "What each unit
// does" (the backend's: the text window after window with the state carried, or a task's
// sequences each from a zero state; its units ranked by the text's features), and step mode — one
// (layer, time step) dispatch per request.
import type { Stepper } from '../backend/types.ts';
import { nextCharProbs, traceInputs, traceSentence, traceSequence, type LossAt, type Trace } from '../model/trace.ts';
import { decode, encode } from '../model/vocab.ts';
import { rankByFeatures } from '../model/unit-features.ts';
import { inputSaliency, saliencyStep } from '../model/saliency.ts';
import { buildLayout, type ParamLayout } from '../model/params.ts';
import { gateCount, type ModelConfig } from '../model/config.ts';
import type { Answers, FromWorker, Saliency, ToWorker } from './protocol.ts';
import type { Run } from './run.ts';

type InspectMessage = Extract<ToWorker, { type: 'trace' | 'answers' | 'probs' | 'passage' | 'stepper-open' | 'stepper-next' | 'stepper-close' }>;

/** The most likely answers shown at each position of a memory sequence. */
const ANSWER_TOP_K = 3;

/** Step mode, open on one run's parameters while training is paused. */
let stepper: Stepper | null = null;

export function closeStepper(): void {
  stepper?.close();
  stepper = null;
}

/** The vanishing-gradient view's what-ifs: every W_hh multiplied by `whhScale`, every LSTM forget
 *  gate's bias raised by `forgetBias` (1 and 0: the trained weights). */
export interface WhatIf {
  whhScale: number;
  forgetBias: number;
}

/** The run's trace with every unit's BPTT numbers, from the reference on its current parameters
 *  (changed by the what-ifs). */
async function referenceTrace(run: Run, text: string, lossAt: LossAt, label: number | undefined, whatIf: WhatIf): Promise<Trace> {
  const params = await run.backend.getParams();
  applyWhatIf(params, buildLayout(run.model, run.vocab.size, run.labels.length), run.model, whatIf);
  const { ids } = encode(run.vocab, text);
  if (run.mode === 'classify') return traceSentence(run.model, params, run.vocab.size, run.labels.length, ids, label, true);
  const { inputs, targets } = traceInputs(ids, run.memory ? { config: run.memory, vocab: run.vocab } : undefined);
  return traceSequence(run.model, params, run.vocab.size, inputs, targets, 5, lossAt, true);
}

/** Which inputs the prediction at step `asked` of the window used, on the run's own parameters
 *  (no what-if): a pass whose loss is that step's alone (a classifier's: its label's, read at
 *  the end). `trace` is the window's trace, for its targets. */
async function saliencyOf(run: Run, text: string, trace: Trace, asked: number, label: number | undefined): Promise<Saliency | null> {
  const at = trace.classifier ? trace.T - 1 : saliencyStep(trace.targets, asked);
  if (at < 0) return null;
  const pass = await run.backend.trace(text, 0, { step: at }, trace.classifier ? (label ?? trace.classifier.label) : undefined);
  return { at, norms: inputSaliency(pass) };
}

/** Changes `params` in place: every W_hh ((G*H, H) per layer and direction) times whhScale, and
 *  an LSTM's b_hh rows of the forget gate (H..2H) plus forgetBias. */
export function applyWhatIf(params: Float32Array, layout: ParamLayout, model: ModelConfig, { whhScale, forgetBias }: WhatIf): void {
  const H = model.hiddenSize;
  const n = gateCount(model.cell) * H * H;
  for (const dirs of layout.layers) {
    for (const lo of dirs) {
      if (whhScale !== 1) for (let i = lo.wHh; i < lo.wHh + n; i++) params[i] = params[i]! * whhScale;
      if (forgetBias !== 0 && model.cell === 'lstm') for (let j = 0; j < H; j++) params[lo.bHh + H + j] = params[lo.bHh + H + j]! + forgetBias;
    }
  }
}

export async function inspect(msg: InspectMessage, run: Run | undefined, running: boolean, post: (m: FromWorker, transfer?: Transferable[]) => void): Promise<void> {
  switch (msg.type) {
    case 'trace': {
      if (!run) return;
      const step = run.lastStep;
      let trace: Trace | null = null;
      try {
        const whatIf = { whhScale: msg.whhScale ?? 1, forgetBias: msg.forgetBias ?? 0 };
        const reference = msg.grads || whatIf.whhScale !== 1 || whatIf.forgetBias !== 0;
        trace = reference ? await referenceTrace(run, msg.text, msg.lossAt, msg.label, whatIf) : await run.backend.trace(msg.text, 5, msg.lossAt, msg.label);
      } catch (err) {
        if (!(err instanceof RangeError)) throw err; // too few known characters: nothing to show
      }
      const saliency = trace && msg.saliencyAt !== undefined ? await saliencyOf(run, msg.text, trace, msg.saliencyAt, msg.label) : null;
      const params = msg.weights ? await run.backend.getParams() : null;
      // the trace is copied, not transferred: it is tens of kilobytes, and its arrays may share a buffer
      post({ type: 'trace', id: msg.id, runId: run.id, step, symbols: run.vocab.symbols, labels: run.labels, trace, params, saliency }, params ? [params.buffer] : []);
      return;
    }
    case 'answers': {
      if (!run?.memory) return;
      const step = run.lastStep;
      const sequences: Answers[] = [];
      for (const text of msg.texts) {
        const { inputs, targets, topK, targetProbs } = await run.backend.trace(text, ANSWER_TOP_K, 'all');
        sequences.push({ inputs, targets, topK, targetProbs });
      }
      post({ type: 'answers', id: msg.id, runId: run.id, step, symbols: run.vocab.symbols, sequences });
      return;
    }
    case 'probs': {
      if (!run) return;
      const step = run.lastStep;
      const { ids } = encode(run.vocab, msg.text);
      // one parameter readback, then the reference's forward pass: cheaper than a GPU trace
      const probs = nextCharProbs(run.model, await run.backend.getParams(), run.vocab.size, ids);
      post({ type: 'probs', id: msg.id, runId: run.id, step, symbols: Array.from(ids, (i) => run.vocab.symbols[i]!), probs }, [probs.buffer]);
      return;
    }
    case 'passage': {
      if (!run) return;
      const step = run.lastStep;
      const passage = await run.backend.passage(msg.source).catch((err: unknown) => {
        if (err instanceof RangeError) return null; // nothing the model knows, or the other kind of run
        throw err;
      });
      // transferred: a few megabytes of states would be slow to copy into the page
      const buffers = passage ? passage.layers.flat().flatMap((d) => [d.post.buffer, d.h.buffer, ...(d.c ? [d.c.buffer] : [])]) : [];
      // ranked here, off the page's main thread
      const ranking = passage ? rankByFeatures(passage, Array.from(passage.inputs, (i) => run.vocab.symbols[i]!)) : null;
      post({ type: 'passage', id: msg.id, runId: run.id, step, symbols: run.vocab.symbols, labels: run.labels, passage, ranking }, buffers);
      return;
    }
    case 'stepper-open': {
      closeStepper();
      if (!run || running) return;
      const { ids } = encode(run.vocab, msg.text);
      // the last character is only a target, except for a classifier (its output is the label) and
      // a memory task (its targets are its answers)
      const read = run.mode === 'classify' || run.mode === 'memory' ? ids : ids.subarray(0, ids.length - 1);
      if (read.length < 1) return;
      stepper = await run.backend.openStepper(decode(run.vocab, read));
      post({ type: 'stepper-opened', id: msg.id, runId: run.id, ticks: [...stepper.ticks], symbols: run.vocab.symbols, labels: run.labels, ids, vocabSize: run.vocab.size });
      return;
    }
    case 'stepper-next':
      post({ type: 'stepper-state', id: msg.id, state: stepper && !running ? await stepper.step() : null });
      return;
    case 'stepper-close':
      closeStepper();
      return;
  }
}
