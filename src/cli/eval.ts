// `rnn-playground eval MODEL --text FILE`: the model's mean cross-entropy on a text, read from zero
// state in windows with the state carried across them, in nats and bits per character; a line
// model's per symbol over the file's lines; a classifier's loss and accuracy on its examples; a
// memory-task model's loss and accuracy on fresh sequences of its task.
import { ConfigError, type ModelConfig } from '../model/config.ts';
import { chanceLevel, type MemoryConfig } from '../model/memory-tasks.ts';
import { evaluateExamples, evaluateLines, evaluateMemory } from '../model/sequence-train.ts';
import { parseExamples, parseLines } from '../model/tasks.ts';
import { evaluateLoss } from '../model/train.ts';
import { encode } from '../model/vocab.ts';
import type { ModelFile } from '../io/safetensors.ts';
import { num, parse, UsageError } from './args.ts';
import { describeMemory } from './memory-flags.ts';
import { readModel, readText } from './files.ts';

export const EVAL_HELP = `Usage: rnn-playground eval MODEL.safetensors --text FILE [--json]

Prints the model's loss on FILE: nats and bits per character. Characters the model does not know
are skipped and counted. --json prints {loss, bitsPerChar, characters, unknown}.
A line model scores each line of FILE; a classifier its 'sentence<TAB>label' lines
({loss, accuracy, examples} with --json).
A memory-task model needs no --text: it is scored on --sequences N (default 1000) fresh sequences
of its task drawn from --seed (default 1): {loss, accuracy, sequences, chance} with --json.
`;

const WINDOW = 256;

/** A memory task's model: loss and accuracy on fresh sequences of its task (no text). */
function evaluateMemoryModel(memory: MemoryConfig, model: ModelConfig, params: Float32Array, v: { text?: string; sequences?: string; seed?: string; json?: boolean }, out: (line: string) => void): number {
  if (v.text !== undefined) throw new UsageError(`--text: a memory-task model is scored on fresh sequences of its task (${describeMemory(memory)}); leave out --text`);
  const count = num(v, 'sequences') ?? 1000;
  const seed = num(v, 'seed') ?? 1;
  if (!Number.isInteger(count) || count < 1 || count > 10_000) throw new UsageError(`--sequences must be a whole number from 1 to 10000 (got ${v.sequences})`);
  if (!Number.isInteger(seed) || seed < 0) throw new UsageError(`--seed must be a whole number (got ${v.seed})`);
  const r = { ...evaluateMemory(model, params, memory, count, seed), sequences: count, chance: chanceLevel(memory) };
  out(v.json ? JSON.stringify(r) : `loss ${r.loss.toFixed(4)} nats, accuracy ${r.accuracy.toFixed(3)} (chance ${r.chance.toFixed(3)}) over ${count} fresh sequences of ${describeMemory(memory)}`);
  return 0;
}

export function evaluate(argv: string[], out: (line: string) => void): number {
  const { values: v, positionals } = parse(argv, { text: { type: 'string' }, json: { type: 'boolean' }, sequences: { type: 'string' }, seed: { type: 'string' } }, 1);
  if (v.help) {
    out(EVAL_HELP);
    return 0;
  }
  const path = positionals[0];
  if (!path) throw new UsageError('eval needs a model file: rnn-playground eval MODEL.safetensors --text FILE');
  const needsText = () => new UsageError('eval needs --text FILE (the text to score; a memory-task model needs none)');
  let file: ModelFile;
  try {
    file = readModel(path);
  } catch (e) {
    throw v.text ? e : needsText(); // without --text the first thing to fix is the missing text
  }
  const { model, vocab, params } = file;
  if (file.mode === 'memory') return evaluateMemoryModel(file.memory!, model, params, v, out);
  if (!v.text) throw needsText();
  const text = readText(v.text);
  if (file.mode === 'lines' || file.mode === 'classify') {
    try {
      if (file.mode === 'lines') {
        const { lines } = parseLines(text);
        const loss = evaluateLines(model, params, vocab, lines);
        out(v.json ? JSON.stringify({ loss, bitsPerChar: loss / Math.LN2, lines: lines.length }) : `loss ${loss.toFixed(4)} nats per symbol, ${(loss / Math.LN2).toFixed(4)} bits over ${lines.length} lines`);
        return 0;
      }
      const task = { ...parseExamples(text), vocab };
      const unknownLabels = task.labels.filter((l) => !file.labels!.includes(l));
      if (unknownLabels.length) throw new UsageError(`--text: labels the model does not know: ${unknownLabels.join(', ')}`);
      const examples = [...task.train, ...task.heldOut].map((e) => ({ text: e.text, label: file.labels!.indexOf(task.labels[e.label]!) }));
      const r = evaluateExamples(model, params, { ...task, labels: file.labels! }, examples);
      out(v.json ? JSON.stringify({ ...r, examples: examples.length }) : `loss ${r.loss.toFixed(4)} nats, accuracy ${r.accuracy.toFixed(3)} over ${examples.length} examples`);
      return 0;
    } catch (e) {
      if (e instanceof ConfigError) throw new UsageError(`--text: ${v.text}: ${e.message}`);
      throw e;
    }
  }
  const { ids, unknown } = encode(vocab, text);
  if (ids.length < 2) throw new UsageError(`--text: ${v.text} has ${ids.length} characters the model knows; it needs at least 2`);
  const loss = evaluateLoss(model, params, vocab.size, ids, WINDOW);
  const result = { loss, bitsPerChar: loss / Math.LN2, characters: ids.length, unknown };
  out(v.json ? JSON.stringify(result) : `loss ${loss.toFixed(4)} nats/char, ${result.bitsPerChar.toFixed(4)} bits/char over ${ids.length} characters${unknown ? ` (${unknown} unknown skipped)` : ''}`);
  return 0;
}
