// Training on whole sequences (line and classification modes) on the CPU reference: each step takes
// a batch of same-length sequences from SequenceBatcher (src/model/sequence-batching.ts), runs them
// from a zero state — the state resets at every sequence — and updates like Trainer.
//   lines:    the decoder at every step (next character, then the end token);
//   classify: the label from the final states through the classifier;
//   memory:   the decoder at the answer positions only (the other targets are -1), and the batch's
//             accuracy there.
import type { ModelConfig, TrainConfig } from './config.ts';
import { assertValid } from './config.ts';
import { argmax } from './linalg.ts';
import { Network } from './network.ts';
import { createOptimizer, type OptimizerState } from './optim.ts';
import { initialParams } from './init.ts';
import { buildLayout, type FArray } from './params.ts';
import { sampleText, type SampleOptions } from './sample.ts';
import { accuracyOf } from './loss.ts';
import { MemoryBatcher } from './memory-generators.ts';
import { memoryVocab, type MemoryConfig } from './memory-tasks.ts';
import { batcherFor, type Batches } from './sequence-batching.ts';
import { END, START, type ClassifyTask, type Example, type SequenceTask } from './tasks.ts';
import { advance, resumedOptimizer, type TrainingState } from './resume.ts';
import { applyUpdate, type StepResult } from './train.ts';
import { encode, type Vocab } from './vocab.ts';

export interface SequenceTrainerInit {
  model: ModelConfig;
  train: TrainConfig;
  task: SequenceTask;
  /** Initial parameters; default: train.init's initialisation from train.seed. */
  params?: ArrayLike<number>;
  /** Continue a run (with its `params`): its step, batches drawn and optimizer. */
  resume?: TrainingState;
}

/** Labels of the task's classifier (0 for line mode: the decoder). */
export const labelCount = (task: SequenceTask) => (task.mode === 'classify' ? task.labels.length : 0);

export class SequenceTrainer {
  readonly model: ModelConfig;
  train: TrainConfig;
  readonly task: SequenceTask;
  readonly vocab: Vocab;
  readonly params: FArray;
  readonly grad: FArray;
  private readonly batcher: Batches;
  private readonly nets = new Map<number, Network>();
  private optimizer: OptimizerState;
  private steps = 0;
  /** Batches drawn (a skipped update drew one too). */
  private drawn = 0;
  /** Time steps of the last batch's sequences. */
  lastLength = 0;

  constructor(init: SequenceTrainerInit) {
    assertValid(init.model, init.train);
    this.model = init.model;
    this.train = init.train;
    this.task = init.task;
    this.vocab = init.task.vocab;
    const layout = buildLayout(init.model, this.vocab.size, labelCount(init.task));
    if (init.params && init.params.length !== layout.total) throw new RangeError(`expected ${layout.total} parameters for this model, got ${init.params.length}`);
    this.params = init.params ? Float32Array.from(init.params) : initialParams(layout, init.model, init.train.init, init.train.seed);
    this.grad = new Float32Array(layout.total);
    this.optimizer = createOptimizer(init.train.optimizer, layout.total);
    this.batcher = batcherFor(init.task, init.train.batchSize, init.train.seed);
    if (init.resume) {
      const r = init.resume;
      this.optimizer = resumedOptimizer(r.optimizer, this.train.optimizer, layout.total, Float32Array);
      advance(this.batcher, r.batches);
      [this.steps, this.drawn] = [r.step, r.batches];
    }
  }

  /** What continues this run exactly (with its parameters); whole sequences carry no state. */
  trainingState(): TrainingState {
    const { kind, t, m, v } = this.optimizer;
    return { step: this.steps, batches: this.drawn, optimizer: { kind, t, m: Float32Array.from(m), v: Float32Array.from(v) }, carried: new Float32Array(0) };
  }

  get stepCount(): number {
    return this.steps;
  }

  /** Applies settings that do not change shapes (learning rate, clipping, optimizer). */
  updateTrainConfig(patch: Partial<Pick<TrainConfig, 'learningRate' | 'clipMode' | 'clipValue' | 'optimizer'>>): void {
    const next = { ...this.train, ...patch };
    assertValid(this.model, next);
    if (next.optimizer !== this.train.optimizer) this.optimizer = createOptimizer(next.optimizer, this.params.length);
    this.train = next;
  }

  /** The network for sequences of length T (built once per length; the batch size is fixed). */
  private net(T: number): Network {
    let net = this.nets.get(T);
    if (!net) {
      net = new Network(this.model, this.vocab.size, this.train.batchSize, T, Float32Array, labelCount(this.task));
      this.nets.set(T, net);
    }
    return net;
  }

  step(): StepResult {
    const { T, inputs, targets } = this.batcher.next();
    this.drawn++;
    const net = this.net(T);
    this.lastLength = T;
    const loss = net.forward(this.params, inputs, targets, null);
    const accuracy = this.task.mode === 'memory' ? { accuracy: accuracyOf(net.probs, T * net.B, this.vocab.size, targets) } : {};
    net.backward(this.params, this.grad);
    const r = applyUpdate(this.params, this.grad, this.optimizer, this.train, loss, this.steps);
    if (r.finite) this.steps++;
    return { step: this.steps, lossStep: this.steps, loss, ...r, ...accuracy };
  }
}

/**
 * The classifier's probability of each label for `text` (characters it does not know are
 * skipped); null when none of the text is known.
 */
export function classify(model: ModelConfig, params: FArray, vocab: Vocab, labels: number, text: string): Float32Array | null {
  const { ids } = encode(vocab, text);
  if (ids.length === 0) return null;
  const net = new Network(model, vocab.size, 1, ids.length, Float32Array, labels);
  net.forward(params, ids, Int32Array.of(-1), null);
  return Float32Array.from(net.probs);
}

/** Mean cross-entropy and accuracy of the classifier on `examples` (one at a time, B = 1), and the
 *  label it predicts for each (-1 where it knows none of the sentence's characters). */
export function evaluateExamples(model: ModelConfig, params: FArray, task: ClassifyTask, examples: readonly Example[]): { loss: number; accuracy: number; predicted: Int32Array } {
  let loss = 0;
  let right = 0;
  let counted = 0;
  const predicted = new Int32Array(examples.length).fill(-1);
  examples.forEach((ex, i) => {
    const probs = classify(model, params, task.vocab, task.labels.length, ex.text);
    if (!probs) return;
    counted++;
    loss -= Math.log(Math.max(probs[ex.label]!, Number.MIN_VALUE));
    predicted[i] = argmax(probs);
    if (predicted[i] === ex.label) right++;
  });
  return counted === 0 ? { loss: NaN, accuracy: NaN, predicted } : { loss: loss / counted, accuracy: right / counted, predicted };
}

/** A memory task's model on `count` fresh sequences from `seed` (one batch): the mean loss and the
 *  accuracy over their answer positions. */
export function evaluateMemory(model: ModelConfig, params: FArray, config: MemoryConfig, count: number, seed: number): { loss: number; accuracy: number } {
  const batch = new MemoryBatcher(config, count, seed).next();
  const V = memoryVocab(config).size;
  const net = new Network(model, V, count, batch.T);
  const loss = net.forward(params, batch.inputs, batch.targets, null);
  return { loss, accuracy: accuracyOf(net.probs, batch.T * count, V, batch.targets) };
}

/** Line mode: the mean cross-entropy per predicted symbol (each character and the end token) over `lines`. */
export function evaluateLines(model: ModelConfig, params: FArray, vocab: Vocab, lines: readonly string[]): number {
  return new LinesLoss(model, params, vocab, lines).advance(Infinity)!;
}

/** evaluateLines a slice at a time: each advance(n) reads up to n more lines of `params` (the
 *  caller's: a copy, when training changes them in between). */
export class LinesLoss {
  private total = 0;
  private count = 0;
  private next = 0;

  constructor(
    private readonly model: ModelConfig,
    private readonly params: FArray,
    private readonly vocab: Vocab,
    private readonly lines: readonly string[],
  ) {}

  /** Reads up to `lines` more lines; the mean loss once the last is read, else null. */
  advance(lines: number): number | null {
    for (let k = 0; k < lines && this.next < this.lines.length; k++, this.next++) {
      const ids = encode(this.vocab, START + this.lines[this.next]! + END).ids;
      const T = ids.length - 1;
      this.total += new Network(this.model, this.vocab.size, 1, T).forward(this.params, ids.subarray(0, T), ids.subarray(1), null) * T;
      this.count += T;
    }
    return this.next === this.lines.length ? this.total / this.count : null;
  }
}

/** Line mode's sampling: the prime's known characters (tokens dropped), and the options that
 *  read the start token and the prime, then stop at the end token; the start token, never a
 *  target, is never drawn (a model gives it a small probability all the same). */
export function lineSampling(vocab: Vocab, opts: SampleOptions): { prime: string; opts: SampleOptions } {
  const prime = Array.from(opts.prime).filter((ch) => ch !== START && ch !== END && vocab.id(ch) >= 0).join('');
  return { prime, opts: { ...opts, prime: START + prime, stopAt: END, never: START } };
}

/** Line mode: one whole line, from the start token (and `opts.prime`) to the end token or
 *  `opts.length` characters; the prime is part of the line returned. */
export function sampleLine(model: ModelConfig, params: FArray, vocab: Vocab, opts: SampleOptions): string {
  const line = lineSampling(vocab, opts);
  return line.prime + sampleText(model, params, vocab, line.opts);
}
