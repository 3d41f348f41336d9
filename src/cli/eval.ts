// `rnn-playground eval MODEL --text FILE`: the model's mean cross-entropy on a text, read from zero
// state in windows with the state carried across them, in nats and bits per character.
import { evaluateLoss } from '../model/train.ts';
import { encode } from '../model/vocab.ts';
import { parse, UsageError } from './args.ts';
import { readModel, readText } from './files.ts';

export const EVAL_HELP = `Usage: rnn-playground eval MODEL.safetensors --text FILE [--json]

Prints the model's loss on FILE: nats and bits per character. Characters the model does not know
are skipped and counted. --json prints {loss, bitsPerChar, characters, unknown}.
`;

const WINDOW = 256;

export function evaluate(argv: string[], out: (line: string) => void): number {
  const { values: v, positionals } = parse(argv, { text: { type: 'string' }, json: { type: 'boolean' } }, 1);
  if (v.help) {
    out(EVAL_HELP);
    return 0;
  }
  const path = positionals[0];
  if (!path) throw new UsageError('eval needs a model file: rnn-playground eval MODEL.safetensors --text FILE');
  if (!v.text) throw new UsageError('eval needs --text FILE (the text to score)');
  const { model, vocab, params } = readModel(path);
  const { ids, unknown } = encode(vocab, readText(v.text));
  if (ids.length < 2) throw new UsageError(`--text: ${v.text} has ${ids.length} characters the model knows; it needs at least 2`);
  const loss = evaluateLoss(model, params, vocab.size, ids, WINDOW);
  const result = { loss, bitsPerChar: loss / Math.LN2, characters: ids.length, unknown };
  out(v.json ? JSON.stringify(result) : `loss ${loss.toFixed(4)} nats/char, ${result.bitsPerChar.toFixed(4)} bits/char over ${ids.length} characters${unknown ? ` (${unknown} unknown skipped)` : ''}`);
  return 0;
}
