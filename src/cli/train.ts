// `rnn-playground train`: trains on a text file with the same engine as the page and writes the
// model as safetensors. --json prints one object per step on stdout; otherwise a progress bar on
// stderr (plain lines when piped). Same seed and options: same initial parameters and batches.
import { CELL_KINDS, CELLS } from '../model/cells/registry.ts';
import { CHOICES, ConfigError, DEFAULT_MODEL, DEFAULT_TRAIN, initModelError, modelConfigErrors, trainConfigErrors, type ModelConfig, type TrainConfig } from '../model/config.ts';
import { chanceLevel } from '../model/memory-tasks.ts';
import { meanLength } from '../model/tasks.ts';
import type { StepResult } from '../model/train.ts';
import type { Backend, BackendInit } from '../backend/types.ts';
import { writeModelFile, type ModelFile } from '../io/safetensors.ts';
import { choice, CliFailure, defined, num, parse, UsageError } from './args.ts';
import { BACKENDS, openBackend, type CliBackend } from './backend.ts';
import { readModel } from './files.ts';
import { checkWritable, refuseInputAsOutput, writeAtomic } from './out-file.ts';
import { INTERRUPTED, trapInterrupts, yieldToEvents, type Interrupts } from './signals.ts';
import { MEMORY_HELP, MEMORY_OPTIONS } from './memory-flags.ts';
import { heldOut as heldOutAccuracy, taskDescription, trainingTask } from './train-task.ts';
import { CLI_TRAIN, CONFIG_HELP, CONFIG_OPTIONS, configFromFlags, EVAL_EVERY, everyFlag, refuseConflicts } from './train-config.ts';
import { splitSession } from '../engine/held-out.ts';
import { Progress } from './progress.ts';

/** The most updates one run may ask for: 10 million (days of training at the fastest step rates). */
export const MAX_STEPS = 10_000_000;

export const TRAIN_HELP = `Usage: rnn-playground train --text FILE [options]
       rnn-playground train --task TASK [knobs] [options]

Trains an ${CELL_KINDS.map((k) => CELLS[k].label).join(', ')} on the characters of FILE (UTF-8; - reads standard
input), or on a memory task's generated sequences, and writes it as safetensors.

Task:
  --mode lm|lines|classify   lm: next character over the whole text (default);
                             lines: each line a sequence from a start to an end token;
                             classify: lines 'sentence<TAB>label', a label from the final state
                             (every 5th example of a label held out for accuracy).
                             In lines and classify --seq-len is unused (each sequence is as
                             long as its line); with --json a classifier also reports its
                             heldOutAccuracy every 50 steps and at the end.
${MEMORY_HELP}

Model (left out with --init, which takes them from the file):
  --cell ${CHOICES.cell.join('|').padEnd(19)}cell (default ${DEFAULT_MODEL.cell})
  --hidden N                 hidden units per layer and direction (default ${DEFAULT_MODEL.hiddenSize})
  --layers N                 stacked layers, 1-4 (default ${DEFAULT_MODEL.numLayers})
  --bidirectional            a reverse direction in every layer
  --nonlinearity ${CHOICES.nonlinearity.join('|').padEnd(11)}RNN only (default ${DEFAULT_MODEL.nonlinearity})
  --peephole                 LSTM only: peephole connections
  --gru-variant ${CHOICES.gruVariant.join('|')}   GRU only (default ${DEFAULT_MODEL.gruVariant})
Training:
  --seq-len T                time steps per window, truncated BPTT (default ${DEFAULT_TRAIN.seqLen})
  --batch B                  parallel streams (default ${DEFAULT_TRAIN.batchSize})
  --steps N                  updates, at most ${MAX_STEPS} (default 500); 0 writes the initial parameters
  --lr X                     learning rate (default ${DEFAULT_TRAIN.learningRate})
  --optimizer ${CHOICES.optimizer.join('|')}   (default ${DEFAULT_TRAIN.optimizer})
  --clip X                   clipping threshold (default ${DEFAULT_TRAIN.clipValue})
  --clip-mode ${CHOICES.clipMode.join('|')}    (default ${DEFAULT_TRAIN.clipMode})
  --seed N                   initialisation seed (default ${DEFAULT_TRAIN.seed})
  --backend webgpu|cpu       default: webgpu when an adapter exists, else cpu
  --init FILE.safetensors    start from this model (its shape and vocabulary)
  --out FILE.safetensors     where to write the trained model (checked before training; written to
                             a temporary name and renamed, so an existing file is replaced only by a
                             complete one). Ctrl-C or SIGTERM while training writes the last
                             parameters there and exits 130; a second Ctrl-C exits at once.
  --json                     one JSON object per step on stdout:
                             {step, loss, gradNorm, clipped, charsPerSec} (and a memory task's
                             accuracy: on the step's fresh batch, before its update; valLoss at
                             the steps validation ran)
${CONFIG_HELP}`;

const MODEL_FLAGS = ['cell', 'hidden', 'layers', 'bidirectional', 'nonlinearity', 'peephole', 'gru-variant'] as const;
/** Config field -> the flag that sets it, so a ConfigError names what the person typed. */
const FLAG_OF: Record<string, string> = {
  cell: 'cell', hiddenSize: 'hidden', numLayers: 'layers', nonlinearity: 'nonlinearity', gruVariant: 'gru-variant',
  seqLen: 'seq-len', batchSize: 'batch', learningRate: 'lr', optimizer: 'optimizer', clipMode: 'clip-mode', clipValue: 'clip', seed: 'seed', text: 'text',
  schedule: 'schedule', warmupSteps: 'warmup', decaySteps: 'decay-steps', minFactor: 'min-lr-factor', stepEvery: 'step-every', stepFactor: 'step-factor',
  init: 'init-scheme', valFraction: 'val', valEvery: 'val-lines',
};

/** A ConfigError as a usage error naming the flag the person typed. */
const asUsage = (e: ConfigError) => new UsageError(`--${FLAG_OF[e.field] ?? e.field}: ${e.message}`);

type OpenBackend = (asked: CliBackend | undefined, note: (line: string) => void) => Promise<{ backend: Backend; label: string }>;

/** backend.init with its problems said for the CLI: a shape that does not fit names its flag (exit
 *  2); anything else failing on the GPU is a set-up failure that points at --backend cpu. */
async function initBackend(backend: Backend, init: BackendInit): Promise<void> {
  try {
    await backend.init(init);
  } catch (err) {
    if (err instanceof ConfigError) throw asUsage(err);
    if (backend.kind === 'webgpu') throw new CliFailure(`the GPU could not be set up for this model (${(err as Error).message}); train on the CPU with --backend cpu`);
    throw err;
  }
}

/** What a step that was not finite says: its own step and whichever of its loss and gradient was not finite. */
function divergence(r: StepResult): string {
  const what = Number.isFinite(r.loss) ? `the gradient is not finite (norm ${r.gradNorm}, loss ${r.loss})` : `the loss is not finite (${r.loss})`;
  return `step ${r.lossStep}: ${what}; the update was skipped. Lower --lr or clip the gradients (--clip-mode norm).`;
}

export async function train(argv: string[], out: (line: string) => void, note: (line: string) => void, open: OpenBackend = openBackend): Promise<number> {
  const { values: v } = parseTrain(argv);
  if (v.help) {
    out(TRAIN_HELP);
    return 0;
  }
  const given = MODEL_FLAGS.filter((f) => v[f] !== undefined);
  if (v.init && given.length) throw new UsageError(`--init takes the model's shape from ${v.init}: leave out ${given.map((f) => `--${f}`).join(', ')}`);
  const steps = num(v, 'steps') ?? 500;
  if (!Number.isInteger(steps) || steps < 0 || steps > MAX_STEPS) throw new UsageError(`--steps must be a whole number from 0 to ${MAX_STEPS} (got ${v.steps})`);
  const resumed = v.resume ? readModel(v.resume) : null;
  if (resumed && !resumed.state) throw new UsageError(`--resume: ${v.resume} holds no training state (a checkpoint is written by train --save-every)`);
  const cfg = configFromFlags(v, resumed?.training?.train ?? CLI_TRAIN);
  if (resumed) refuseConflicts(v, v.resume!, resumed.model, resumed.training!.train, { model: modelFromFlags(v, resumed.model), train: cfg });
  if (v['save-every'] !== undefined && !v.out) throw new UsageError('--save-every writes checkpoints to --out: give --out FILE');
  const backendAsked = choice(v, 'backend', BACKENDS);
  if (v.out) {
    refuseInputAsOutput(v.out, { '--text': v.text, '--init': v.init });
    checkWritable(v.out);
  }
  const interrupts = trapInterrupts(note);
  try {
    return await run({ ...v, ...(resumed ? { init: v.resume } : {}) }, steps, cfg, backendAsked, out, note, open, interrupts, resumed);
  } finally {
    interrupts.dispose();
  }
}

type Values = ReturnType<typeof parseTrain>['values'];

function parseTrain(argv: string[]) {
  return parse(argv, {
    text: { type: 'string' }, cell: { type: 'string' }, hidden: { type: 'string' }, layers: { type: 'string' },
    bidirectional: { type: 'boolean' }, nonlinearity: { type: 'string' }, peephole: { type: 'boolean' }, 'gru-variant': { type: 'string' },
    'seq-len': { type: 'string' }, batch: { type: 'string' }, steps: { type: 'string' }, lr: { type: 'string' }, optimizer: { type: 'string' },
    clip: { type: 'string' }, 'clip-mode': { type: 'string' }, seed: { type: 'string' }, backend: { type: 'string' },
    init: { type: 'string' }, out: { type: 'string' }, json: { type: 'boolean' }, mode: { type: 'string' }, ...MEMORY_OPTIONS, ...CONFIG_OPTIONS,
  });
}

/** The model the flags ask for over `base` (DEFAULT_MODEL, or a checkpoint's to compare with). */
function modelFromFlags(v: Values, base: ModelConfig): ModelConfig {
  return {
    ...base,
    ...defined({
      cell: choice(v, 'cell', CHOICES.cell), hiddenSize: num(v, 'hidden'), numLayers: num(v, 'layers'),
      bidirectional: v.bidirectional, peephole: v.peephole,
      nonlinearity: choice(v, 'nonlinearity', CHOICES.nonlinearity), gruVariant: choice(v, 'gru-variant', CHOICES.gruVariant),
    }),
  };
}

async function run(
  v: Values, steps: number, cfg: TrainConfig, backendAsked: CliBackend | undefined,
  out: (line: string) => void, note: (line: string) => void, open: OpenBackend, interrupts: Interrupts, resumed: ModelFile | null,
): Promise<number> {
  const init: ModelFile | null = resumed ?? (v.init ? readModel(v.init) : null);
  const model: ModelConfig = init?.model ?? modelFromFlags(v, DEFAULT_MODEL);
  const configProblem = [...modelConfigErrors(model), ...trainConfigErrors(cfg), initModelError(model, cfg.init)].find((e) => e !== null);
  if (configProblem) throw asUsage(configProblem);
  const evalEvery = everyFlag(v, 'eval-every') ?? EVAL_EVERY;
  const saveEvery = everyFlag(v, 'save-every');
  const picked = trainingTask(v, model, cfg, init, note, asUsage);
  const { mode } = picked;
  if (v.val !== undefined && mode !== 'lm') throw new UsageError(`--val: ${mode === 'lines' ? 'lines are held out with --val-lines K' : mode === 'classify' ? 'a classifier holds out every 5th example of a label itself' : 'a memory task draws fresh sequences, nothing to hold out'}`);
  if (v['val-lines'] !== undefined && mode !== 'lines') throw new UsageError(`--val-lines: only --mode lines holds out lines${mode === 'lm' ? ' (next character: --val X)' : ''}`);
  const { text, task, heldOut, summary, vocab } = splitSession(picked.text, picked.task, cfg, init?.vocab);
  if (summary?.reason === 'tooShort') note(`the text is too short to hold out ${summary.unit === 'lines' ? `every ${cfg.validation.every}th line` : `${cfg.validation.fraction} of it`} and still train: no validation, training on all of it`);

  const { backend, label } = await open(backendAsked, note);
  try {
    await initBackend(backend, { model, train: cfg, text, vocab, params: init?.params, ...(task ? { task } : {}), ...(resumed?.state ? { resume: resumed.state } : {}) });
    // from here on the first Ctrl-C stops the loop, which writes the last parameters
    interrupts.deferFirst();
    if (resumed) note(`continuing ${v.init} from step ${resumed.state!.step}`);
    note(`training ${model.cell} (${backend.vocab.size} symbols, hidden ${model.hiddenSize}, ${model.numLayers} layer(s)${model.bidirectional ? ', bidirectional' : ''})${task ? ` on ${taskDescription(task)}` : ''} on ${label}`);
    if (summary?.count) note(`held out for validation: ${summary.count} ${summary.unit} (training on ${summary.trained})`);
    // whole sequences: a step reads B of them, on average meanLength characters each
    const charsPerStep = cfg.batchSize * (task ? meanLength(task) : cfg.seqLen);
    // with --save-every every file written is a checkpoint (its training state added)
    const save = async () => {
      const state = await backend.trainingState();
      const file: ModelFile = { model, vocab: backend.vocab, params: await backend.getParams(), mode, labels: task?.mode === 'classify' ? task.labels : [], ...(task?.mode === 'memory' ? { memory: task.config } : {}), training: { step: state.step, train: cfg } };
      await writeAtomic(v.out!, writeModelFile(saveEvery ? { ...file, state } : file));
    };
    const progress = v.json ? null : new Progress(steps);
    const t0 = performance.now();
    let last: StepResult | null = null;
    let valLoss = NaN; // the latest validation loss
    for (let i = 0; i < steps && !interrupts.signal; i++) {
      const s0 = performance.now();
      let r = await backend.trainStep();
      // --json reports every step's own loss: on the GPU that waits for the step (one readback)
      if (v.json) r = await backend.flush();
      if (!r.finite) {
        // the GPU reports a step's stats a few steps late: wait for the latest, and name the step
        // that diverged with its own loss (the latest when it diverged too)
        const now = v.json ? r : await backend.flush();
        progress?.done();
        note(divergence(now.finite ? r : now));
        if (v.out) {
          await save();
          note(`wrote ${v.out}`);
        }
        return 1;
      }
      last = r;
      const charsPerSec = (charsPerStep * 1000) / (performance.now() - s0);
      const acc = v.json && task && ((i + 1) % 50 === 0 || i + 1 === steps) ? heldOutAccuracy(model, await backend.getParams(), task) : null;
      const validated = heldOut !== null && (r.step % evalEvery === 0 || i + 1 === steps);
      if (validated) valLoss = await backend.validationLoss(heldOut);
      const val = validated ? { valLoss } : acc ? { valLoss: acc.loss } : {};
      if (v.json) out(JSON.stringify({ step: r.step, loss: r.loss, gradNorm: r.gradNorm, clipped: r.clipped, charsPerSec: Math.round(charsPerSec), ...(r.accuracy === undefined ? {} : { accuracy: r.accuracy }), ...(acc ? { heldOutAccuracy: acc.accuracy } : {}), ...val }));
      else progress!.update(i + 1, `loss ${Number.isNaN(r.loss) ? '…' : r.loss.toFixed(4)}${Number.isNaN(valLoss) ? '' : `  val ${valLoss.toFixed(4)}`}${r.accuracy === undefined || Number.isNaN(r.accuracy) ? '' : `  accuracy ${r.accuracy.toFixed(3)}`}  ${Math.round(((i + 1) * charsPerStep * 1000) / (performance.now() - t0))} chars/s`);
      if (saveEvery && r.step % saveEvery === 0) await save();
      await yieldToEvents(); // a signal is seen between two steps
    }
    if (last) last = await backend.flush();
    progress?.done();
    if (interrupts.signal) {
      const at = `interrupted at step ${last?.step ?? 0}`;
      if (v.out) {
        await save();
        note(`${at}: wrote ${v.out}`);
      } else note(`${at}: no --out given, nothing was saved`);
      return INTERRUPTED;
    }
    const seconds = (performance.now() - t0) / 1000;
    const perChar = task?.mode === 'classify' || task?.mode === 'memory' ? '' : `, ${((last?.loss ?? NaN) / Math.LN2).toFixed(4)} bits/char`;
    const accuracy = task?.mode === 'memory' && last?.accuracy !== undefined ? `, accuracy ${last.accuracy.toFixed(3)} on the last batch (chance ${chanceLevel(task.config).toFixed(3)})` : '';
    if (last) note(`${steps} steps in ${seconds.toFixed(seconds < 10 ? 2 : 1)} s (${Math.round((steps * charsPerStep) / seconds)} chars/s); loss ${last.loss.toFixed(4)} nats${perChar}${accuracy}`);
    const acc = task ? heldOutAccuracy(model, await backend.getParams(), task) : null;
    if (acc) note(`held-out accuracy ${acc.accuracy.toFixed(3)} on ${acc.count} sentences (loss ${acc.loss.toFixed(4)})`);
    if (summary?.count && !Number.isNaN(valLoss)) note(`validation loss ${valLoss.toFixed(4)} nats on the ${summary.count} held-out ${summary.unit}`);
    if (v.out) {
      await save();
      note(`wrote ${v.out}`);
    } else note('no --out given: the model was not saved');
    return 0;
  } finally {
    backend.dispose();
  }
}
