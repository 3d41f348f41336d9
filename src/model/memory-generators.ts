// The generators of the memory tasks (memory-tasks.ts): one fresh, seeded sequence at a time, and
// MemoryBatcher, which batches them time-major like SequenceBatcher so both engines read the same
// batches. A sequence is its inputs and its targets (T each); a target of -1 does not count.
//   copy      a b c _ _ _ _ : _ _ _     -> answers a b c at the last k positions
//   recall    c a d b a ?              -> answer c at '?'
//   parity    1 0 1 1 =                -> answer 1 at '='
//   brackets  ( [ _ ( _ _              -> answers ] ) ) at the blanks (each closes the innermost open)
//   counting  a a a : b b b _ _        -> answers b b b . from ':' to the last b (n + 1 answers)
//   order     a X c b Y d ?            -> answer 1 (XY) at '?'
import { LETTERS, memoryLength, memoryVocab, ORDER_ANSWERS, ORDER_MARKS, TOKEN, type MemoryConfig } from './memory-tasks.ts';
import { createRng, type Rng } from './rng.ts';
import type { Vocab } from './vocab.ts';

/** One sequence: (T) input ids and (T) target ids, -1 where nothing is asked. A batch of them
 *  (MemoryBatcher.next) is time-major: (T, B) each. */
export interface MemorySequence {
  inputs: Int32Array;
  targets: Int32Array;
}

/** Draws the inputs of one sequence of task `c` (its knobs valid: memory-tasks.ts) from `rng`;
 *  its targets are answerTargets'. */
export function drawSequence(c: MemoryConfig, vocab: Vocab, rng: Rng): MemorySequence {
  const T = memoryLength(c);
  const inputs = new Int32Array(T).fill(vocab.id(TOKEN.blank));
  const id = (symbol: string) => vocab.id(symbol);
  const letter = () => id(LETTERS[rng.int(c.symbols)]!);
  switch (c.task) {
    case 'copy':
      for (let i = 0; i < c.length; i++) inputs[i] = letter();
      inputs[c.length + c.delay] = id(TOKEN.go);
      break;
    case 'recall':
      for (let i = 0; i <= c.delay; i++) inputs[i] = letter();
      inputs[T - 1] = id(TOKEN.query);
      break;
    case 'parity':
      for (let i = 0; i < c.length; i++) inputs[i] = id(String(rng.int(2)));
      inputs[T - 1] = id(TOKEN.equals);
      break;
    case 'brackets': {
      let depth = 0; // closers owed; a blank is a closing position
      for (let i = 0; i < T; i++) {
        const close = depth === T - i || depth === c.depth || (depth > 0 && rng.int(2) === 1);
        if (close) depth--;
        else {
          inputs[i] = id(rng.int(2) === 0 ? '(' : '[');
          depth++;
        }
      }
      break;
    }
    case 'counting': {
      const n = 1 + rng.int(c.length);
      for (let i = 0; i < n; i++) {
        inputs[i] = id('a');
        inputs[n + 1 + i] = id('b');
      }
      inputs[n] = id(TOKEN.go);
      break;
    }
    case 'order': {
      for (let i = 0; i < c.delay; i++) inputs[i] = letter();
      const half = Math.floor(c.delay / 2);
      inputs[rng.int(half)] = id(ORDER_MARKS[rng.int(2)]!);
      inputs[half + rng.int(c.delay - half)] = id(ORDER_MARKS[rng.int(2)]!);
      inputs[T - 1] = id(TOKEN.query);
      break;
    }
  }
  return { inputs, targets: answerTargets(c, vocab, inputs) };
}

/**
 * What the task asks at each position of `inputs` (-1 where nothing is asked): the rule of the
 * task applied to any sequence of its tokens, generated or typed, of any length.
 */
export function answerTargets(c: MemoryConfig, vocab: Vocab, inputs: Int32Array): Int32Array {
  const T = inputs.length;
  const targets = new Int32Array(T).fill(-1);
  const sym = (t: number) => vocab.symbols[inputs[t]!] ?? '';
  const id = (symbol: string) => vocab.id(symbol);
  const first = (symbol: string) => (id(symbol) < 0 ? -1 : inputs.indexOf(id(symbol)));
  switch (c.task) {
    case 'copy': {
      const go = first(TOKEN.go); // the first k symbols, after the go marker
      if (go >= 0) for (let i = 0; i < c.length && go + 1 + i < T; i++) if (LETTERS.includes(sym(i))) targets[go + 1 + i] = inputs[i]!;
      break;
    }
    case 'recall':
      for (let t = 1; t < T; t++) if (sym(t) === TOKEN.query && LETTERS.includes(sym(0))) targets[t] = inputs[0]!;
      break;
    case 'parity': {
      let ones = 0;
      for (let t = 0; t < T; t++) {
        if (sym(t) === '1') ones++;
        if (sym(t) === TOKEN.equals) targets[t] = id(String(ones % 2));
      }
      break;
    }
    case 'brackets': {
      const open: string[] = []; // the closers owed, innermost last
      for (let t = 0; t < T; t++) {
        if (sym(t) === '(' || sym(t) === '[') open.push(sym(t) === '(' ? ')' : ']');
        else if (sym(t) === TOKEN.blank && open.length > 0) targets[t] = id(open.pop()!);
      }
      break;
    }
    case 'counting': {
      const go = first(TOKEN.go);
      if (go < 0) break;
      const n = inputs.subarray(0, go).filter((x) => x === id('a')).length;
      targets[go] = id(n > 0 ? 'b' : TOKEN.end);
      for (let j = 1; j <= n && go + j < T && sym(go + j) === 'b'; j++) targets[go + j] = id(j < n ? 'b' : TOKEN.end);
      break;
    }
    case 'order': {
      const marks: number[] = [];
      for (let t = 0; t < T; t++) {
        const m = ORDER_MARKS.indexOf(sym(t));
        if (m >= 0 && sym(t) !== '') marks.push(m); // ('' is unknown: indexOf('') would be 0)
        if (sym(t) === TOKEN.query && marks.length >= 2) targets[t] = id(ORDER_ANSWERS[2 * marks[0]! + marks[1]!]!);
      }
      break;
    }
  }
  return targets;
}

/** `count` sequences of the task from `seed`: the same seed draws the same sequences. */
export function drawSequences(c: MemoryConfig, count: number, seed: number): MemorySequence[] {
  const vocab = memoryVocab(c);
  const rng = createRng(seed);
  return Array.from({ length: count }, () => drawSequence(c, vocab, rng));
}

/** Batches of B fresh sequences, time-major: the memory tasks' SequenceBatcher. */
export class MemoryBatcher {
  readonly T: number;
  private readonly vocab: Vocab;
  private readonly rng: Rng;

  constructor(
    private readonly config: MemoryConfig,
    readonly B: number,
    seed: number,
  ) {
    this.T = memoryLength(config);
    this.vocab = memoryVocab(config);
    this.rng = createRng(seed ^ 0x3e3047);
  }

  /** The one sequence length. */
  get lengths(): number[] {
    return [this.T];
  }

  next(): { T: number; inputs: Int32Array; targets: Int32Array } {
    const { T, B } = this;
    const inputs = new Int32Array(T * B);
    const targets = new Int32Array(T * B);
    for (let b = 0; b < B; b++) {
      const s = drawSequence(this.config, this.vocab, this.rng);
      for (let t = 0; t < T; t++) {
        inputs[t * B + b] = s.inputs[t]!;
        targets[t * B + b] = s.targets[t]!;
      }
    }
    return { T, inputs, targets };
  }
}
