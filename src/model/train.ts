// One training run on the CPU reference: the network, its parameters, the optimizer, the TBPTT
// batcher and the carried state. step() = next window -> forward -> BPTT -> clip -> update.
// A step whose loss or gradient is not finite leaves the parameters untouched.
import { clipGradients } from './clip.ts';
import { assertValid, type ModelConfig, type TrainConfig } from './config.ts';
import { StreamBatcher } from './batching.ts';
import { Network, type RecurrentState } from './network.ts';
import { createOptimizer, optimizerStep, type OptimizerState } from './optim.ts';
import { initialParams } from './init.ts';
import type { FArray, FArrayCtor } from './params.ts';
import { advance, packCarried, resumedOptimizer, unpackCarried, type TrainingState } from './resume.ts';
import { learningRateAt } from './schedule.ts';
import { buildVocab, encode, type Vocab } from './vocab.ts';

export interface StepResult {
  /** Updates applied so far (this step included when it was applied). */
  step: number;
  /** The step that loss, gradNorm, clipped and finite belong to: this one on the CPU; on the GPU
   *  the latest step whose stats have come back (a few steps behind, never waited for). */
  lossStep: number;
  /** Mean cross-entropy of the window, nats. */
  loss: number;
  /** Global gradient norm before clipping. */
  gradNorm: number;
  clipped: boolean;
  /** False when loss or gradient was NaN/infinite: the update was skipped. */
  finite: boolean;
  /** A memory task's accuracy on the batch's answer positions, measured by the forward pass before
   *  the update (every batch is fresh sequences, never trained on before). */
  accuracy?: number;
}

export interface TrainerInit {
  model: ModelConfig;
  train: TrainConfig;
  text: string;
  /** Vocabulary to use (an imported model's); default: built from the text. */
  vocab?: Vocab;
  /** Initial parameters; default: train.init's initialisation from train.seed. */
  params?: ArrayLike<number>;
  /** Continue a run (with its `params`): its step, batches drawn, optimizer and carried state. */
  resume?: TrainingState;
}

export class Trainer {
  readonly model: ModelConfig;
  train: TrainConfig;
  readonly vocab: Vocab;
  readonly net: Network;
  readonly params: FArray;
  readonly grad: FArray;
  readonly batcher: StreamBatcher;
  private optimizer: OptimizerState;
  private readonly state: RecurrentState;
  private steps = 0;
  /** Batches drawn (a skipped update drew one too). */
  private drawn = 0;

  constructor(init: TrainerInit, private readonly ctor: FArrayCtor = Float32Array) {
    assertValid(init.model, init.train, init.text);
    this.model = init.model;
    this.train = init.train;
    this.vocab = init.vocab ?? buildVocab(init.text);
    const { ids } = encode(this.vocab, init.text);
    this.net = new Network(init.model, this.vocab.size, init.train.batchSize, init.train.seqLen, ctor);
    if (init.params) {
      if (init.params.length !== this.net.layout.total) {
        throw new RangeError(`expected ${this.net.layout.total} parameters for this model, got ${init.params.length}`);
      }
      this.params = new ctor(init.params);
    } else {
      this.params = initialParams(this.net.layout, init.model, init.train.init, init.train.seed, ctor);
    }
    this.grad = new ctor(this.params.length);
    this.batcher = new StreamBatcher(ids, init.train.batchSize, init.train.seqLen);
    this.optimizer = createOptimizer(init.train.optimizer, this.params.length, ctor);
    this.state = this.net.zeroState(ctor);
    if (init.resume) {
      const r = init.resume;
      this.optimizer = resumedOptimizer(r.optimizer, this.train.optimizer, this.params.length, ctor);
      unpackCarried(r.carried, this.state);
      advance(this.batcher, r.batches);
      [this.steps, this.drawn] = [r.step, r.batches];
    }
  }

  /** What continues this run exactly (with its parameters). */
  trainingState(): TrainingState {
    const { kind, t, m, v } = this.optimizer;
    return { step: this.steps, batches: this.drawn, optimizer: { kind, t, m: Float32Array.from(m), v: Float32Array.from(v) }, carried: packCarried(this.state) };
  }

  get stepCount(): number {
    return this.steps;
  }

  /** Applies settings that do not change shapes (learning rate, clipping, optimizer). */
  updateTrainConfig(patch: Partial<Pick<TrainConfig, 'learningRate' | 'clipMode' | 'clipValue' | 'optimizer'>>): void {
    const next = { ...this.train, ...patch };
    assertValid(this.model, next);
    if (next.optimizer !== this.train.optimizer) this.optimizer = createOptimizer(next.optimizer, this.params.length, this.ctor);
    this.train = next;
  }

  /** Zeroes the state carried between windows (after the parameters were replaced). */
  resetState(): void {
    for (const a of [...this.state.h, ...this.state.c]) a.fill(0);
  }

  step(): StepResult {
    const batch = this.batcher.next();
    this.drawn++;
    if (batch.reset) this.resetState();
    const loss = this.net.forward(this.params, batch.inputs, batch.targets, this.state);
    this.net.backward(this.params, this.grad);
    const r = applyUpdate(this.params, this.grad, this.optimizer, this.train, loss, this.steps);
    if (r.finite) this.steps++;
    return { step: this.steps, lossStep: this.steps, loss, ...r };
  }
}

/** The end of every training step: clip the gradient, and update unless loss or gradient is not
 *  finite, at the schedule's rate for update `t` (the updates applied before it; default the optimizer's). */
export function applyUpdate(params: FArray, grad: FArray, optimizer: OptimizerState, train: TrainConfig, loss: number, t = optimizer.t): Pick<StepResult, 'gradNorm' | 'clipped' | 'finite'> {
  const { gradNorm, clipped } = clipGradients(grad, train.clipMode, train.clipValue);
  const finite = Number.isFinite(loss) && Number.isFinite(gradNorm);
  if (finite) optimizerStep(optimizer, params, grad, learningRateAt(train.schedule, train.learningRate, t));
  return { gradNorm, clipped, finite };
}

/**
 * Mean cross-entropy (nats) of predicting ids[1..] from ids[..n-1], reading the text from zero
 * state in windows of `window` steps with the state carried across them (no gradient, no update).
 */
export function evaluateLoss(model: ModelConfig, params: FArray, vocabSize: number, ids: Int32Array, window: number): number {
  return new WindowedLoss(model, params, vocabSize, ids, window).advance(Infinity)!;
}

/** evaluateLoss a slice at a time: each advance(n) reads up to n more windows of `params` (the
 *  caller's: a copy, when training changes them in between). */
export class WindowedLoss {
  private readonly T: number;
  private readonly windows: number;
  private readonly positions: number;
  private readonly nets = new Map<number, Network>();
  private readonly state: RecurrentState;
  private total = 0;
  private next = 0;

  constructor(
    private readonly model: ModelConfig,
    private readonly params: FArray,
    private readonly vocabSize: number,
    private readonly ids: Int32Array,
    window: number,
  ) {
    this.positions = ids.length - 1;
    if (this.positions < 1) throw new RangeError('evaluateLoss needs at least two ids');
    this.T = Math.max(1, Math.min(window, this.positions));
    this.windows = Math.ceil(this.positions / this.T);
    this.state = this.net(this.T).zeroState(this.ctor);
  }

  private get ctor(): FArrayCtor {
    return this.params instanceof Float64Array ? Float64Array : Float32Array;
  }

  private net(T: number): Network {
    let n = this.nets.get(T);
    if (!n) this.nets.set(T, (n = new Network(this.model, this.vocabSize, 1, T, this.ctor)));
    return n;
  }

  /** Reads up to `windows` more windows; the mean loss once the last is read, else null. */
  advance(windows: number): number | null {
    for (let k = 0; k < windows && this.next < this.windows; k++, this.next++) {
      const start = this.next * this.T;
      const T = Math.min(this.T, this.positions - start); // the last window: the rest
      const { ids } = this;
      this.total += this.net(T).forward(this.params, ids.slice(start, start + T), ids.slice(start + 1, start + T + 1), this.state) * T;
    }
    return this.next === this.windows ? this.total / this.positions : null;
  }
}
