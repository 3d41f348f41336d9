// WebGpuBackend: training, traces and sampling on the GPU behind the Backend interface.
// A training step is one command encoder and one submit: forward, BPTT, gradient statistics,
// clipping and the optimizer all run on the GPU; the step's stats (loss, norm, clipped, finite)
// come back asynchronously every `statsEvery` steps through a ring of staging buffers, so no
// step waits for a readback; a step waits only when it would run more than `maxInFlight` steps
// ahead of the GPU (back-pressure through onSubmittedWorkDone). Batching (TBPTT windows) stays on the CPU and is written per step.
// Line and classification modes train whole sequences: one network per sequence length
// (train-nets.ts), each step from a zero state.
// Device loss: every `snapshotEvery` steps the step's command buffer also copies the parameters to
// a staging buffer that is mapped without waiting; when the device is lost the next call re-creates
// it from the same GPU entry point and restores that snapshot, keeping its place in the text.
import { assertValid, type TrainConfig } from '../../model/config.ts';
import { StreamBatcher } from '../../model/batching.ts';
import { SequenceBatcher } from '../../model/sequence-batching.ts';
import { labelCount, lineSampling } from '../../model/sequence-train.ts';
import type { SequenceTask } from '../../model/tasks.ts';
import { ADAM, RMSPROP } from '../../model/optim.ts';
import { buildLayout, initParams, type ParamLayout } from '../../model/params.ts';
import { createRng } from '../../model/rng.ts';
import { sampleSteps } from '../../model/sample.ts';
import { buildVocab, encode, type Vocab } from '../../model/vocab.ts';
import type { Backend, BackendInit, LiveTrainConfig, LossAt, SampleOptions, StepResult, Trace } from '../types.ts';
import { acquireGpu, GpuLostError, type GpuContext } from './device.ts';
import { grid, Kernels } from './kernels.ts';
import { checkShapeFits } from './limits.ts';
import { GpuNetwork, type Dispatch } from './network.ts';
import { readFloats, StagingRing } from './readback.ts';
import { traceOnGpu, traceSentenceOnGpu } from './trace.ts';
import { GpuStepper } from './stepper.ts';
import { TrainNets } from './train-nets.ts';
import { RecurrentTranspose } from './transpose.ts';
import { packUniform, storageUsage } from './uniforms.ts';

/** What one training step recorded; counted in code so tests can hold the budget. */
export interface StepCounters {
  dispatches: number;
  submits: number;
  /** Blocking readbacks inside the step: always 0 (stats come back asynchronously). */
  readbacks: number;
  /** Asynchronous stats reads started by the step (every `statsEvery` steps). */
  asyncReads: number;
}

const STATS_FLOATS = 8; // [loss, gradNorm, clipped, finite, scale, maxAbs, 0, 0]
const CHUNK = 4096; // gradient elements per stats.partial workgroup (CHUNK in stats.wgsl)
const OPTIMIZER_CODE = { sgd: 0, adam: 1, rmsprop: 2 } as const;
const CLIP_CODE = { none: 0, norm: 1, value: 2 } as const;

interface Live {
  train: TrainConfig;
  vocab: Vocab;
  layout: ParamLayout;
  batcher: StreamBatcher | SequenceBatcher;
  task: SequenceTask | null;
  /** Training networks by sequence length (one, at seqLen, for next-character mode). */
  nets: TrainNets;
  params: GPUBuffer;
  transposed: RecurrentTranspose;
  grad: GPUBuffer;
  m: GPUBuffer;
  v: GPUBuffer;
  stats: GPUBuffer;
  statsDims: GPUBuffer;
  hyper: GPUBuffer;
  /** stats.partial and the optimizer (stats.finalize, per network, runs between them). */
  tail: [Dispatch, Dispatch];
  ring: StagingRing;
  /** B = 1 networks for traces (by T) and sampling (T = 1), built on demand. */
  side: Map<number, GpuNetwork>;
}

export class WebGpuBackend implements Backend {
  readonly kind = 'webgpu' as const;
  /** Counters of the last training step. */
  lastStep: StepCounters = { dispatches: 0, submits: 0, readbacks: 0, asyncReads: 0 };
  /** Each recovery from a lost device: why, and the step whose parameters were restored. */
  readonly recoveries: { reason: string; restoredStep: number }[] = [];
  private kernels: Kernels;
  private live: Live | null = null;
  private lastInit: BackendInit | null = null;
  private lostReason: string | null = null;
  private snapshot: { step: number; params: Float32Array } | null = null;
  private snapshotStaging: GPUBuffer | null = null;
  /** Completion of submitted steps, oldest first: trainStep waits when too many are queued. */
  private inFlight: Promise<unknown>[] = [];
  private model: BackendInit['model'] | null = null;
  private steps = 0;
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
    this.watch(context);
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
    const batcher = task ? new SequenceBatcher(task, B, init.train.seed) : new StreamBatcher(encode(vocab, init.text).ids, B, init.train.seqLen);
    const longest = batcher instanceof SequenceBatcher ? Math.max(...batcher.lengths) : init.train.seqLen;
    checkShapeFits(this.gpu.device.limits, init.model, layout.total, B * longest, labels || vocab.size);
    const p = init.params ?? initParams(layout, createRng(init.train.seed), Float32Array);
    if (p.length !== layout.total) throw new RangeError(`expected ${layout.total} parameters for this model, got ${p.length}`);
    const buffer = (label: string, floats: number) => device.createBuffer({ label, size: Math.max(4, floats * 4), usage: storageUsage() });
    const params = buffer('params', layout.total);
    device.queue.writeBuffer(params, 0, Float32Array.from(p));
    const grad = buffer('grad', layout.total);
    const m = buffer('adam.m', layout.total);
    const v = buffer('moment.v', layout.total);
    const numPartials = Math.ceil(layout.total / CHUNK);
    const partials = buffer('partials', 2 * numPartials);
    const stats = buffer('stats', STATS_FLOATS);
    const uni = (label: string, bytes: number) => device.createBuffer({ label, size: bytes, usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST });
    const statsDims = uni('statsDims', 32);
    const hyper = uni('hyper', 48);
    const transposed = new RecurrentTranspose(device, this.kernels, init.model, layout);
    transposed.refresh(params);
    const bind = (pipeline: GPUComputePipeline, buffers: [number, GPUBuffer][]) =>
      device.createBindGroup({ layout: pipeline.getBindGroupLayout(0), entries: buffers.map(([binding, buffer]) => ({ binding, resource: { buffer } })) });
    const partial = this.kernels.pipeline('stats', 'partial');
    const finalize = this.kernels.pipeline('stats', 'finalize');
    const optimizer = this.kernels.pipeline('optimizer');
    const [ox, oy] = grid(layout.total);
    const tail: [Dispatch, Dispatch] = [
      { pipeline: partial, groups: [bind(partial, [[0, statsDims], [1, grad], [2, partials]])], x: numPartials, y: 1 },
      { pipeline: optimizer, groups: [bind(optimizer, [[0, hyper], [1, params], [2, grad], [3, m], [4, v], [5, stats], [6, transposed.blocks], [7, transposed.buffer]])], x: ox, y: oy },
    ];
    this.model = init.model;
    const nets = new TrainNets((T) => {
      const net = new GpuNetwork(device, this.kernels, init.model, vocab.size, B, T, params, grad, transposed, labels);
      return { net, finalize: { pipeline: finalize, groups: [bind(finalize, [[0, statsDims], [2, partials], [3, net.lossRows], [4, stats]])], x: 1, y: 1 } };
    });
    this.live = {
      train: init.train, vocab, layout, batcher, task, nets,
      params, transposed, grad, m, v, stats, statsDims, hyper, tail, ring: new StagingRing(device, STATS_FLOATS * 4), side: new Map(),
    };
    if (!task) nets.get(init.train.seqLen); // built now: a shape that does not fit fails in init
    this.snapshotStaging = device.createBuffer({ label: 'snapshot', size: layout.total * 4, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
    this.owned = [params, grad, m, v, partials, stats, statsDims, hyper, this.snapshotStaging];
    this.lastInit = { ...init, params: undefined };
    this.snapshot = { step: 0, params: Float32Array.from(p) };
    this.steps = 0;
    this.paramsSetAt = 0;
    this.latest = { step: 0, lossStep: 0, loss: NaN, gradNorm: NaN, clipped: false, finite: true };
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
    if (slot) enc.copyBufferToBuffer(s.stats, 0, slot, 0, STATS_FLOATS * 4);
    const snap = this.steps % this.snapshotEvery === 0 && this.snapshotStaging?.mapState === 'unmapped' ? this.snapshotStaging : null;
    if (snap) enc.copyBufferToBuffer(s.params, 0, snap, 0, s.layout.total * 4);
    device.queue.submit([enc.finish()]);
    this.inFlight.push(device.queue.onSubmittedWorkDone().catch(() => undefined));
    if (snap) this.takeSnapshot(snap, this.steps);
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
    // whole sequences start from zero; TBPTT windows carry the state unless the streams restart
    const reset = !('reset' in batch) || batch.reset || this.stateStale;
    this.stateStale = false;
    const { net, finalize } = s.nets.get('T' in batch ? batch.T : s.train.seqLen);
    net.writeBatch(batch.inputs, batch.targets);
    this.writeStepUniforms(s, net, this.steps + 1);
    return { net, reset, dispatches: [...net.forwardDispatches, ...net.backwardDispatches, s.tail[0], finalize, s.tail[1]] };
  }

  /**
   * One training step with every dispatch in a submit of its own, each timed to its completion:
   * milliseconds by kernel, summed over its dispatches — where a step's time goes
   * (tests/bench/kernel-times.ts). Slow by design: it waits on the GPU once per dispatch.
   */
  async profileStep(): Promise<Map<string, number>> {
    await this.ensureDevice();
    await Promise.all(this.inFlight.splice(0));
    const s = this.state;
    const { queue } = this.gpu.device;
    const run = async (encode: (enc: GPUCommandEncoder) => void) => {
      const enc = this.gpu.device.createCommandEncoder({ label: 'profiled dispatch' });
      encode(enc);
      const t0 = performance.now();
      queue.submit([enc.finish()]);
      await queue.onSubmittedWorkDone();
      return performance.now() - t0;
    };
    const { net, reset, dispatches } = this.nextStep();
    await run((enc) => net.encodePre(enc, reset));
    const ms = new Map<string, number>();
    for (const d of dispatches) {
      const kernel = d.pipeline.label.split(':').slice(0, 2).join(':').replace(/:main$/, ''); // "cell_forward", "classifier_final:gather"
      const t = await run((enc) => {
        const pass = enc.beginComputePass();
        GpuNetwork.encode(pass, [d]);
        pass.end();
      });
      ms.set(kernel, (ms.get(kernel) ?? 0) + t);
    }
    if (!s.task) await run((enc) => net.encodeCarry(enc));
    this.steps++;
    return ms;
  }

  /** Waits for all submitted work and returns the stats of the latest step. */
  async flush(): Promise<StepResult> {
    await this.ensureDevice();
    const s = this.state;
    if (this.steps > 0) this.record(this.steps, await readFloats(this.gpu.device, s.stats));
    return { ...this.latest };
  }

  async trace(text: string, topK = 5, lossAt: LossAt = 'all', label?: number): Promise<Trace> {
    await this.ensureDevice();
    const s = this.state;
    const ids = encode(s.vocab, text).ids;
    if (this.labels > 0) {
      if (ids.length < 1) throw new RangeError('A trace needs at least one character that the model knows.');
      return traceSentenceOnGpu(this.gpu.device, this.sideNetwork(ids.length), ids, label);
    }
    if (ids.length < 2) throw new RangeError('A trace needs a window of at least two characters that the model knows.');
    return traceOnGpu(this.gpu.device, this.sideNetwork(ids.length - 1), ids, topK, lossAt);
  }

  async sample(opts: SampleOptions): Promise<string> {
    await this.ensureDevice();
    const s = this.state;
    if (s.task?.mode === 'classify') throw new RangeError('A classifier predicts labels; it does not generate text.');
    // a line: from the start token (and the prime) to the end token
    const line = s.task ? lineSampling(s.vocab, opts) : { prime: '', opts };
    const net = this.sideNetwork(1);
    const device = this.gpu.device;
    const steps = sampleSteps(s.vocab, line.opts);
    const noTarget = Int32Array.of(-1);
    let first = true;
    let r = steps.next();
    while (!r.done) {
      net.writeBatch(Int32Array.of(r.value), noTarget);
      const enc = device.createCommandEncoder({ label: 'sample' });
      net.encodePre(enc, first);
      first = false;
      const pass = enc.beginComputePass();
      GpuNetwork.encode(pass, net.forwardDispatches);
      pass.end();
      net.encodeCarry(enc);
      device.queue.submit([enc.finish()]);
      r = steps.next(await readFloats(device, net.logits));
    }
    return line.prime + r.value;
  }

  async openStepper(text: string): Promise<GpuStepper> {
    await this.ensureDevice();
    const s = this.state;
    const ids = encode(s.vocab, text).ids;
    if (ids.length < 1) throw new RangeError('Step mode needs at least one character that the model knows.');
    const net = new GpuNetwork(this.gpu.device, this.kernels, this.model!, s.vocab.size, 1, ids.length, s.params, s.grad, s.transposed, this.labels);
    return new GpuStepper(this.gpu.device, net, this.model!, ids);
  }

  async getParams(): Promise<Float32Array> {
    await this.ensureDevice();
    return readFloats(this.gpu.device, this.state.params);
  }

  /** The gradient of the last step after clipping (tests and the gradient panels). */
  async getGradients(): Promise<Float32Array> {
    await this.ensureDevice();
    return readFloats(this.gpu.device, this.state.grad);
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
      const enc = this.gpu.device.createCommandEncoder();
      enc.clearBuffer(s.m);
      enc.clearBuffer(s.v);
      this.gpu.device.queue.submit([enc.finish()]);
      this.steps = 0; // optimizer state restarts: Adam's bias correction counts from 1 again
    }
    s.train = next;
  }

  dispose(): void {
    const s = this.live;
    if (!s) return;
    this.live = null;
    s.nets.destroy();
    for (const n of s.side.values()) n.destroy();
    s.ring.destroy();
    s.transposed.destroy();
    for (const b of this.owned) b.destroy();
    this.owned = [];
    this.snapshotStaging = null;
  }

  private owned: GPUBuffer[] = [];

  private watch(ctx: GpuContext): void {
    void ctx.device.lost.then((info) => {
      if (this.context === ctx) this.lostReason = info.message || `device lost (${info.reason})`;
    });
  }

  private takeSnapshot(staging: GPUBuffer, step: number): void {
    staging.mapAsync(GPUMapMode.READ).then(
      () => {
        this.snapshot = { step, params: new Float32Array(staging.getMappedRange().slice(0)) };
        staging.unmap();
      },
      () => undefined, // disposed or lost before the copy landed: keep the previous snapshot
    );
  }

  /**
   * After a device loss: a new device from the same GPU entry point, everything rebuilt for the
   * same model, the last parameter snapshot restored (optimizer moments restart), and the text
   * position kept. Throws, with the reason, when no device can be had.
   */
  private async ensureDevice(): Promise<void> {
    if (!this.lostReason) return;
    const reason = this.lostReason;
    const { lastInit, snapshot } = this;
    const batcher = this.live?.batcher;
    this.live = null; // the old device's resources are gone with it
    this.owned = [];
    this.snapshotStaging = null;
    let ctx: GpuContext;
    try {
      ctx = await acquireGpu(this.context.gpu);
    } catch (err) {
      throw new GpuLostError(`${reason}; ${(err as Error).message}`, { cause: err });
    }
    this.context = ctx;
    this.kernels = Kernels.for(ctx.device, this.wide);
    this.lostReason = null;
    this.watch(ctx);
    if (!lastInit || !snapshot) return;
    await this.init({ ...lastInit, params: snapshot.params });
    if (batcher) this.live!.batcher = batcher;
    this.steps = snapshot.step;
    this.snapshot = snapshot;
    this.recoveries.push({ reason, restoredStep: snapshot.step });
  }

  private record(step: number, stats: Float32Array): void {
    if (step < this.latest.lossStep || step <= this.paramsSetAt) return;
    this.latest = { step, lossStep: step, loss: stats[0]!, gradNorm: stats[1]!, clipped: stats[2] === 1, finite: stats[3] === 1 };
  }

  /** Labels of a classifier; 0 for the next-character and line modes (the decoder). */
  private get labels(): number {
    const { task } = this.state;
    return task ? labelCount(task) : 0;
  }

  private writeStepUniforms(s: Live, net: GpuNetwork, t: number): void {
    const { train, layout } = s;
    const q = this.gpu.device.queue;
    const clip = CLIP_CODE[train.clipMode];
    q.writeBuffer(s.statsDims, 0, packUniform([layout.total, Math.ceil(layout.total / CHUNK), net.R, clip, { f32: 1 / Math.max(1, net.counted) }, { f32: train.clipValue }, 0, 0]));
    const bc1 = 1 - ADAM.beta1 ** t;
    q.writeBuffer(
      s.hyper,
      0,
      packUniform([
        layout.total, OPTIMIZER_CODE[train.optimizer], clip, 0,
        { f32: train.learningRate }, { f32: train.clipValue }, { f32: ADAM.beta1 }, { f32: ADAM.beta2 },
        { f32: train.optimizer === 'adam' ? ADAM.eps : RMSPROP.eps }, { f32: train.learningRate / bc1 }, { f32: Math.sqrt(1 - ADAM.beta2 ** t) }, { f32: RMSPROP.alpha },
      ]),
    );
  }

  private sideNetwork(T: number): GpuNetwork {
    const s = this.state;
    let net = s.side.get(T);
    if (!net) {
      if (s.side.size >= 4) {
        for (const [k, n] of s.side) {
          if (k === 1) continue; // keep the sampler's network
          n.destroy();
          s.side.delete(k);
        }
      }
      net = new GpuNetwork(this.gpu.device, this.kernels, this.model!, s.vocab.size, 1, T, s.params, s.grad, s.transposed, this.labels);
      s.side.set(T, net);
    }
    return net;
  }
}
