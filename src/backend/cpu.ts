// The CPU backend: the pure-TypeScript reference in Float32, behind the Backend interface.
// Used where WebGPU is missing, by the CLI's --backend cpu, and as the GPU engine's twin.
import { encode, type Vocab } from '../model/vocab.ts';
import { sampleText } from '../model/sample.ts';
import { traceWindow } from '../model/trace.ts';
import { Trainer } from '../model/train.ts';
import type { Backend, BackendInit, LiveTrainConfig, SampleOptions, StepResult, Trace } from './types.ts';

export class CpuBackend implements Backend {
  readonly kind = 'cpu' as const;
  private trainer: Trainer | null = null;
  private last: StepResult = { step: 0, lossStep: 0, loss: NaN, gradNorm: NaN, clipped: false, finite: true };

  private get live(): Trainer {
    if (!this.trainer) throw new Error('CpuBackend: call init() first (or it was disposed)');
    return this.trainer;
  }

  get vocab(): Vocab {
    return this.live.vocab;
  }

  async init(init: BackendInit): Promise<void> {
    this.trainer = new Trainer(init, Float32Array);
  }

  async trainStep(): Promise<StepResult> {
    this.last = this.live.step();
    return this.last;
  }

  async flush(): Promise<StepResult> {
    return this.last;
  }

  async trace(text: string, topK = 5): Promise<Trace> {
    const t = this.live;
    return traceWindow(t.model, t.params, t.vocab.size, encode(t.vocab, text).ids, topK);
  }

  async sample(opts: SampleOptions): Promise<string> {
    const t = this.live;
    return sampleText(t.model, t.params, t.vocab, opts);
  }

  async getParams(): Promise<Float32Array> {
    return Float32Array.from(this.live.params);
  }

  async setParams(params: Float32Array): Promise<void> {
    const t = this.live;
    if (params.length !== t.params.length) throw new RangeError(`expected ${t.params.length} parameters, got ${params.length}`);
    t.params.set(params);
  }

  updateTrainConfig(patch: LiveTrainConfig): void {
    this.live.updateTrainConfig(patch);
  }

  dispose(): void {
    this.trainer = null;
  }
}
