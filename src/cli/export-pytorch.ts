// `rnn-playground export-pytorch MODEL --text FILE --out DIR`: writes the plain PyTorch project
// that goes on training a model (src/io/pytorch-project.ts) into a new folder; one that exists is
// refused unless --force. Every file is written to a temporary name and renamed (out-file.ts).
import { mkdirSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { ConfigError, DEFAULT_TRAIN } from '../model/config.ts';
import { fileSettings, pytorchProject, type ProjectFile } from '../io/pytorch-project.ts';
import { MAX_MODEL_BYTES, readModelFile, writeModelFile } from '../io/safetensors.ts';
import { CliFailure, parse, UsageError } from './args.ts';
import { readBytes, readText, reason } from './files.ts';
import { writeAtomic } from './out-file.ts';

export const EXPORT_PYTORCH_HELP = `Usage: rnn-playground export-pytorch MODEL.safetensors --text FILE --out DIR [--force]

Writes a plain PyTorch project into the new folder DIR that goes on training MODEL on FILE:
train.py (nn.RNN / nn.LSTM / nn.GRU + nn.Linear on one-hot input; the same batches, loss,
clipping and optimizer as here; on one GPU, or many with torchrun and DistributedDataParallel),
model.py, data.py, the model file, the text and a README with the commands. The training settings
are the ones MODEL holds (a checkpoint of train.py does), else this tool's defaults; train.py's
flags change them (python train.py --help).

  --text FILE    the text to go on training on (UTF-8); the model's vocabulary must hold its
                 characters (a line model's lines, a classifier's 'sentence<TAB>label' lines)
  --out DIR      the project's folder, created here; its parent folder must exist
  --force        write into DIR when it exists (the project's files are replaced, others kept)
`;

/** Creates `dir` (refused when it exists, unless force) and says what stands in the way. */
function makeFolder(dir: string, force: boolean): void {
  let exists = false;
  try {
    const st = statSync(dir);
    if (!st.isDirectory()) throw new UsageError(`--out ${dir} is a file: give the name of a new folder`);
    exists = true;
  } catch (err) {
    if (err instanceof UsageError) throw err;
  }
  if (exists && !force) throw new UsageError(`--out ${dir} exists: choose a new folder, or add --force to write the project's files into it`);
  if (exists) return;
  try {
    mkdirSync(dir);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new CliFailure(`cannot create ${dir}: ${code === 'ENOENT' ? 'its parent folder does not exist' : reason(err)}`);
  }
}

export async function exportPytorch(argv: string[], out: (line: string) => void, note: (line: string) => void): Promise<number> {
  const { values: v, positionals } = parse(argv, { text: { type: 'string' }, out: { type: 'string' }, force: { type: 'boolean' } }, 1);
  if (v.help) {
    out(EXPORT_PYTORCH_HELP);
    return 0;
  }
  const path = positionals[0];
  if (!path) throw new UsageError('export-pytorch needs a model file: rnn-playground export-pytorch MODEL.safetensors --text FILE --out DIR');
  if (!v.text) throw new UsageError('export-pytorch needs --text FILE (the text to go on training on)');
  if (!v.out) throw new UsageError('export-pytorch needs --out DIR (a new folder for the project)');
  const bytes = readBytes(path, MAX_MODEL_BYTES, 'model file');
  let files: ProjectFile[];
  try {
    const read = readModelFile(bytes);
    const text = readText(v.text);
    const { train, step } = fileSettings(bytes, DEFAULT_TRAIN);
    // a checkpoint's optimizer state is not part of the PyTorch module: the project gets the model alone
    const [file, model] = read.state ? [{ ...read, state: undefined }, writeModelFile({ ...read, state: undefined })] : [read, bytes];
    files = pytorchProject({ bytes: model, file, text, train, step }, basename(path).replace(/\.safetensors$/i, ''));
  } catch (err) {
    if (err instanceof ConfigError && err.field === 'text') throw new UsageError(`--text: ${v.text}: ${err.message}`);
    if (err instanceof ConfigError && err.field === 'mode') throw new UsageError(`${path}: ${err.message}`);
    if (err instanceof CliFailure) throw err;
    throw new CliFailure(`cannot read model ${path}: ${(err as Error).message}`);
  }
  makeFolder(v.out, Boolean(v.force));
  for (const f of files) await writeAtomic(join(v.out, f.name), f.data);
  note(`wrote ${v.out}: ${files.map((f) => f.name).join(', ')}`);
  note(`next: cd ${v.out} && python train.py --steps 500   (several GPUs: torchrun --standalone --nproc_per_node=N train.py)`);
  return 0;
}
