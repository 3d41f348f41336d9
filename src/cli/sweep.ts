// `rnn-playground sweep`: where does each cell break? One memory task, each cell at each difficulty
// trained from the same seed for the same steps (src/engine/sweep.ts, on either backend); --json
// prints one object per (cell, difficulty) as each is done, --csv the CSV, otherwise a table of
// final accuracies with the chance level, and a progress bar with the time left on stderr.
import { CELL_KINDS, type CellKind } from '../model/cells/registry.ts';
import { CHOICES, ConfigError, modelConfigErrors, trainConfigErrors, type ModelConfig, type TrainConfig } from '../model/config.ts';
import { MEMORY_KINDS, MEMORY_TASKS } from '../model/memory-tasks.ts';
import { SWEEP_DEFAULTS, sweepErrors, sweepKnob, type SweepPoint, type SweepSpec } from '../model/sweep.ts';
import { runSweep } from '../engine/sweep.ts';
import { sweepCsv } from '../io/sweep-csv.ts';
import { choice, defined, num, parse, UsageError } from './args.ts';
import { backendMaker, BACKENDS, type CliBackend } from './backend.ts';
import { describeMemory, MEMORY_HELP, MEMORY_OPTIONS, memoryFlags } from './memory-flags.ts';
import { Progress } from './progress.ts';
import { yieldToEvents } from './signals.ts';

const LIST_FLAG = { delay: 'delays', length: 'lengths', depth: 'depths' } as const;

export const SWEEP_HELP = `Usage: rnn-playground sweep --task TASK [options]

Trains each cell at each difficulty of a memory task from the same seed for the same steps and
reports the final accuracy (the mean over the last 20 steps, each on fresh sequences) beside the
task's chance level: where does each cell break?

${MEMORY_HELP}
  --delays LIST              copy, recall, order: the delays to try (default ${MEMORY_TASKS.recall.sweep.join(',')})
  --lengths LIST             parity, counting: the lengths (parity ${MEMORY_TASKS.parity.sweep.join(',')}; counting ${MEMORY_TASKS.counting.sweep.join(',')})
  --depths LIST              brackets: the depths (default ${MEMORY_TASKS.brackets.sweep.join(',')})
  --cells LIST               ${CELL_KINDS.join(', ')} (default ${SWEEP_DEFAULTS.cells.join(',')})
  --steps N                  updates per point (default ${SWEEP_DEFAULTS.steps})
  --hidden N                 hidden units (default ${SWEEP_DEFAULTS.model.hiddenSize})
  --layers N                 stacked layers (default ${SWEEP_DEFAULTS.model.numLayers})
  --batch B                  sequences per step (default ${SWEEP_DEFAULTS.train.batchSize})
  --lr X                     learning rate (default ${SWEEP_DEFAULTS.train.learningRate}, ${SWEEP_DEFAULTS.train.optimizer})
  --optimizer ${CHOICES.optimizer.join('|')}
  --seed N                   the seed of every point (default ${SWEEP_DEFAULTS.train.seed})
  --backend webgpu|cpu       default: webgpu when an adapter exists, else cpu
  --json                     one JSON object per point on stdout, as each is done:
                             {task, cell, <knob>, steps, loss, accuracy, chance}
  --csv                      the points as CSV on stdout at the end
`;

function list(raw: string, flag: string): number[] {
  return raw.split(',').map((x) => {
    const n = num({ [flag]: x.trim() }, flag);
    if (n === undefined || !Number.isInteger(n)) throw new UsageError(`--${flag}: '${x}' is not a whole number`);
    return n;
  });
}

function cells(raw: string | undefined): CellKind[] {
  if (raw === undefined) return SWEEP_DEFAULTS.cells;
  const items = raw.split(',').map((x) => x.trim());
  for (const x of items) if (!(CELL_KINDS as readonly string[]).includes(x)) throw new UsageError(`--cells: unknown '${x}' (${CELL_KINDS.join(', ')})`);
  return [...new Set(items)] as CellKind[];
}

/** The sweep the flags ask for; every problem a UsageError naming its flag. */
function sweepSpec(v: Record<string, unknown>): SweepSpec {
  const memory = memoryFlags(v);
  if (!memory) throw new UsageError(`sweep needs --task (${MEMORY_KINDS.join(', ')})`);
  const knob = sweepKnob(memory.task);
  const flag = LIST_FLAG[knob];
  for (const other of Object.values(LIST_FLAG)) if (other !== flag && v[other] !== undefined) throw new UsageError(`--${other}: the ${memory.task} task's difficulty is its ${knob}: use --${flag}`);
  if (v[knob] !== undefined) throw new UsageError(`--${knob}: a sweep varies the ${knob}: give the values with --${flag}`);
  const model: ModelConfig = { ...SWEEP_DEFAULTS.model, ...defined({ hiddenSize: num(v, 'hidden'), numLayers: num(v, 'layers') }) };
  const train: TrainConfig = { ...SWEEP_DEFAULTS.train, ...defined({ batchSize: num(v, 'batch'), learningRate: num(v, 'lr'), seed: num(v, 'seed'), optimizer: choice(v, 'optimizer', CHOICES.optimizer) }) };
  const problem = [...modelConfigErrors(model), ...trainConfigErrors(train)][0];
  if (problem) throw new UsageError(`--${{ hiddenSize: 'hidden', numLayers: 'layers', batchSize: 'batch', learningRate: 'lr' }[problem.field] ?? problem.field}: ${problem.message}`);
  const spec: SweepSpec = {
    memory, model, train,
    values: v[flag] === undefined ? [...MEMORY_TASKS[memory.task].sweep] : list(String(v[flag]), flag),
    cells: cells(v.cells as string | undefined),
    steps: num(v, 'steps') ?? SWEEP_DEFAULTS.steps,
  };
  const invalid = sweepErrors(spec)[0];
  if (invalid) throw asUsage(invalid, flag);
  return spec;
}

const asUsage = (e: ConfigError, flag: string) => new UsageError(`--${{ sweepValues: flag, sweepCells: 'cells', sweepSteps: 'steps' }[e.field] ?? e.field}: ${e.message}`);

const pct = (x: number) => (Number.isNaN(x) ? '  diverged' : `${(100 * x).toFixed(1).padStart(6)} %`);

/** The final accuracies as a table: a row per difficulty, a column per cell. */
function table(points: SweepPoint[], spec: SweepSpec): string {
  const knob = sweepKnob(spec.memory.task);
  const values = [...new Set(points.map((p) => p.value))];
  const head = `${knob.padStart(8)}  ${spec.cells.map((c) => c.toUpperCase().padStart(9)).join('  ')}    chance`;
  const rows = values.map((value) => {
    const at = (cell: CellKind) => points.find((p) => p.value === value && p.cell === cell);
    return `${String(value).padStart(8)}  ${spec.cells.map((c) => pct(at(c)?.accuracy ?? NaN).padStart(9)).join('  ')}  ${pct(points.find((p) => p.value === value)!.chance)}`;
  });
  return [head, ...rows].join('\n');
}

export async function sweep(argv: string[], out: (line: string) => void, note: (line: string) => void): Promise<number> {
  const { values: v } = parse(argv, {
    ...MEMORY_OPTIONS, delays: { type: 'string' }, lengths: { type: 'string' }, depths: { type: 'string' }, cells: { type: 'string' },
    steps: { type: 'string' }, hidden: { type: 'string' }, layers: { type: 'string' }, batch: { type: 'string' }, lr: { type: 'string' },
    optimizer: { type: 'string' }, seed: { type: 'string' }, backend: { type: 'string' }, json: { type: 'boolean' }, csv: { type: 'boolean' },
  });
  if (v.help) {
    out(SWEEP_HELP);
    return 0;
  }
  const spec = sweepSpec(v);
  const asked: CliBackend | undefined = choice(v, 'backend', BACKENDS);
  const { make, label } = await backendMaker(asked, note);
  note(`sweep of ${describeMemory(spec.memory, spec.values)}: ${spec.cells.join(', ')}, hidden ${spec.model.hiddenSize}, ${spec.steps} steps each, on ${label}`);
  const progress = v.json ? null : new Progress(spec.values.length * spec.cells.length * spec.steps);
  const t0 = performance.now();
  const points = await runSweep(spec, make, {
    point: (p) => {
      if (v.json) out(JSON.stringify({ task: p.task, cell: p.cell, [p.knob]: p.value, steps: p.steps, loss: p.loss, accuracy: p.accuracy, chance: p.chance }));
    },
    progress: (done, total) => {
      const left = ((performance.now() - t0) / 1000) * ((total - done) / done);
      progress?.update(done, `${Math.ceil(left)} s left`);
    },
    breathe: yieldToEvents,
  });
  progress?.done();
  note(`${points.length} points in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  if (v.csv) out(sweepCsv(points));
  else if (!v.json) out(table(points, spec));
  return 0;
}
