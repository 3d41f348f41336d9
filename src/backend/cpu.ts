// The CPU backend: the pure-TypeScript reference in Float32, behind the Backend interface.
// Used where WebGPU is missing, by the CLI's --backend cpu, and as the GPU engine's twin.
// Next-character mode trains TBPTT windows (Trainer); line and classification modes whole
// sequences (SequenceTrainer). A shape whose buffers would pass CPU_MEMORY_BUDGET_BYTES is refused
// before anything is allocated, with a ConfigError naming the field and the largest size that fits.
import { assertValid, ConfigError, problem, type ModelConfig, type TrainConfig } from '../model/config.ts';
import { cpuTrainingBytes } from '../model/memory.ts';
import { batcherFor } from '../model/sequence-batching.ts';
import { buildVocab, encode, type Vocab } from '../model/vocab.ts';
import { sampleText } from '../model/sample.ts';
import { labelCount, sampleLine, SequenceTrainer } from '../model/sequence-train.ts';
import { traceInputs, traceSentence, traceSequence } from '../model/trace.ts';
import { NO_PASSAGE, NO_SEQUENCES, passageSequences, tracePassage, traceSequencePassage, type Passage, type PassageSource } from '../model/passage.ts';
import { Trainer } from '../model/train.ts';
import { Network } from '../model/network.ts';
import { outputAt, tickOrder, type StepState } from '../model/stepping.ts';
import { referenceValidation } from '../model/validation.ts';
import { wholeValidationLoss, type Backend, type BackendInit, type HeldOut, type LiveTrainConfig, type TraceLoss, type SampleOptions, type Stepper, type StepResult, type Trace, type TrainingState, type ValidationRun } from './types.ts';

/**
 * The most memory one CPU training run may hold: 1 GiB. The page's worker runs the CPU reference
 * where WebGPU is missing, inside a browser tab that has a few GiB in all (and copies the
 * parameters when it reads them back); the CLI runs on laptops with 8 GB. 1 GiB holds the
 * benchmark's largest config (M: an LSTM of H=512, 2 layers, B=64, T=128 needs about 0.75 GiB),
 * while the largest shapes the fields allow (H=1024, T=1024, B=512: tens of GiB) are refused
 * before anything is allocated, as the GPU engine refuses buffers its adapter cannot hold.
 */
export const CPU_MEMORY_BUDGET_BYTES = 2 ** 30;

const mb = (bytes: number) => `${Math.ceil(bytes / 2 ** 20)} MB`;

/** The largest n in [1, hi] with fits(n), or 0 when not even 1 fits (fits is monotone). */
function largest(hi: number, fits: (n: number) => boolean): number {
  let lo = 0;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (fits(mid)) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/**
 * Throws a ConfigError unless training `model` on the CPU fits CPU_MEMORY_BUDGET_BYTES: it names
 * the batch size that fits, else (B = 1 too big) the sequence length, else the hidden size.
 * `lengths`: the sequence lengths a run builds networks for (next-character mode: [seqLen]).
 */
export function checkCpuFits(model: ModelConfig, train: TrainConfig, vocabSize: number, lengths: readonly number[], labels = 0, budget = CPU_MEMORY_BUDGET_BYTES): void {
  const bytes = (m: ModelConfig, B: number, Ts: readonly number[]) => cpuTrainingBytes(m, vocabSize, train.optimizer, B, Ts, labels);
  const needed = bytes(model, train.batchSize, lengths);
  if (needed <= budget) return;
  const params = { needed: mb(needed), allowed: mb(budget) };
  const head = `Training this model on the CPU needs ${params.needed} of memory, more than the ${params.allowed} the CPU engine allows`;
  const B = largest(train.batchSize - 1, (b) => bytes(model, b, lengths) <= budget);
  if (B > 0) throw new ConfigError('batchSize', `${head}: the largest batch size that fits is ${B} (or lower the sequence length or hidden size).`, problem('cpuTooLarge', { ...params, max: B }));
  const byWindow = lengths.length === 1 && lengths[0] === train.seqLen;
  const T = byWindow ? largest(train.seqLen - 1, (t) => bytes(model, 1, [t]) <= budget) : 0;
  if (T > 0) throw new ConfigError('seqLen', `${head}: at batch size 1 the largest sequence length that fits is ${T}.`, problem('cpuTooLarge', { ...params, max: T }));
  const H = largest(model.hiddenSize - 1, (h) => bytes({ ...model, hiddenSize: h }, 1, byWindow ? [1] : lengths) <= budget);
  if (H > 0) throw new ConfigError('hiddenSize', `${head}: the largest hidden size that fits is ${H}.`, problem('cpuTooLarge', { ...params, max: H }));
  throw new ConfigError('text', `${head}, even at hidden size 1: the vocabulary of ${vocabSize} symbols is too large.`, problem('cpuVocabTooLarge', { ...params, vocab: vocabSize }));
}

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
    const { model, train, task } = init;
    assertValid(model, train, task ? undefined : init.text);
    const vocab = task?.vocab ?? init.vocab ?? buildVocab(init.text);
    const lengths = task ? batcherFor(task, train.batchSize, train.seed).lengths : [train.seqLen];
    checkCpuFits(model, train, vocab.size, lengths, task ? labelCount(task) : 0);
    this.trainer = task ? new SequenceTrainer({ ...init, task }) : new Trainer({ ...init, vocab }, Float32Array);
  }

  async trainStep(): Promise<StepResult> {
    this.last = this.live.step();
    return this.last;
  }

  async flush(): Promise<StepResult> {
    return this.last;
  }

  async trace(text: string, topK = 5, lossAt: TraceLoss = 'all', label?: number): Promise<Trace> {
    const t = this.live;
    const ids = encode(t.vocab, text).ids;
    if (this.labels > 0) return traceSentence(t.model, t.params, t.vocab.size, this.labels, ids, label);
    const { inputs, targets } = traceInputs(ids, t instanceof SequenceTrainer && t.task.mode === 'memory' ? t.task : undefined);
    return traceSequence(t.model, t.params, t.vocab.size, inputs, targets, topK, lossAt);
  }

  async passage(source: PassageSource, topK = 5): Promise<Passage> {
    const t = this.live;
    if ('text' in source) {
      if (t instanceof SequenceTrainer) throw new RangeError(NO_PASSAGE);
      return tracePassage(t.model, t.params, t.vocab.size, encode(t.vocab, source.text).ids, source.window, topK);
    }
    if (!(t instanceof SequenceTrainer)) throw new RangeError(NO_SEQUENCES);
    return traceSequencePassage(t.model, t.params, t.vocab.size, this.labels, passageSequences(t.vocab, t.task, source.sequences), topK);
  }

  async sample(opts: SampleOptions): Promise<string> {
    const t = this.live;
    if (!(t instanceof SequenceTrainer)) return sampleText(t.model, t.params, t.vocab, opts);
    if (t.task.mode === 'classify') throw new RangeError('A classifier predicts labels; it does not generate text.');
    if (t.task.mode === 'memory') throw new RangeError('A memory task answers at its answer positions; it does not generate text.');
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

  async trainingState(): Promise<TrainingState> {
    return this.live.trainingState();
  }

  async validationLoss(heldOut: HeldOut): Promise<number> {
    return wholeValidationLoss(this.openValidation(heldOut));
  }

  async openValidation(heldOut: HeldOut): Promise<ValidationRun> {
    const t = this.live;
    const run = referenceValidation(t.model, Float32Array.from(t.params), t.vocab, heldOut, t.train.seqLen);
    return { advance: async (n) => run.advance(n), close: () => undefined };
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
