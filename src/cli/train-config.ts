// The flags of `rnn-playground train` added for held-out validation, learning-rate schedules,
// initialisations and checkpoints (issue "Experiments you can trust"): their parse options, their
// help, the TrainConfig they make over a base, and what --resume refuses (a flag whose value
// differs from the checkpoint's: the run goes on with the file's model and settings).
import { CHOICES, DEFAULT_SCHEDULE, DEFAULT_TRAIN, NO_VALIDATION, type ModelConfig, type TrainConfig } from '../model/config.ts';
import { choice, defined, num, UsageError } from './args.ts';

/** Validation is evaluated every this many steps by default (and at the last step). */
export const EVAL_EVERY = 100;

export const CONFIG_OPTIONS = {
  val: { type: 'string' }, 'val-lines': { type: 'string' }, 'eval-every': { type: 'string' },
  schedule: { type: 'string' }, warmup: { type: 'string' }, 'decay-steps': { type: 'string' }, 'min-lr-factor': { type: 'string' },
  'step-every': { type: 'string' }, 'step-factor': { type: 'string' },
  'init-scheme': { type: 'string' }, 'carry-bias': { type: 'boolean' },
  'save-every': { type: 'string' }, resume: { type: 'string' },
} as const;

const s = DEFAULT_SCHEDULE;
export const CONFIG_HELP = `Validation (never trained on; next character and lines):
  --val X                    hold out the last fraction X of the text, 0 to ${0.5} (default 0: none)
  --val-lines K              lines: hold out every K-th line (default 0: none)
  --eval-every N             the validation loss every N steps and at the last (default ${EVAL_EVERY});
                             --json lines of those steps carry valLoss (steps, not seconds: the
                             same run prints the same lines)
Learning rate and initialisation:
  --schedule ${CHOICES.schedule.join('|')}   (default constant)
  --warmup N                 warmup-cosine: linear warm-up over N updates (default ${s.warmupSteps})
  --decay-steps N            warmup-cosine: down to the floor at update N (default ${s.decaySteps})
  --min-lr-factor X          warmup-cosine: the floor, a fraction of --lr (default ${s.minFactor})
  --step-every N             step: multiply the rate by --step-factor every N updates (default ${s.stepEvery})
  --step-factor X            (default ${s.stepFactor})
  --init-scheme ${CHOICES.init.join('|')}
                             pytorch: PyTorch's default (default); orthogonal: each gate's W_hh
                             block orthogonal; identity-relu: a relu RNN with W_hh = I (Le et al.)
  --carry-bias               LSTM forget gate / GRU update gate bias 1
Checkpoints:
  --save-every N             write --out every N steps as a checkpoint: the model with the
                             optimizer's state, the batches drawn and the settings
  --resume FILE              continue the checkpoint FILE: its model, settings and step (flags that
                             differ from the file's are refused); --steps N takes N more updates
`;

type Values = Record<string, unknown>;

/** The training config of the flags over `base` (DEFAULT_TRAIN with no held-out part, or a checkpoint's). */
export function configFromFlags(v: Values, base: TrainConfig): TrainConfig {
  const schedule = { ...base.schedule, ...defined({ kind: choice(v, 'schedule', CHOICES.schedule), warmupSteps: num(v, 'warmup'), decaySteps: num(v, 'decay-steps'), minFactor: num(v, 'min-lr-factor'), stepEvery: num(v, 'step-every'), stepFactor: num(v, 'step-factor') }) };
  const init = { ...base.init, ...defined({ kind: choice(v, 'init-scheme', CHOICES.init), carryBias: v['carry-bias'] as boolean | undefined }) };
  const validation = { ...base.validation, ...defined({ fraction: num(v, 'val'), every: num(v, 'val-lines') }) };
  return {
    ...base,
    ...defined({
      seqLen: num(v, 'seq-len'), batchSize: num(v, 'batch'), learningRate: num(v, 'lr'), clipValue: num(v, 'clip'), seed: num(v, 'seed'),
      optimizer: choice(v, 'optimizer', CHOICES.optimizer), clipMode: choice(v, 'clip-mode', CHOICES.clipMode),
    }),
    schedule, init, validation,
  };
}

/** The CLI's base: DEFAULT_TRAIN with no held-out part (the whole text is trained on unless --val says). */
export const CLI_TRAIN: TrainConfig = { ...DEFAULT_TRAIN, validation: NO_VALIDATION };

/** A whole number of steps >= 1 (or absent). */
export function everyFlag(v: Values, name: string): number | undefined {
  const n = num(v, name);
  if (n !== undefined && (!Number.isInteger(n) || n < 1)) throw new UsageError(`--${name} must be a whole number of steps, at least 1 (got ${String(v[name])})`);
  return n;
}

const FLAG_OF_TRAIN: Record<string, (t: TrainConfig) => unknown> = {
  'seq-len': (t) => t.seqLen, batch: (t) => t.batchSize, lr: (t) => t.learningRate, clip: (t) => t.clipValue, seed: (t) => t.seed,
  optimizer: (t) => t.optimizer, 'clip-mode': (t) => t.clipMode, val: (t) => t.validation.fraction, 'val-lines': (t) => t.validation.every,
  schedule: (t) => t.schedule.kind, warmup: (t) => t.schedule.warmupSteps, 'decay-steps': (t) => t.schedule.decaySteps, 'min-lr-factor': (t) => t.schedule.minFactor,
  'step-every': (t) => t.schedule.stepEvery, 'step-factor': (t) => t.schedule.stepFactor, 'init-scheme': (t) => t.init.kind, 'carry-bias': (t) => t.init.carryBias,
};
const FLAG_OF_MODEL: Record<string, (m: ModelConfig) => unknown> = {
  cell: (m) => m.cell, hidden: (m) => m.hiddenSize, layers: (m) => m.numLayers, bidirectional: (m) => m.bidirectional,
  nonlinearity: (m) => m.nonlinearity, peephole: (m) => m.peephole, 'gru-variant': (m) => m.gruVariant,
};

/** --resume: a flag whose value is not the checkpoint's is refused, naming the file's value. */
export function refuseConflicts(v: Values, path: string, model: ModelConfig, train: TrainConfig, asked: { model: ModelConfig; train: TrainConfig }): void {
  if (v.init !== undefined) throw new UsageError(`--init: --resume continues ${path}; leave out --init`);
  const differs = [
    ...Object.entries(FLAG_OF_MODEL).filter(([f, get]) => v[f] !== undefined && get(asked.model) !== get(model)).map(([f, get]) => `--${f} (it has ${String(get(model))})`),
    ...Object.entries(FLAG_OF_TRAIN).filter(([f, get]) => v[f] !== undefined && get(asked.train) !== get(train)).map(([f, get]) => `--${f} (it has ${String(get(train))})`),
  ];
  if (differs.length) throw new UsageError(`--resume continues ${path} with its own model and settings: leave out ${differs.join(', ')}`);
}
