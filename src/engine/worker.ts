// The training worker: owns one backend per run (WebGPU when the browser has it, the CPU
// reference otherwise, with the reason) and the loop that interleaves their steps on one device,
// so the page's main thread never computes. Metrics are batched and posted a few times a second.
// In line and classification modes the runs train on the text's task (src/engine/sequence-tasks.ts).
// The GPU is acquired once, when the worker starts (src/engine/gpu.ts); model files are checked
// by src/engine/import-model.ts, the inspection panels answered by src/engine/inspect.ts.
// A run the person deletes is set aside, untrained, until Undo puts it back or it is freed.
/// <reference lib="webworker" />
import { CpuBackend } from '../backend/cpu.ts';
import type { Backend } from '../backend/types.ts';
import { WebGpuBackend } from '../backend/webgpu/backend.ts';
import { adapterLabel, GpuLostError, type GpuContext } from '../backend/webgpu/device.ts';
import { ConfigError, type ModelConfig, type TrainConfig } from '../model/config.ts';
import { sampleText } from '../model/sample.ts';
import { meanLength, taskModelError, type SequenceTask, type TaskMode } from '../model/tasks.ts';
import type { StepResult } from '../model/train.ts';
import type { Vocab } from '../model/vocab.ts';
import type { MemoryConfig } from '../model/memory-tasks.ts';
import type { FromWorker, ResumeState, RunReady, ToWorker } from './protocol.ts';
import { openGpu } from './gpu.ts';
import { asImportError, checkImport } from './import-model.ts';
import { closeStepper, inspect } from './inspect.ts';
import { checkpointOf, climbed, counted, Diverged, newRun, type Run } from './run.ts';
import { evaluate, evaluationDue, predictLabel, sampleLines, taskOf } from './sequence-tasks.ts';
import { sweepMessage } from './sweep-worker.ts';
import { closeValidation, postable, splitSession, validate, validationDue } from './held-out.ts';
import { initResumed, postResumeStates, resumeStateOf } from './resume.ts';
import type { HeldOut } from '../model/validation.ts';

declare const self: DedicatedWorkerGlobalScope;

const POST_EVERY_MS = 250;

const GOOD_EVERY = 25;
const CHECKPOINT_EVERY_MS = 10_000;

let runs: Run[] = [];
/** The run the person deleted last, set aside (not trained) until it is put back or freed. */
let dropped: { run: Run; index: number } | null = null;
/** The round of steps in progress (resolved when none is): a run set aside during a round is
 *  freed only after it. */
let round: Promise<unknown> = Promise.resolve();
/** The text (the part trained on), settings, task and held-out part of the runs, for rebuilding
 *  them on another backend and for validating them. */
let session: { train: TrainConfig; text: string; task: SequenceTask | null; heldOut: HeldOut | null } | null = null;
let charsPerStep = 0;
let running = false;
let busy = false;
let lastPost = 0;

const post = (m: FromWorker, transfer: Transferable[] = []) => self.postMessage(m, transfer);

/** Why the runs train on the CPU reference (null while there is a GPU). */
let gpuReason: string | null = null;
/** The one device every run trains on (null: none), acquired and reported as the worker starts. */
let gpu: Promise<GpuContext | null> = openGpu(self.navigator.gpu).then(({ ctx, report }) => {
  if (report.kind === 'cpu') gpuReason = report.reason;
  post({ type: 'gpu', report });
  return ctx;
});

/** Posts the run's last good parameters when they are new (and, unless `force`, not too often). */
function postCheckpoint(run: Run, force: boolean) {
  const now = performance.now();
  if (run.good.step === run.checkpointStep || (!force && now - run.checkpointAt < CHECKPOINT_EVERY_MS)) return;
  run.checkpointAt = now;
  run.checkpointStep = run.good.step;
  const checkpoint = checkpointOf(run, run.good.step, run.good.params, session!.train);
  post({ type: 'checkpoint', runId: run.id, checkpoint }, [checkpoint.bytes]);
}

function fail(err: unknown) {
  const field = err instanceof ConfigError ? err.field : null;
  // a file that cannot be imported changes nothing, so training goes on
  if (field !== 'import') {
    running = false;
    post({ type: 'running', running: false });
  }
  post({ type: 'error', message: (err as Error).message, field, problem: err instanceof ConfigError ? err.problem : null });
}

function record(run: Run, r: StepResult) {
  if (Number.isNaN(r.loss) || r.lossStep <= run.lastStep) return;
  run.lastStep = r.lossStep;
  if (Number.isNaN(run.startLoss) && r.finite) run.startLoss = r.loss;
  run.pending.push({ step: r.lossStep, loss: r.loss, gradNorm: r.gradNorm, clipped: r.clipped, seconds: run.trainedMs / 1000, ...(r.accuracy === undefined ? {} : { accuracy: r.accuracy }) });
}

function flushMetrics(force = false) {
  const now = performance.now();
  if (!force && now - lastPost < POST_EVERY_MS) return;
  lastPost = now;
  const points = runs.map(postable);
  if (points.every((p) => p.length === 0)) return;
  post({
    type: 'metrics',
    runs: runs.map((r, i) => ({ id: r.id, points: points[i]!, charsPerSec: r.recentMs > 0 ? (r.recentSteps * charsPerStep * 1000) / r.recentMs : 0 })),
  });
  for (const r of runs) {
    r.recentMs = 0;
    r.recentSteps = 0;
  }
}

/**
 * One update of every run, interleaved on the device. GPU stats arrive a few steps late. The
 * runs share the device, so each is charged the whole round's time, from `since` (the end of
 * the round before): its chars/s is what it gets while training beside the others (a GPU step
 * returns before its work is done, so timing each call alone would charge one run for all).
 */
function stepAll(since = performance.now()): Promise<void> {
  const done = stepRound(runs, since);
  round = done.catch(() => undefined);
  return done;
}

/** One round over `these` (the runs when it began: a run set aside meanwhile finishes it). */
async function stepRound(these: readonly Run[], since: number): Promise<void> {
  const results: StepResult[] = [];
  for (const run of these) results.push(counted(run, await run.backend.trainStep()));
  const dt = performance.now() - since;
  let diverged: Diverged | null = null;
  for (const [i, run] of these.entries()) {
    const r = results[i]!;
    run.trainedMs += dt;
    run.recentMs += dt;
    run.recentSteps++;
    record(run, r);
    if (!r.finite) {
      diverged ??= new Diverged(run.id, r.lossStep);
      continue;
    }
    if (climbed(run.startLoss, r.loss)) {
      diverged ??= new Diverged(run.id, r.lossStep, { loss: r.loss, start: run.startLoss });
      continue;
    }
    if (run.candidate && r.lossStep > run.candidate.step) {
      run.good = run.candidate; // a later step computed a finite loss from these parameters
      run.candidate = null;
      postCheckpoint(run, false);
    }
    if (!run.candidate && r.step - run.good.step >= GOOD_EVERY) run.candidate = { step: r.step, params: await run.backend.getParams() };
  }
  if (diverged && runs.some((r) => r.id === diverged.runId)) throw diverged; // not one set aside
}

/** Frees the run set aside, once the round that may still step it is over. */
async function freeDropped() {
  const held = dropped;
  dropped = null;
  if (!held) return;
  await round;
  closeValidation(held.run);
  held.run.backend.dispose();
}

async function settle() {
  for (const run of runs) record(run, counted(run, await run.backend.flush()));
  await evaluateDue(true);
  flushMetrics(true);
  for (const run of runs) postCheckpoint(run, true);
  if (session) await postResumeStates(runs, session.train, true, post, (run) => postCheckpoint(run, true));
}

/** A classifier's held-out evaluation and the validation loss, when due (`force`: now, unless
 *  their step was evaluated). */
async function evaluateDue(force: boolean) {
  for (const run of runs) {
    if (evaluationDue(run, session?.task ?? null, force)) await evaluate(run, session!.task!, post);
    if (validationDue(run, session?.heldOut ?? null, force)) await validate(run, session!.heldOut!, record, force);
  }
}

async function loop() {
  if (busy) return;
  busy = true;
  let resume = false;
  try {
    // each round is charged from the end of the one before: what happens in between (metrics,
    // evaluations, traces answered while it yields, their waits on the GPU) is part of training
    let since = performance.now();
    while (running && runs.length) {
      await stepAll(since);
      since = performance.now();
      await evaluateDue(false);
      flushMetrics();
      await postResumeStates(runs, session!.train, false, post, (run) => postCheckpoint(run, true));
      await new Promise((r) => setTimeout(r, 0)); // let pause, sample and update in
    }
    await settle();
    // reported after the last metrics, so "paused" on the page means its numbers are final
    post({ type: 'running', running: false });
  } catch (err) {
    if (err instanceof Diverged) await restoreAfter(err);
    else if (err instanceof GpuLostError) {
      await fallBackToCpu(err);
      resume = running; // training goes on, on the CPU
      if (!resume) post({ type: 'running', running: false });
    } else fail(err);
  } finally {
    busy = false;
  }
  if (resume) void loop();
}

/** Back to the last parameters known to give a finite loss; Train continues from there. */
async function restoreAfter(err: Diverged) {
  running = false;
  const run = runs.find((r) => r.id === err.runId)!;
  await run.backend.setParams(run.good.params);
  run.candidate = null;
  await settle();
  post({ type: 'diverged', runId: err.runId, step: err.step, restoredStep: run.good.step, climb: err.climb });
  post({ type: 'running', running: false });
}

interface NewRun {
  id: string;
  model: ModelConfig;
  /** A stored state to continue from (RunSpec.resume). */
  resume?: ResumeState;
  vocab?: Vocab;
  params?: Float32Array;
  /** An imported classifier's labels, which the text's must equal. */
  labels?: string[];
}

/**
 * Builds one backend per run on the same text and settings, then replaces the current runs. When a
 * build fails, what was built is freed and the current runs stay. `before` runs just before 'ready'.
 */
async function replaceRuns(specs: NewRun[], train: TrainConfig, text: string, mode: TaskMode, memory: MemoryConfig, before?: () => void) {
  running = false;
  closeStepper();
  while (busy) await new Promise((r) => setTimeout(r, 5));
  const split = splitSession(text, taskOf(mode, text, memory, specs[0]?.vocab, specs[0]?.labels), train, specs[0]?.vocab);
  const { task } = split;
  for (const spec of specs) {
    const refused = taskModelError(mode, spec.model);
    if (refused) throw refused;
  }
  const ctx = await gpu;
  const built: Run[] = [];
  const resumed = new Map<string, number>();
  try {
    for (const spec of specs) {
      const make = (): Backend => (ctx ? new WebGpuBackend(ctx) : new CpuBackend());
      const init = { model: spec.model, train, text: split.text, vocab: task?.vocab ?? split.vocab!, params: spec.params, ...(task ? { task } : {}) };
      const { backend, resumedFrom } = await initResumed(make, init, spec.resume, post);
      const run = newRun(spec.id, spec.model, backend, await backend.getParams(), task ?? { mode });
      if (resumedFrom !== null) {
        resumed.set(spec.id, resumedFrom);
        [run.good.step, run.lastStep, run.checkpointStep] = [resumedFrom, resumedFrom, resumedFrom];
      }
      built.push(run);
    }
  } catch (err) {
    for (const r of built) r.backend.dispose();
    throw err;
  }
  await freeDropped();
  for (const r of runs) {
    closeValidation(r);
    r.backend.dispose();
  }
  runs = built;
  session = { train, text: split.text, task, heldOut: split.heldOut };
  charsPerStep = train.batchSize * (task ? meanLength(task) : train.seqLen); // sequences: on average
  const adapter = ctx ? adapterLabel(ctx.info) : 'CPU (JavaScript)';
  before?.();
  post({ type: 'ready', runs: readyInfo(adapter, resumed), fallbackReason: ctx ? null : gpuReason, ...(split.summary ? { heldOut: split.summary } : {}) });
}

function readyInfo(adapter: string, resumed = new Map<string, number>()): RunReady[] {
  return runs.map((r) => ({ id: r.id, backend: r.backend.kind, adapter, vocabSize: r.vocab.size, parameters: r.good.params.length, ...(resumed.has(r.id) ? { resumedFrom: resumed.get(r.id)! } : {}) }));
}

/**
 * The GPU device was lost and cannot be re-created: every run goes on on the CPU reference from
 * its last good parameters (its step count continues from theirs), and the page is told why.
 */
async function fallBackToCpu(err: GpuLostError) {
  gpu = Promise.resolve(null);
  gpuReason = err.message;
  const train = session!.train;
  for (const run of runs) {
    const cpu = new CpuBackend();
    const { task } = session!;
    await cpu.init({ model: run.model, train, text: session!.text, vocab: run.vocab, params: run.good.params, ...(task ? { task } : {}) });
    closeValidation(run);
    run.backend.dispose();
    run.backend = cpu;
    run.stepOffset = run.good.step;
    run.lastStep = run.good.step;
    run.candidate = null;
    run.pending = [];
  }
  post({ type: 'backend', runs: readyInfo('CPU (JavaScript)'), fallbackReason: gpuReason, restoredSteps: Object.fromEntries(runs.map((r) => [r.id, r.good.step])) });
}

async function handle(msg: ToWorker) {
  if (await sweepMessage(msg, gpu, post, () => (running = false))) return; // a sweep pauses training; training cancels it
  switch (msg.type) {
    case 'init':
      await replaceRuns(msg.runs, msg.train, msg.text, msg.mode, msg.memory);
      if (msg.then) await handle({ type: msg.then }); // no round trip through the page
      return;
    case 'import': {
      const { file, mode, unknown, memory } = checkImport(msg.bytes, msg.fileName, msg.text, msg.train, msg.memory); // first: the runs train on
      const [spec, labels, wasRunning] = [{ id: file.model.cell, model: file.model }, file.labels ?? [], running];
      try {
        await replaceRuns([{ ...spec, vocab: file.vocab, params: file.params, labels }], msg.train, msg.text, mode, memory, () => post({ type: 'imported', run: spec, fileName: msg.fileName, unknown, mode, memory }));
      } catch (err) {
        if (err instanceof GpuLostError) throw err;
        if (wasRunning) await handle({ type: 'start' }); // not built: the runs it was to replace train on
        throw asImportError(err, msg.fileName);
      }
      return;
    }
    case 'start':
      if (!runs.length || running) return;
      closeStepper(); // training changes the parameters it reads
      running = true;
      post({ type: 'running', running: true });
      void loop();
      return;
    case 'pause':
      running = false; // the loop stops after its current round and reports it
      return;
    case 'step':
      if (!runs.length || running || busy) return;
      closeStepper();
      busy = true;
      try {
        await stepAll();
        await settle();
      } catch (err) {
        if (err instanceof Diverged) await restoreAfter(err);
        else throw err;
      } finally {
        busy = false;
      }
      return;
    case 'drop': {
      const index = runs.findIndex((r) => r.id === msg.runId);
      if (index < 0) return;
      await freeDropped(); // only the last deletion can be undone
      const run = runs[index]!;
      dropped = { run, index };
      runs = runs.filter((r) => r !== run); // a new array: a round in progress keeps its own
      return;
    }
    case 'undrop':
      if (dropped?.run.id !== msg.runId) return;
      runs = [...runs.slice(0, dropped.index), dropped.run, ...runs.slice(dropped.index)];
      dropped = null;
      return;
    case 'forget-dropped':
      return freeDropped();
    case 'update':
      for (const r of dropped ? [...runs, dropped.run] : runs) r.backend.updateTrainConfig(msg.patch); // an undone deletion trains on as the others
      if (session) session.train = { ...session.train, ...msg.patch };
      return;
    case 'sample': {
      const run = runs.find((r) => r.id === msg.runId) ?? runs[0];
      if (!run) return;
      // one parameter readback, then the reference samples in milliseconds: sampling on the GPU
      // costs a readback per character, queued behind training steps
      const params = await run.backend.getParams();
      const text = run.mode === 'lines' ? sampleLines(run, params, msg.opts) : run.mode === 'lm' ? sampleText(run.model, params, run.vocab, msg.opts) : '';
      post({ type: 'sample', id: msg.id, text, step: run.lastStep });
      return;
    }
    case 'predict': {
      const run = runs.find((r) => r.id === msg.runId);
      if (!run || run.mode !== 'classify') return;
      const { probs, unknown } = predictLabel(run, await run.backend.getParams(), msg.text);
      post({ type: 'predicted', id: msg.id, runId: run.id, step: run.lastStep, probs, unknown }, probs ? [probs.buffer] : []);
      return;
    }
    case 'trace':
    case 'answers':
    case 'probs':
    case 'passage':
    case 'stepper-open':
    case 'stepper-next':
    case 'stepper-close':
      return inspect(msg, runs.find((r) => r.id === ('runId' in msg ? msg.runId : '')), running, post);
    case 'export': {
      const run = runs.find((r) => r.id === msg.runId);
      if (!run) return;
      const { step } = counted(run, await run.backend.flush()); // while training, a step or two may land in between
      const checkpoint = checkpointOf(run, step, await run.backend.getParams(), session!.train);
      post({ type: 'exported', id: msg.id, runId: run.id, checkpoint }, [checkpoint.bytes]);
      return;
    }
    case 'resume-state': {
      const run = runs.find((r) => r.id === msg.runId);
      if (!run || !session) return;
      const state = await resumeStateOf(run, session.train);
      post({ type: 'resume-state', id: msg.id, runId: run.id, state }, [state.bytes]);
      return;
    }
  }
}

// Messages are handled one at a time, in order — except pause, which takes effect at once (the
// loop checks it between rounds) so it never waits behind a sample or a rebuild.
let queue = Promise.resolve();
self.onmessage = (e: MessageEvent<ToWorker>) => {
  if (e.data.type === 'pause') {
    void handle(e.data);
    return;
  }
  queue = queue.then(() => handle(e.data)).catch((err: unknown) => (err instanceof GpuLostError ? fallBackToCpu(err) : fail(err)));
};
