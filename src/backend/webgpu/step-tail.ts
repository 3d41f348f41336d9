// The end of every training step, after a network's backward pass: the gradient's global norm and
// the mean loss (stats.wgsl: partial over the flat gradient, then finalize over the network's loss
// rows), then clipping and the optimizer over the flat parameters (optimizer.wgsl, which also keeps
// the recurrent weight copies of paramsT current). Owns the buffers these read and write and
// writes their per-step uniforms.
import { ADAM, RMSPROP } from '../../model/optim.ts';
import type { TrainConfig } from '../../model/config.ts';
import { learningRateAt } from '../../model/schedule.ts';
import { grid, type Kernels } from './kernels.ts';
import { readRegions } from './readback.ts';
import type { Dispatch, GpuNetwork } from './network.ts';
import type { RecurrentTranspose } from './transpose.ts';
import { Hyper, StatsDims, storageUsage } from './uniforms.ts';

/** Floats of `stats`: loss, gradNorm, clipped, finite, scale, maxAbs, accuracy, 0 (stats.wgsl). */
export const STATS_FLOATS = 8;
const CHUNK = 4096; // gradient elements per stats.partial workgroup (CHUNK in stats.wgsl)
const OPTIMIZER_CODE = { sgd: 0, adam: 1, rmsprop: 2 } as const;
const CLIP_CODE = { none: 0, norm: 1, value: 2 } as const;

export class StepTail {
  readonly grad: GPUBuffer; //     (P) the gradient of the flat parameters
  readonly stats: GPUBuffer; //    (STATS_FLOATS) the step's results
  private readonly m: GPUBuffer; // (P) Adam's first moment
  private readonly v: GPUBuffer; // (P) Adam's / RMSprop's second moment
  private readonly partials: GPUBuffer; // (numPartials, 2) per chunk: sum of squares, max |g|
  private readonly statsDims: GPUBuffer; // StatsDims, written each step
  private readonly hyper: GPUBuffer; //     Hyper, written each step
  /** Updates since the moments started from zero (Adam's t; the CPU's OptimizerState.t). */
  private updates = 0;
  /** stats.partial, before the network's finalize. */
  readonly partial: Dispatch;
  /** Clipping and the optimizer, after it. */
  readonly optimizer: Dispatch;
  private readonly numPartials: number;
  private readonly finalizePipeline: GPUComputePipeline;

  constructor(
    private readonly device: GPUDevice,
    kernels: Kernels,
    /** Parameters in the flat buffer. */
    private readonly P: number,
    params: GPUBuffer,
    transposed: RecurrentTranspose,
  ) {
    const buffer = (label: string, floats: number) => device.createBuffer({ label, size: Math.max(4, floats * 4), usage: storageUsage() });
    const uniform = (label: string, bytes: number) => device.createBuffer({ label, size: bytes, usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST });
    this.numPartials = Math.ceil(P / CHUNK);
    this.grad = buffer('grad', P);
    this.m = buffer('adam.m', P);
    this.v = buffer('moment.v', P);
    this.partials = buffer('partials', 2 * this.numPartials);
    this.stats = buffer('stats', STATS_FLOATS);
    this.statsDims = uniform('statsDims', StatsDims.bytes);
    this.hyper = uniform('hyper', Hyper.bytes);
    const statsForm = { WG: kernels.wide ? 256 : 64 }; // stats.wgsl's WG
    const partial = kernels.pipeline('stats', 'partial', statsForm);
    const optimizer = kernels.pipeline('optimizer');
    this.finalizePipeline = kernels.pipeline('stats', 'finalize', statsForm);
    const [ox, oy] = grid(P);
    this.partial = { pipeline: partial, groups: [this.bind(partial, [[0, this.statsDims], [1, this.grad], [2, this.partials]])], x: this.numPartials, y: 1 };
    this.optimizer = {
      pipeline: optimizer,
      groups: [this.bind(optimizer, [[0, this.hyper], [1, params], [2, this.grad], [3, this.m], [4, this.v], [5, this.stats], [6, transposed.blocks], [7, transposed.buffer]])],
      x: ox,
      y: oy,
    };
  }

  /** stats.finalize over `net`'s loss and accuracy rows (one per training network). */
  finalize(net: GpuNetwork): Dispatch {
    const p = this.finalizePipeline;
    return { pipeline: p, groups: [this.bind(p, [[0, this.statsDims], [2, this.partials], [3, net.lossRows], [4, this.stats], [5, net.rightRows]])], x: 1, y: 1 };
  }

  /** The next step's uniforms on `net`'s batch: the optimizer's t-th since its moments started
   *  from zero, at the schedule's rate for the run's update `step` (the updates before it). */
  writeUniforms(train: TrainConfig, net: GpuNetwork, step: number): void {
    const t = ++this.updates;
    const lr = learningRateAt(train.schedule, train.learningRate, step);
    const q = this.device.queue;
    const { P } = this;
    const clipMode = CLIP_CODE[train.clipMode];
    StatsDims.write(q, this.statsDims, { P, numPartials: this.numPartials, N: net.R, clipMode, invCount: 1 / Math.max(1, net.counted), clipValue: train.clipValue });
    Hyper.write(q, this.hyper, {
      P, kind: OPTIMIZER_CODE[train.optimizer], clipMode,
      lr, clipValue: train.clipValue, beta1: ADAM.beta1, beta2: ADAM.beta2,
      eps: train.optimizer === 'adam' ? ADAM.eps : RMSPROP.eps, stepSize: lr / (1 - ADAM.beta1 ** t), sqrtBc2: Math.sqrt(1 - ADAM.beta2 ** t), alpha: RMSPROP.alpha,
    });
  }

  /** Restarts the optimizer's moments (one submit) and its bias correction's count. */
  resetMoments(): void {
    this.updates = 0;
    const enc = this.device.createCommandEncoder();
    enc.clearBuffer(this.m);
    enc.clearBuffer(this.v);
    this.device.queue.submit([enc.finish()]);
  }

  /** Adam's t and both moments as they are after the submitted steps (one readback). */
  async moments(): Promise<{ t: number; m: Float32Array; v: Float32Array }> {
    const t = this.updates;
    const [m, v] = await readRegions(this.device, [{ buffer: this.m, offset: 0, count: this.P }, { buffer: this.v, offset: 0, count: this.P }]);
    return { t, m: m!, v: v! };
  }

  /** Moments saved by moments() (an empty one: zeros) and their count, before the next step. */
  restoreMoments(t: number, m: Float32Array, v: Float32Array): void {
    this.resetMoments();
    const q = this.device.queue;
    if (m.length) q.writeBuffer(this.m, 0, m);
    if (v.length) q.writeBuffer(this.v, 0, v);
    this.updates = t;
  }

  private get buffers(): GPUBuffer[] {
    return [this.grad, this.stats, this.m, this.v, this.partials, this.statsDims, this.hyper];
  }

  /** Bytes of its GPU buffers: the gradient, the optimizer's moments, the stats. */
  get bytes(): number {
    return this.buffers.reduce((n, b) => n + b.size, 0);
  }

  destroy(): void {
    for (const b of this.buffers) b.destroy();
  }

  private bind(pipeline: GPUComputePipeline, buffers: [number, GPUBuffer][]): GPUBindGroup {
    return this.device.createBindGroup({ layout: pipeline.getBindGroupLayout(0), entries: buffers.map(([binding, buffer]) => ({ binding, resource: { buffer } })) });
  }
}
