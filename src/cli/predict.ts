// `rnn-playground predict MODEL --text "..."`: a classifier's label for a sentence, with the
// probability of every label (most likely first), on the CPU reference.
import { classify } from '../model/sequence-train.ts';
import { codePoints } from '../model/vocab.ts';
import { parse, UsageError } from './args.ts';
import { readModel } from './files.ts';

export const PREDICT_HELP = `Usage: rnn-playground predict MODEL.safetensors --text "SENTENCE" [--json]

Reads SENTENCE with a classifier (trained with --mode classify) and prints each label with its
probability, the predicted label first. Characters the model does not know are skipped.
--json prints {label, probs: {label: p, ...}}.
`;

export function predict(argv: string[], out: (line: string) => void, note: (line: string) => void): number {
  const { values: v, positionals } = parse(argv, { text: { type: 'string' }, json: { type: 'boolean' } }, 1);
  if (v.help) {
    out(PREDICT_HELP);
    return 0;
  }
  const path = positionals[0];
  if (!path) throw new UsageError('predict needs a model file: rnn-playground predict MODEL.safetensors --text "SENTENCE"');
  if (v.text === undefined) throw new UsageError('predict needs --text "SENTENCE"');
  const file = readModel(path);
  if (file.mode !== 'classify') throw new UsageError(`${path} is a ${file.mode === 'lines' ? 'line' : 'next-character'} model, not a classifier: use sample`);
  const labels = file.labels!;
  const unknown = codePoints(v.text).filter((ch) => file.vocab.id(ch) < 0).length;
  if (unknown > 0) note(`${unknown} characters of --text are not in the model's vocabulary; they are skipped.`);
  const probs = classify(file.model, file.params, file.vocab, labels.length, v.text);
  if (!probs) throw new UsageError('--text: none of its characters are in the model\'s vocabulary');
  const ranked = labels.map((label, k) => ({ label, p: probs[k]! })).sort((a, b) => b.p - a.p);
  if (v.json) out(JSON.stringify({ label: ranked[0]!.label, probs: Object.fromEntries(labels.map((l, k) => [l, probs[k]!])) }));
  else ranked.forEach(({ label, p }) => out(`${label}\t${p.toFixed(4)}`));
  return 0;
}
