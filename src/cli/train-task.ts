// `rnn-playground train --mode lines|classify`: whole sequences on the CPU reference
// (src/model/sequence-train.ts): each line a sequence from a start to an end token, or
// `sentence<TAB>label` lines read by a classifier. Same --json lines and progress as `train`;
// a classifier's held-out accuracy is reported at the end (and every 50 steps with --json).
import type { ModelConfig, TrainConfig } from '../model/config.ts';
import { ConfigError } from '../model/config.ts';
import { evaluateExamples, SequenceTrainer } from '../model/sequence-train.ts';
import { parseExamples, parseLines, type SequenceTask, type TaskNote } from '../model/tasks.ts';
import type { ModelFile } from '../io/safetensors.ts';
import { UsageError } from './args.ts';
import { writeModel } from './files.ts';
import { Progress } from './progress.ts';

export type SequenceMode = 'lines' | 'classify';

export interface SequenceRun {
  mode: SequenceMode;
  model: ModelConfig;
  train: TrainConfig;
  steps: number;
  text: string;
  textPath: string;
  init: ModelFile | null;
  out: string | undefined;
  json: boolean;
}

function describeNote(n: TaskNote): string {
  switch (n.code) {
    case 'emptyLinesSkipped':
      return `${n.count} empty line(s) skipped`;
    case 'tokensStripped':
      return `${n.count} start/end control character(s) (U+0002, U+0003) removed from the text`;
    case 'singletonLabels':
      return `label(s) with a single example, kept for training and not held out: ${n.labels.join(', ')}`;
  }
}

/** The task of the text, with an initial model's vocabulary (and labels, which must agree). */
function taskOf(run: SequenceRun): SequenceTask {
  let task: SequenceTask;
  try {
    task = run.mode === 'lines' ? parseLines(run.text) : parseExamples(run.text);
  } catch (e) {
    if (e instanceof ConfigError) throw new UsageError(`--text: ${run.textPath}: ${e.message}`);
    throw e;
  }
  if (!run.init) return task;
  if ((run.init.mode ?? 'lm') !== run.mode) throw new UsageError(`--init: the model is for mode ${run.init.mode ?? 'lm'}, not ${run.mode}`);
  if (task.mode === 'classify' && JSON.stringify(task.labels) !== JSON.stringify(run.init.labels)) {
    throw new UsageError(`--init: the model's labels (${run.init.labels!.join(', ')}) are not the text's (${task.labels.join(', ')})`);
  }
  return { ...task, vocab: run.init.vocab };
}

export function trainSequences(run: SequenceRun, out: (line: string) => void, note: (line: string) => void): number {
  const task = taskOf(run);
  task.notes.forEach((n) => note(describeNote(n)));
  const tr = new SequenceTrainer({ model: run.model, train: run.train, task, params: run.init?.params });
  const { model } = run;
  const what = task.mode === 'lines' ? `${task.lines.length} lines` : `${task.train.length} examples of ${task.labels.length} labels (${task.heldOut.length} held out)`;
  note(`training ${model.cell} (${task.vocab.size} symbols, hidden ${model.hiddenSize}, ${model.numLayers} layer(s)${model.bidirectional ? ', bidirectional' : ''}) on ${what}, on the CPU reference`);
  const heldOut = () => (task.mode === 'classify' && task.heldOut.length > 0 ? evaluateExamples(model, tr.params, task, task.heldOut) : null);
  const progress = run.json ? null : new Progress(run.steps);
  const t0 = performance.now();
  let chars = 0;
  let loss = NaN;
  for (let i = 0; i < run.steps; i++) {
    const s0 = performance.now();
    const r = tr.step();
    if (!r.finite) {
      progress?.done();
      note(`step ${i + 1}: the loss is not finite (${r.loss}); the update was skipped. Lower --lr or clip the gradients (--clip-mode norm).`);
      return 1;
    }
    loss = r.loss;
    const stepChars = run.train.batchSize * tr.lastLength;
    chars += stepChars;
    if (run.json) {
      const acc = (i + 1) % 50 === 0 || i + 1 === run.steps ? heldOut() : null;
      out(JSON.stringify({ step: r.step, loss: r.loss, gradNorm: r.gradNorm, clipped: r.clipped, charsPerSec: Math.round((stepChars * 1000) / (performance.now() - s0)), ...(acc ? { heldOutAccuracy: acc.accuracy } : {}) }));
    } else progress!.update(i + 1, `loss ${r.loss.toFixed(4)}  ${Math.round((chars * 1000) / (performance.now() - t0))} chars/s`);
  }
  progress?.done();
  const seconds = (performance.now() - t0) / 1000;
  if (run.steps > 0) note(`${run.steps} steps in ${seconds.toFixed(seconds < 10 ? 2 : 1)} s; loss ${loss.toFixed(4)} nats`);
  const acc = heldOut();
  if (acc && task.mode === 'classify') note(`held-out accuracy ${acc.accuracy.toFixed(3)} on ${task.heldOut.length} sentences (loss ${acc.loss.toFixed(4)})`);
  const file: ModelFile = { model, vocab: task.vocab, params: Float32Array.from(tr.params), mode: task.mode, labels: task.mode === 'classify' ? task.labels : [] };
  if (run.out) {
    writeModel(run.out, file);
    note(`wrote ${run.out}`);
  } else note('no --out given: the model was not saved');
  return 0;
}
