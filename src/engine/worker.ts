// The training worker: owns one backend per run (WebGPU when the browser has it, the CPU
// reference otherwise, with the reason) and the loop that interleaves their steps on one device,
// so the page's main thread never computes. Metrics are batched and posted a few times a second.
/// <reference lib="webworker" />
import { CpuBackend } from '../backend/cpu.ts';
import type { Backend } from '../backend/types.ts';
import { WebGpuBackend } from '../backend/webgpu/backend.ts';
import { acquireGpu, adapterLabel, WebGpuUnavailableError, type GpuContext } from '../backend/webgpu/device.ts';
import { ConfigError, type ModelConfig } from '../model/config.ts';
import { sampleText } from '../model/sample.ts';
import type { StepResult } from '../model/train.ts';
import type { FromWorker, MetricPoint, ToWorker } from './protocol.ts';

declare const self: DedicatedWorkerGlobalScope;

const POST_EVERY_MS = 250;

interface Run {
  id: string;
  model: ModelConfig;
  backend: Backend;
  pending: MetricPoint[];
  lastStep: number;
  trainedMs: number;
  recentMs: number;
  recentSteps: number;
  /** Parameters known to give a finite loss (confirmed by a later step), restored on divergence. */
  good: { step: number; params: Float32Array };
  /** Parameters taken at `step`, promoted to `good` once a later step's loss is finite. */
  candidate: { step: number; params: Float32Array } | null;
}

const GOOD_EVERY = 25;

let gpu: GpuContext | null = null;
let gpuReason: string | null = null;
let runs: Run[] = [];
let charsPerStep = 0;
let running = false;
let busy = false;
let lastPost = 0;

const post = (m: FromWorker) => self.postMessage(m);

async function gpuContext(): Promise<GpuContext | null> {
  if (gpu || gpuReason) return gpu;
  try {
    gpu = await acquireGpu(self.navigator.gpu);
  } catch (err) {
    gpuReason = err instanceof WebGpuUnavailableError ? err.reason : (err as Error).message;
  }
  return gpu;
}

function fail(err: unknown) {
  running = false;
  post({ type: 'running', running: false });
  post({ type: 'error', message: (err as Error).message, field: err instanceof ConfigError ? err.field : null });
}

function record(run: Run, r: StepResult) {
  if (Number.isNaN(r.loss) || r.lossStep <= run.lastStep) return;
  run.lastStep = r.lossStep;
  run.pending.push({ step: r.lossStep, loss: r.loss, gradNorm: r.gradNorm, clipped: r.clipped, seconds: run.trainedMs / 1000 });
}

function flushMetrics(force = false) {
  const now = performance.now();
  if (!force && now - lastPost < POST_EVERY_MS) return;
  lastPost = now;
  if (runs.every((r) => r.pending.length === 0)) return;
  post({
    type: 'metrics',
    runs: runs.map((r) => ({ id: r.id, points: r.pending, charsPerSec: r.recentMs > 0 ? (r.recentSteps * charsPerStep * 1000) / r.recentMs : 0 })),
  });
  for (const r of runs) {
    r.pending = [];
    r.recentMs = 0;
    r.recentSteps = 0;
  }
}

/** Thrown out of the loop when a run's loss is not finite (its update was skipped). */
class Diverged extends Error {
  constructor(
    readonly runId: string,
    readonly step: number,
  ) {
    super(`run ${runId} diverged at step ${step}`);
  }
}

/** One update of every run, interleaved on the device. GPU stats arrive a few steps late. */
async function stepAll(): Promise<void> {
  for (const run of runs) {
    const t0 = performance.now();
    const r = await run.backend.trainStep();
    const dt = performance.now() - t0;
    run.trainedMs += dt;
    run.recentMs += dt;
    run.recentSteps++;
    record(run, r);
    if (!r.finite) throw new Diverged(run.id, r.lossStep);
    if (run.candidate && r.lossStep > run.candidate.step) {
      run.good = run.candidate; // a later step computed a finite loss from these parameters
      run.candidate = null;
    }
    if (!run.candidate && r.step - run.good.step >= GOOD_EVERY) run.candidate = { step: r.step, params: await run.backend.getParams() };
  }
}

async function settle() {
  for (const run of runs) record(run, await run.backend.flush());
  flushMetrics(true);
}

async function loop() {
  if (busy) return;
  busy = true;
  try {
    while (running && runs.length) {
      await stepAll();
      flushMetrics();
      await new Promise((r) => setTimeout(r, 0)); // let pause, sample and update in
    }
    await settle();
    // reported after the last metrics, so "paused" on the page means its numbers are final
    post({ type: 'running', running: false });
  } catch (err) {
    if (err instanceof Diverged) await restoreAfter(err);
    else fail(err);
  } finally {
    busy = false;
  }
}

/** Back to the last parameters known to give a finite loss; Train continues from there. */
async function restoreAfter(err: Diverged) {
  running = false;
  const run = runs.find((r) => r.id === err.runId)!;
  await run.backend.setParams(run.good.params);
  run.candidate = null;
  await settle();
  post({ type: 'diverged', runId: err.runId, step: err.step, restoredStep: run.good.step });
  post({ type: 'running', running: false });
}

async function handle(msg: ToWorker) {
  switch (msg.type) {
    case 'init': {
      running = false;
      while (busy) await new Promise((r) => setTimeout(r, 5));
      for (const r of runs) r.backend.dispose();
      runs = [];
      const ctx = await gpuContext();
      const built: Run[] = [];
      for (const spec of msg.runs) {
        const backend: Backend = ctx ? new WebGpuBackend(ctx) : new CpuBackend();
        await backend.init({ model: spec.model, train: msg.train, text: msg.text });
        const initial = await backend.getParams();
        built.push({ id: spec.id, model: spec.model, backend, pending: [], lastStep: 0, trainedMs: 0, recentMs: 0, recentSteps: 0, good: { step: 0, params: initial }, candidate: null });
      }
      runs = built;
      charsPerStep = msg.train.batchSize * msg.train.seqLen;
      const adapter = ctx ? adapterLabel(ctx.info) : 'CPU (JavaScript)';
      const ready = await Promise.all(
        runs.map(async (r) => ({ id: r.id, backend: r.backend.kind, adapter, vocabSize: r.backend.vocab.size, parameters: r.good.params.length })),
      );
      post({ type: 'ready', runs: ready, fallbackReason: ctx ? null : gpuReason });
      return;
    }
    case 'start':
      if (!runs.length || running) return;
      running = true;
      post({ type: 'running', running: true });
      void loop();
      return;
    case 'pause':
      running = false; // the loop stops after its current round and reports it
      return;
    case 'step':
      if (!runs.length || running || busy) return;
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
    case 'update':
      for (const r of runs) r.backend.updateTrainConfig(msg.patch);
      return;
    case 'sample': {
      const run = runs.find((r) => r.id === msg.runId) ?? runs[0];
      if (!run) return;
      // one parameter readback, then the reference samples in milliseconds: sampling on the GPU
      // costs a readback per character, queued behind training steps
      const params = await run.backend.getParams();
      post({ type: 'sample', id: msg.id, text: sampleText(run.model, params, run.backend.vocab, msg.opts) });
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
  queue = queue.then(() => handle(e.data)).catch(fail);
};
