// Batches of whole sequences for line and classification modes, shared by the CPU reference
// (SequenceTrainer) and the WebGPU engine so both see the same seeded batches. Sequences are
// grouped by length (bucketing: no padding ever enters a loss); each batch draws a bucket with
// probability proportional to its size, then B sequences from it (with replacement).
//   lines:    inputs START c1 .. cn, targets c1 .. cn END (T = n + 1);
//   classify: inputs c1 .. cn (T = n), targets the B labels.
// A memory task's batches are fresh generated sequences of one length (MemoryBatcher); batcherFor
// gives each task its batcher.
import { MemoryBatcher } from './memory-generators.ts';
import { createRng, type Rng } from './rng.ts';
import { END, START, type ClassifyTask, type LineTask, type SequenceTask } from './tasks.ts';
import { encode } from './vocab.ts';

export interface SequenceBatch {
  /** Time steps of this batch's sequences. */
  T: number;
  /** (T, B) time-major input ids. */
  inputs: Int32Array;
  /** (T, B) next ids (lines) or (B) labels (classification). */
  targets: Int32Array;
}

interface Bucket {
  T: number;
  /** Each sequence's ids: T + 1 for lines (START .. END), T for classification. */
  seqs: Int32Array[];
  /** Classification: each sequence's label. */
  labels: number[];
}

/** What both engines read a sequence task's batches from. */
export interface Batches {
  readonly B: number;
  /** The distinct sequence lengths, shortest first. */
  readonly lengths: number[];
  next(): SequenceBatch;
}

/** The batcher of a sequence task: B sequences per batch, seeded. */
export function batcherFor(task: SequenceTask, B: number, seed: number): Batches {
  return task.mode === 'memory' ? new MemoryBatcher(task.config, B, seed) : new SequenceBatcher(task, B, seed);
}

export class SequenceBatcher implements Batches {
  private readonly buckets: Bucket[];
  private readonly rng: Rng;
  private readonly total: number;

  constructor(
    private readonly task: LineTask | ClassifyTask,
    readonly B: number,
    seed: number,
  ) {
    this.buckets = bucketize(task);
    this.total = this.buckets.reduce((n, b) => n + b.seqs.length, 0);
    if (this.total === 0) throw new RangeError('SequenceBatcher: no sequence has a character the vocabulary knows');
    this.rng = createRng(seed ^ 0x5eed);
  }

  /** The distinct sequence lengths, shortest first. */
  get lengths(): number[] {
    return this.buckets.map((b) => b.T);
  }

  next(): SequenceBatch {
    const bucket = this.pickBucket();
    const { T } = bucket;
    const B = this.B;
    const lines = this.task.mode === 'lines';
    const inputs = new Int32Array(T * B);
    const targets = new Int32Array(lines ? T * B : B);
    for (let b = 0; b < B; b++) {
      const i = this.rng.int(bucket.seqs.length);
      const seq = bucket.seqs[i]!;
      for (let t = 0; t < T; t++) {
        inputs[t * B + b] = seq[t]!;
        if (lines) targets[t * B + b] = seq[t + 1]!;
      }
      if (!lines) targets[b] = bucket.labels[i]!;
    }
    return { T, inputs, targets };
  }

  /** A bucket with probability proportional to its number of sequences. */
  private pickBucket(): Bucket {
    let u = this.rng.int(this.total);
    for (const b of this.buckets) {
      if (u < b.seqs.length) return b;
      u -= b.seqs.length;
    }
    return this.buckets[this.buckets.length - 1]!;
  }
}

/** Training sequences grouped by length, shortest first. */
function bucketize(task: LineTask | ClassifyTask): Bucket[] {
  const byT = new Map<number, Bucket>();
  const add = (T: number, seq: Int32Array, label: number) => {
    let b = byT.get(T);
    if (!b) byT.set(T, (b = { T, seqs: [], labels: [] }));
    b.seqs.push(seq);
    b.labels.push(label);
  };
  if (task.mode === 'lines') {
    for (const line of task.lines) {
      const seq = encode(task.vocab, START + line + END).ids;
      add(seq.length - 1, seq, -1);
    }
  } else {
    for (const ex of task.train) {
      const seq = encode(task.vocab, ex.text).ids;
      if (seq.length > 0) add(seq.length, seq, ex.label); // nothing known (another model's vocabulary): skipped
    }
  }
  return [...byT.values()].sort((a, b) => a.T - b.T);
}
