// The headless CLI: `rnn-playground train | sample | eval | predict | bench | export-pytorch`, the same engine as the page
// (WebGPU through Dawn, or the CPU reference). Exit codes: 0 ok, 2 usage error, 1 failure, 128 + the
// signal when `train` is interrupted (src/cli/signals.ts); every
// error is one line on stderr (set RNN_PLAYGROUND_DEBUG=1 for the stack).
import { CliFailure, UsageError } from './args.ts';
import { bench } from './bench.ts';
import { evaluate } from './eval.ts';
import { exportPytorch } from './export-pytorch.ts';
import { predict } from './predict.ts';
import { printable, printableLine } from './printable.ts';
import { sample } from './sample.ts';
import { sweep } from './sweep.ts';
import { train } from './train.ts';
import { version } from './version.ts';

const COMMANDS = ['train', 'sample', 'eval', 'predict', 'sweep', 'bench', 'export-pytorch'] as const;

const HELP = `Usage: rnn-playground <command> [options]

Commands:
  train --text FILE [options]        train a model on a text; write it with --out FILE.safetensors
  sample MODEL.safetensors [options] generate text from a model
  eval MODEL.safetensors --text FILE loss and bits per character of a model on a text
  predict MODEL.safetensors --text S a classifier's label for a sentence, with probabilities
  sweep --task TASK [options]        where each cell breaks: final accuracy of a memory task
                                     over its difficulty (delay, length or depth)
  bench [options]                    the benchmark table (CPU and WebGPU)
  export-pytorch MODEL.safetensors --text FILE --out DIR
                                     a PyTorch project that goes on training the model (torchrun)

Run 'rnn-playground <command> --help' for a command's options; --version prints the version.
Exit codes: 0 ok, 2 usage error, 1 failure, 130 interrupted (Ctrl-C or SIGTERM).
`;

// text from files (labels, vocabularies, file names) reaches the terminal with its controls escaped
const out = (line: string) => process.stdout.write(printable(line.endsWith('\n') ? line : `${line}\n`));
const note = (line: string) => process.stderr.write(`${printableLine(line)}\n`);

async function run(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'train':
      return train(rest, out, note);
    case 'sample':
      return sample(rest, out, note);
    case 'eval':
      return evaluate(rest, out);
    case 'bench':
      return bench(rest, out, note);
    case 'sweep':
      return sweep(rest, out, note);
    case 'predict':
      return predict(rest, out, note);
    case 'export-pytorch':
      return exportPytorch(rest, out, note);
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      out(HELP);
      return command === undefined ? 2 : 0;
    case '--version':
    case '-V':
      out(version());
      return 0;
    default:
      throw new UsageError(`unknown command '${command}' (${COMMANDS.join(', ')})`);
  }
}

/** Runs the CLI and returns its exit code; prints one line per error. */
export async function main(argv: string[]): Promise<number> {
  try {
    return await run(argv);
  } catch (err) {
    if (process.env.RNN_PLAYGROUND_DEBUG) console.error(err);
    const command = argv[0] && (COMMANDS as readonly string[]).includes(argv[0]) ? `${argv[0]} ` : '';
    if (err instanceof UsageError) {
      note(`rnn-playground ${command}: ${err.message} (see 'rnn-playground ${command}--help')`.replace(' :', ':'));
      return 2;
    }
    note(`rnn-playground ${command}: ${err instanceof CliFailure ? err.message : `failed: ${(err as Error).message}`}`.replace(' :', ':'));
    return 1;
  }
}
