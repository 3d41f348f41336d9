// The training worker: owns the backend (WebGPU when the browser has it, the CPU reference
// otherwise, with the reason) and the training loop, so the page's main thread never computes.
// Metrics are batched and posted a few times a second.
/// <reference lib="webworker" />
import { CpuBackend } from '../backend/cpu.ts';
import type { Backend } from '../backend/types.ts';
import { WebGpuBackend } from '../backend/webgpu/backend.ts';
import { acquireGpu, adapterLabel, WebGpuUnavailableError, type GpuContext } from '../backend/webgpu/device.ts';
import { ConfigError, type ModelConfig } from '../model/config.ts';
import { sampleText } from '../model/sample.ts';
import type { FromWorker, MetricPoint, ToWorker } from './protocol.ts';

declare const self: DedicatedWorkerGlobalScope;

const POST_EVERY_MS = 250;

let gpu: GpuContext | null = null;
let gpuReason: string | null = null;
let backend: Backend | null = null;
let model: ModelConfig | null = null;
let running = false;
let busy = false;
let pending: MetricPoint[] = [];
let lastPost = 0;
let trainedMs = 0;
let charsPerStep = 0;
let recentChars = 0;
let recentMs = 0;

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

function flushMetrics(force = false) {
  const now = performance.now();
  if (!force && now - lastPost < POST_EVERY_MS) return;
  lastPost = now;
  if (pending.length === 0) return;
  post({ type: 'metrics', points: pending, charsPerSec: recentMs > 0 ? (recentChars * 1000) / recentMs : 0 });
  pending = [];
  recentChars = 0;
  recentMs = 0;
}

/** One update; records its metrics (GPU stats arrive a few steps late, tagged by their step). */
async function oneStep(): Promise<void> {
  const t0 = performance.now();
  const r = await backend!.trainStep();
  const dt = performance.now() - t0;
  trainedMs += dt;
  recentMs += dt;
  recentChars += charsPerStep;
  if (!Number.isNaN(r.loss) && r.lossStep > 0 && pending.at(-1)?.step !== r.lossStep) {
    pending.push({ step: r.lossStep, loss: r.loss, gradNorm: r.gradNorm, clipped: r.clipped, seconds: trainedMs / 1000 });
  }
  if (!r.finite) throw new Error('The loss became NaN or infinite, so training paused. Lower the learning rate or turn on gradient clipping.');
}

async function loop() {
  if (busy) return;
  busy = true;
  try {
    while (running && backend) {
      await oneStep();
      flushMetrics();
      // let messages (pause, sample, update) in between steps
      await new Promise((r) => setTimeout(r, 0));
    }
    if (backend) {
      const last = await backend.flush();
      if (last.lossStep > 0 && pending.at(-1)?.step !== last.lossStep && !Number.isNaN(last.loss)) {
        pending.push({ step: last.lossStep, loss: last.loss, gradNorm: last.gradNorm, clipped: last.clipped, seconds: trainedMs / 1000 });
      }
      flushMetrics(true);
    }
    // reported after the last metrics, so "paused" on the page means its numbers are final
    post({ type: 'running', running: false });
  } catch (err) {
    fail(err);
  } finally {
    busy = false;
  }
}

async function handle(msg: ToWorker) {
  switch (msg.type) {
    case 'init': {
      running = false;
      while (busy) await new Promise((r) => setTimeout(r, 5));
      backend?.dispose();
      backend = null;
      pending = [];
      trainedMs = 0;
      const ctx = await gpuContext();
      const next: Backend = ctx ? new WebGpuBackend(ctx) : new CpuBackend();
      await next.init({ model: msg.model, train: msg.train, text: msg.text });
      backend = next;
      model = msg.model;
      charsPerStep = msg.train.batchSize * msg.train.seqLen;
      const params = await next.getParams();
      post({
        type: 'ready',
        backend: next.kind,
        adapter: ctx ? adapterLabel(ctx.info) : 'CPU (JavaScript)',
        fallbackReason: ctx ? null : gpuReason,
        vocabSize: next.vocab.size,
        parameters: params.length,
      });
      return;
    }
    case 'start':
      if (!backend || running) return;
      running = true;
      post({ type: 'running', running: true });
      void loop();
      return;
    case 'pause':
      if (!running) return;
      running = false; // the loop stops after its current step and reports it
      return;
    case 'step':
      if (!backend || running || busy) return;
      busy = true;
      try {
        await oneStep();
        const last = await backend.flush();
        if (pending.at(-1)?.step !== last.lossStep) pending.push({ step: last.lossStep, loss: last.loss, gradNorm: last.gradNorm, clipped: last.clipped, seconds: trainedMs / 1000 });
        flushMetrics(true);
      } finally {
        busy = false;
      }
      return;
    case 'update':
      backend?.updateTrainConfig(msg.patch);
      return;
    case 'sample': {
      if (!backend || !model) return;
      // one parameter readback, then the reference samples in milliseconds: sampling on the GPU
      // costs a readback per character, queued behind training steps
      const params = await backend.getParams();
      post({ type: 'sample', id: msg.id, text: sampleText(model, params, backend.vocab, msg.opts) });
      return;
    }
  }
}

// Messages are handled one at a time, in order — except pause, which takes effect at once (the
// loop checks it between steps) so it never waits behind a sample or a rebuild.
let queue = Promise.resolve();
self.onmessage = (e: MessageEvent<ToWorker>) => {
  if (e.data.type === 'pause') {
    void handle(e.data);
    return;
  }
  queue = queue.then(() => handle(e.data)).catch(fail);
};
