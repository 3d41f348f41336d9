// The CPU backend: the pure-TypeScript reference in Float32, behind the Backend interface.
// Used where WebGPU is missing, by the CLI's --backend cpu, and as the GPU engine's twin.
// Next-character mode trains TBPTT windows (Trainer); line and classification modes whole
// sequences (SequenceTrainer).
import { encode, type Vocab } from '../model/vocab.ts';
import { sampleText } from '../model/sample.ts';
import { labelCount, sampleLine, SequenceTrainer } from '../model/sequence-train.ts';
import { traceSentence, traceWindow } from '../model/trace.ts';
import { Trainer } from '../model/train.ts';
import { Network } from '../model/network.ts';
import { outputAt, tickOrder, type StepState } from '../model/stepping.ts';
import type { Backend, BackendInit, LiveTrainConfig, LossAt, SampleOptions, Stepper, StepResult, Trace } from './types.ts';

export class CpuBackend implements Backend {
  readonly kind = 'cpu' as const;
  private trainer: Trainer | SequenceTrainer | null = null;
  private last: StepResult = { step: 0, lossStep: 0, loss: NaN, gradNorm: NaN, clipped: false, finite: true };

  private get live(): Trainer | SequenceTrainer {
    if (!this.trainer) throw new Error('CpuBackend: call init() first (or it was disposed)');
    return this.trainer;
  }

  /** Labels of a classifier; 0 for the next-character and line modes (the decoder). */
  private get labels(): number {
    const t = this.live;
    return t instanceof SequenceTrainer ? labelCount(t.task) : 0;
  }

  get vocab(): Vocab {
    return this.live.vocab;
  }

  async init(init: BackendInit): Promise<void> {
    this.trainer = init.task ? new SequenceTrainer({ ...init, task: init.task }) : new Trainer(init, Float32Array);
  }

  async trainStep(): Promise<StepResult> {
    this.last = this.live.step();
    return this.last;
  }

  async flush(): Promise<StepResult> {
    return this.last;
  }

  async trace(text: string, topK = 5, lossAt: LossAt = 'all', label?: number): Promise<Trace> {
    const t = this.live;
    const ids = encode(t.vocab, text).ids;
    if (this.labels > 0) return traceSentence(t.model, t.params, t.vocab.size, this.labels, ids, label);
    return traceWindow(t.model, t.params, t.vocab.size, ids, topK, lossAt);
  }

  async sample(opts: SampleOptions): Promise<string> {
    const t = this.live;
    if (!(t instanceof SequenceTrainer)) return sampleText(t.model, t.params, t.vocab, opts);
    if (t.task.mode === 'classify') throw new RangeError('A classifier predicts labels; it does not generate text.');
    return sampleLine(t.model, t.params, t.vocab, opts);
  }

  /** The reference computes the whole window once and hands out its steps in tick order. */
  async openStepper(text: string): Promise<Stepper> {
    const { model, params, vocab } = this.live;
    const { labels } = this;
    const ids = encode(vocab, text).ids;
    const T = ids.length;
    if (T < 1) throw new RangeError('Step mode needs at least one character that the model knows.');
    const net = new Network(model, vocab.size, 1, T, Float32Array, labels);
    net.forward(params, ids, new Int32Array(labels > 0 ? 1 : T).fill(-1), null);
    const ticks = tickOrder(model.numLayers, T, model.bidirectional);
    const { H, G, dirs } = net;
    const out = labels > 0 ? labels : vocab.size;
    let next = 0;
    return {
      ticks,
      step: async (): Promise<StepState | null> => {
        const tick = ticks[next];
        if (!tick) return null;
        const { layer, s } = tick;
        const cut = (a: Float32Array | Float64Array, t: number, n: number) => Float32Array.from(a.subarray(t * n, (t + 1) * n));
        const state: StepState = {
          tick: next,
          layer,
          s,
          dirs: Array.from({ length: dirs }, (_, d) => {
            const c = net.caches[layer]![d]!;
            const t = d === 0 ? s : T - 1 - s;
            return { t, pre: cut(c.pre, t, G * H), post: cut(c.post, t, G * H), h: cut(c.h, t, H), c: c.c.length ? cut(c.c, t, H) : null };
          }),
          probs: outputAt(ticks, next, model.numLayers, model.bidirectional, labels) ? cut(net.probs, labels > 0 ? 0 : s, out) : null,
        };
        next++;
        return state;
      },
      close: () => undefined,
    };
  }

  async getParams(): Promise<Float32Array> {
    return Float32Array.from(this.live.params);
  }

  async setParams(params: Float32Array): Promise<void> {
    const t = this.live;
    if (params.length !== t.params.length) throw new RangeError(`expected ${t.params.length} parameters, got ${params.length}`);
    t.params.set(params);
    if (t instanceof Trainer) t.resetState(); // the carried state was computed by the parameters just replaced
  }

  updateTrainConfig(patch: LiveTrainConfig): void {
    this.live.updateTrainConfig(patch);
  }

  dispose(): void {
    this.trainer = null;
  }
}
