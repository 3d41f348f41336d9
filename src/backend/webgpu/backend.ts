// WebGpuBackend: training, traces and sampling on the GPU behind the Backend interface.
// A training step is one command encoder and one submit: forward, BPTT, gradient statistics,
// clipping and the optimizer all run on the GPU; the step's stats (loss, norm, clipped, finite)
// come back asynchronously every `statsEvery` steps through a ring of staging buffers, so no
// step waits for a readback; a step waits only when it would run more than `maxInFlight` steps
// ahead of the GPU (back-pressure through onSubmittedWorkDone). Batching (TBPTT windows) stays on the CPU and is written per step.
// Line and classification modes train whole sequences: one network per sequence length
// (train-nets.ts), each step from a zero state.
// Device loss (device-recovery.ts): parameter snapshots ride along with some steps; the call after
// a loss rebuilds everything on a new device from the last one, keeping its place in the text.
// The bench-only profiler of a step's kernels: step-profiler.ts.
import { assertValid, type TrainConfig } from '../../model/config.ts';
import { StreamBatcher } from '../../model/batching.ts';
import { batcherFor, type Batches } from '../../model/sequence-batching.ts';
import { labelCount, lineSampling } from '../../model/sequence-train.ts';
import { END, START, type SequenceTask } from '../../model/tasks.ts';
import { initialParams } from '../../model/init.ts';
import { buildLayout, type ParamLayout } from '../../model/params.ts';
import { buildVocab, encode, type Vocab } from '../../model/vocab.ts';
import { advance } from '../../model/resume.ts';
import { wholeValidationLoss, type Backend, type BackendInit, type HeldOut, type LiveTrainConfig, type TraceLoss, type SampleOptions, type StepResult, type Trace, type TrainingState, type ValidationRun } from '../types.ts';
import type { GpuContext } from './device.ts';
import { DeviceRecovery } from './device-recovery.ts';
import { Kernels } from './kernels.ts';
import { checkShapeFits } from './limits.ts';
import { GpuNetwork, type Dispatch } from './network.ts';
import { readFloats, StagingRing } from './readback.ts';
import { sampleOnGpu } from './sampling.ts';
import { traceInputs } from '../../model/trace.ts';
import { traceOnGpu, traceSentenceOnGpu } from './trace.ts';
import { passageOnGpu, sequencesOnGpu } from './passage.ts';
import { NO_PASSAGE, NO_SEQUENCES, passageSequences, type Passage, type PassageSource } from '../../model/passage.ts';
import { GpuStepper } from './stepper.ts';
import { SideNets, TrainNets } from './train-nets.ts';
import { RecurrentTranspose } from './transpose.ts';
import { STATS_FLOATS, StepTail } from './step-tail.ts';
import { GpuLinesValidation, GpuValidation } from './evaluate.ts';
import { readTrainingState, writeTrainingState } from './resume.ts';
import { storageUsage } from './uniforms.ts';

/** What one training step recorded; counted in code so tests can hold the budget. */
export interface StepCounters {
  dispatches: number;
  submits: number;
  /** Blocking readbacks inside the step: always 0 (stats come back asynchronously). */
  readbacks: number;
  /** Asynchronous stats reads started by the step (every `statsEvery` steps). */
  asyncReads: number;
}

interface Live {
  train: TrainConfig;
  vocab: Vocab;
  layout: ParamLayout;
  batcher: StreamBatcher | Batches;
  task: SequenceTask | null;
  /** Training networks by sequence length (one, at seqLen, for next-character mode). */
  nets: TrainNets;
  params: GPUBuffer; // (P) the flat parameters (params.ts)
  transposed: RecurrentTranspose;
  /** The gradient, stats, clipping and the optimizer after the backward pass. */
  tail: StepTail;
  ring: StagingRing;
  /** B = 1 networks for traces (by T) and sampling (T = 1), built on demand. */
  side: SideNets;
}

export class WebGpuBackend implements Backend {
  readonly kind = 'webgpu' as const;
  /** Counters of the last training step. */
  lastStep: StepCounters = { dispatches: 0, submits: 0, readbacks: 0, asyncReads: 0 };
  private kernels: Kernels;
  private live: Live | null = null;
  private lastInit: BackendInit | null = null;
  private readonly recovery: DeviceRecovery;
  /** Completion of submitted steps, oldest first: trainStep waits when too many are queued. */
  private inFlight: Promise<unknown>[] = [];
  private model: BackendInit['model'] | null = null;
  private steps = 0;
  /** Batches drawn (the batcher's position, for resuming). */
  private batches = 0;
  /** Steps up to this one ran on parameters replaced by setParams: their stats are dropped. */
  private paramsSetAt = 0;
  /** The carried recurrent state came from replaced parameters: zero it before the next step. */
  private stateStale = false;
  private latest: StepResult = { step: 0, lossStep: 0, loss: NaN, gradNorm: NaN, clipped: false, finite: true };

  constructor(
    private context: GpuContext,
    /** Start an asynchronous stats read every this many steps. */
    readonly statsEvery = 4,
    /** Take an asynchronous parameter snapshot every this many steps (for device loss). */
    readonly snapshotEvery = 50,
    /** Steps the CPU may run ahead of the GPU; beyond that trainStep waits (a fence, no readback). */
    readonly maxInFlight = 2,
    /** The wide cell kernels of real GPUs, or the narrow ones of software adapters (Kernels). */
    readonly wide = !context.info.software,
  ) {
    this.kernels = Kernels.for(context.device, wide);
    this.recovery = new DeviceRecovery(snapshotEvery);
    this.recovery.watch(context);
  }

  /** Each recovery from a lost device: why, and the step whose parameters were restored. */
  get recoveries(): readonly { reason: string; restoredStep: number }[] {
    return this.recovery.recoveries;
  }

  /** The device in use (a new one after a recovery). */
  get gpu(): GpuContext {
    return this.context;
  }

  private get state(): Live {
    if (!this.live) throw new Error('WebGpuBackend: call init() first (or it was disposed)');
    return this.live;
  }

  get vocab(): Vocab {
    return this.state.vocab;
  }

  /** The flat parameter layout of the current model. */
  get layout(): ParamLayout {
    return this.state.layout;
  }

  async init(init: BackendInit): Promise<void> {
    const { task = null } = init;
    assertValid(init.model, init.train, task ? undefined : init.text);
    this.dispose();
    await this.ensureDevice();
    const device = this.gpu.device;
    const vocab = task?.vocab ?? init.vocab ?? buildVocab(init.text);
    const labels = task ? labelCount(task) : 0;
    const layout = buildLayout(init.model, vocab.size, labels);
    const { batchSize: B } = init.train;
    const batcher = task ? batcherFor(task, B, init.train.seed) : new StreamBatcher(encode(vocab, init.text).ids, B, init.train.seqLen);
    const longest = 'lengths' in batcher ? Math.max(...batcher.lengths) : init.train.seqLen;
    checkShapeFits(this.gpu.device.limits, init.model, layout.total, B, longest, labels || vocab.size);
    const p = init.params ?? initialParams(layout, init.model, init.train.init, init.train.seed, Float32Array);
    if (p.length !== layout.total) throw new RangeError(`expected ${layout.total} parameters for this model, got ${p.length}`);
    const params = device.createBuffer({ label: 'params', size: layout.total * 4, usage: storageUsage() });
    device.queue.writeBuffer(params, 0, Float32Array.from(p));
    const transposed = new RecurrentTranspose(device, this.kernels, init.model, layout);
    transposed.refresh(params);
    const tail = new StepTail(device, this.kernels, layout.total, params, transposed);
    this.model = init.model;
    const nets = new TrainNets((T) => {
      const net = new GpuNetwork(device, this.kernels, init.model, vocab.size, B, T, params, tail.grad, transposed, labels);
      return { net, finalize: tail.finalize(net) };
    });
    this.live = {
      train: init.train, vocab, layout, batcher, task, nets,
      params, transposed, tail, ring: new StagingRing(device, STATS_FLOATS * 4), 
      side: new SideNets((T) => new GpuNetwork(device, this.kernels, init.model, vocab.size, 1, T, params, tail.grad, transposed, labels)),
    };
    if (!task) nets.get(init.train.seqLen); // built now: a shape that does not fit fails in init
    const snapshot = this.recovery.start(device, Float32Array.from(p), layout.total * 4);
    this.owned = [params, snapshot];
    this.lastInit = { ...init, params: undefined, resume: undefined };
    const r = init.resume;
    if (r) {
      writeTrainingState(device, tail, init.train.optimizer, layout.total, r, task ? null : nets.get(init.train.seqLen).net);
      advance(batcher, r.batches);
    }
    this.steps = this.paramsSetAt = r?.step ?? 0;
    this.batches = r?.batches ?? 0;
    this.latest = { step: this.steps, lossStep: this.steps, loss: NaN, gradNorm: NaN, clipped: false, finite: true };
  }

  async trainingState(): Promise<TrainingState> {
    await this.ensureDevice();
    const s = this.state;
    return readTrainingState(this.gpu.device, s.tail, s.train.optimizer, this.steps, this.batches, s.task ? null : s.nets.get(s.train.seqLen).net);
  }

  async validationLoss(heldOut: HeldOut): Promise<number> {
    return wholeValidationLoss(this.openValidation(heldOut));
  }

  async openValidation(heldOut: HeldOut): Promise<ValidationRun> {
    await this.ensureDevice();
    const s = this.state;
    const src = { device: this.gpu.device, kernels: this.kernels, model: this.model!, layout: s.layout, params: s.params, grad: s.tail.grad };
    if (heldOut.mode === 'lm') return new GpuValidation(src, encode(s.vocab, heldOut.text).ids, s.train.seqLen);
    return new GpuLinesValidation(src, heldOut.lines.map((line) => encode(s.vocab, START + line + END).ids));
  }

  async trainStep(): Promise<StepResult> {
    await this.ensureDevice();
    while (this.inFlight.length >= this.maxInFlight) await this.inFlight.shift();
    const s = this.state;
    const device = this.gpu.device;
    const { net, reset, dispatches: all } = this.nextStep();
    const enc = device.createCommandEncoder({ label: 'train step' });
    net.encodePre(enc, reset);
    const pass = enc.beginComputePass({ label: 'train step' });
    const dispatches = GpuNetwork.encode(pass, all);
    pass.end();
    if (!s.task) net.encodeCarry(enc);
    this.steps++;
    const slot = this.steps % this.statsEvery === 0 || this.steps === 1 ? s.ring.acquire() : null;
    if (slot) enc.copyBufferToBuffer(s.tail.stats, 0, slot, 0, STATS_FLOATS * 4);
    const snap = this.recovery.encode(enc, s.params, this.steps);
    device.queue.submit([enc.finish()]);
    this.inFlight.push(device.queue.onSubmittedWorkDone().catch(() => undefined));
    if (snap) this.recovery.take(snap, this.steps);
    if (slot) {
      const step = this.steps;
      slot.mapAsync(GPUMapMode.READ).then(
        () => {
          this.record(step, new Float32Array(slot.getMappedRange().slice(0)));
          slot.unmap();
        },
        () => undefined, // the backend was disposed or the device lost: nothing to record
      );
    }
    this.lastStep = { dispatches, submits: 1, readbacks: 0, asyncReads: slot ? 1 : 0 };
    return { ...this.latest, step: this.steps };
  }

  /** The next batch written into its network, the step's uniforms, and the step's dispatches. */
  private nextStep(): { net: GpuNetwork; reset: boolean; dispatches: Dispatch[] } {
    const s = this.state;
    const batch = s.batcher.next();
    this.batches++;
    // whole sequences start from zero; TBPTT windows carry the state unless the streams restart
    const reset = !('reset' in batch) || batch.reset || this.stateStale;
    this.stateStale = false;
    const { net, finalize } = s.nets.get('T' in batch ? batch.T : s.train.seqLen);
    net.writeBatch(batch.inputs, batch.targets);
    s.tail.writeUniforms(s.train, net, this.steps);
    return { net, reset, dispatches: [...net.forwardDispatches, ...net.backwardDispatches, s.tail.partial, finalize, s.tail.optimizer] };
  }

  /**
   * For the step profiler (step-profiler.ts): waits for the queued steps, then takes the next
   * step — its batch and uniforms written, counted — and hands back what to encode, unencoded.
   */
  async takeStep(): Promise<{ device: GPUDevice; net: GpuNetwork; reset: boolean; dispatches: Dispatch[]; carry: boolean }> {
    await this.ensureDevice();
    await Promise.all(this.inFlight.splice(0));
    const next = this.nextStep();
    this.steps++;
    return { device: this.gpu.device, ...next, carry: !this.state.task };
  }

  /** Waits for all submitted work and returns the stats of the latest step. */
  async flush(): Promise<StepResult> {
    await this.ensureDevice();
    const s = this.state;
    if (this.steps > 0) this.record(this.steps, await readFloats(this.gpu.device, s.tail.stats));
    return { ...this.latest };
  }

  async trace(text: string, topK = 5, lossAt: TraceLoss = 'all', label?: number): Promise<Trace> {
    await this.ensureDevice();
    const s = this.state;
    const ids = encode(s.vocab, text).ids;
    if (this.labels > 0) {
      if (ids.length < 1) throw new RangeError('A trace needs at least one character that the model knows.');
      return traceSentenceOnGpu(this.gpu.device, s.side.get(ids.length), ids, label);
    }
    const { inputs, targets } = traceInputs(ids, s.task?.mode === 'memory' ? s.task : undefined);
    return traceOnGpu(this.gpu.device, s.side.get(inputs.length), inputs, targets, topK, lossAt);
  }

  async passage(source: PassageSource, topK = 5): Promise<Passage> {
    await this.ensureDevice();
    const s = this.state;
    if ('text' in source) {
      if (s.task) throw new RangeError(NO_PASSAGE);
      return passageOnGpu(this.gpu.device, s.side.get(source.window), encode(s.vocab, source.text).ids, source.window, topK);
    }
    if (!s.task) throw new RangeError(NO_SEQUENCES);
    return sequencesOnGpu(this.gpu.device, (T) => s.side.get(T), passageSequences(s.vocab, s.task, source.sequences), topK, this.labels > 0);
  }

  async sample(opts: SampleOptions): Promise<string> {
    await this.ensureDevice();
    const s = this.state;
    if (s.task?.mode === 'classify') throw new RangeError('A classifier predicts labels; it does not generate text.');
    if (s.task?.mode === 'memory') throw new RangeError('A memory task answers at its answer positions; it does not generate text.');
    // a line: from the start token (and the prime) to the end token
    const line = s.task ? lineSampling(s.vocab, opts) : { prime: '', opts };
    return line.prime + (await sampleOnGpu(this.gpu.device, s.side.get(1), s.vocab, line.opts));
  }

  async openStepper(text: string): Promise<GpuStepper> {
    await this.ensureDevice();
    const s = this.state;
    const ids = encode(s.vocab, text).ids;
    if (ids.length < 1) throw new RangeError('Step mode needs at least one character that the model knows.');
    const net = new GpuNetwork(this.gpu.device, this.kernels, this.model!, s.vocab.size, 1, ids.length, s.params, s.tail.grad, s.transposed, this.labels);
    return new GpuStepper(this.gpu.device, net, this.model!, ids);
  }

  async getParams(): Promise<Float32Array> {
    await this.ensureDevice();
    return readFloats(this.gpu.device, this.state.params);
  }

  /** The gradient of the last step after clipping (tests and the gradient panels). */
  async getGradients(): Promise<Float32Array> {
    await this.ensureDevice();
    return readFloats(this.gpu.device, this.state.tail.grad);
  }

  async setParams(params: Float32Array): Promise<void> {
    await this.ensureDevice();
    const s = this.state;
    if (params.length !== s.layout.total) throw new RangeError(`expected ${s.layout.total} parameters, got ${params.length}`);
    this.gpu.device.queue.writeBuffer(s.params, 0, params);
    s.transposed.refresh(s.params);
    this.paramsSetAt = this.steps;
    this.stateStale = true;
    this.latest = { ...this.latest, loss: NaN, gradNorm: NaN, clipped: false, finite: true };
  }

  updateTrainConfig(patch: LiveTrainConfig): void {
    const s = this.state;
    const next = { ...s.train, ...patch };
    assertValid(this.model!, next);
    if (next.optimizer !== s.train.optimizer) {
      s.tail.resetMoments();
    }
    s.train = next;
  }

  /** Bytes of every GPU buffer the backend holds now: parameters and their snapshot, the W_hh
   *  copies, gradient and optimizer state, the networks of each window length and the side
   *  networks (traces, sampling), the readback ring. Reported by the benchmark. */
  get gpuBytes(): number {
    const s = this.live;
    if (!s) return 0;
    const own = this.owned.reduce((n, b) => n + b.size, 0);
    return own + s.transposed.bytes + s.tail.bytes + s.nets.bytes + s.side.bytes + s.ring.totalBytes;
  }

  dispose(): void {
    const s = this.live;
    if (!s) return;
    this.live = null;
    s.nets.destroy();
    s.side.destroy();
    s.ring.destroy();
    s.tail.destroy();
    s.transposed.destroy();
    for (const b of this.owned) b.destroy();
    this.owned = [];
    this.recovery.forget();
  }

  private owned: GPUBuffer[] = [];

  /**
   * After a device loss: a new device from the same GPU entry point, everything rebuilt for the
   * same model, the last parameter snapshot restored (optimizer moments restart), and the text
   * position kept. Throws, with the reason, when no device can be had.
   */
  private async ensureDevice(): Promise<void> {
    const reason = this.recovery.lost;
    if (!reason) return;
    const { lastInit } = this;
    const { snapshot } = this.recovery;
    const [batcher, batches] = [this.live?.batcher, this.batches];
    this.live = null; // the old device's resources are gone with it
    this.owned = [];
    this.recovery.forget();
    this.context = await this.recovery.reacquire(this.context);
    this.kernels = Kernels.for(this.context.device, this.wide);
    if (!lastInit || !snapshot) return;
    await this.init({ ...lastInit, params: snapshot.params });
    if (batcher) [this.live!.batcher, this.batches] = [batcher, batches];
    this.steps = snapshot.step;
    this.recovery.restored(reason, snapshot);
  }

  private record(step: number, stats: Float32Array): void {
    if (step < this.latest.lossStep || step <= this.paramsSetAt) return;
    const accuracy = this.live?.task?.mode === 'memory' ? { accuracy: stats[6]! } : {};
    this.latest = { step, lossStep: step, loss: stats[0]!, gradNorm: stats[1]!, clipped: stats[2] === 1, finite: stats[3] === 1, ...accuracy };
  }

  /** Labels of a classifier; 0 for the next-character and line modes (the decoder). */
  private get labels(): number {
    const { task } = this.state;
    return task ? labelCount(task) : 0;
  }
}
