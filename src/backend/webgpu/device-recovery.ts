// Device-loss recovery for WebGpuBackend: every `snapshotEvery` steps a training step's command
// buffer also copies the parameters to a staging buffer that is mapped without waiting, so the
// CPU always holds a recent parameter snapshot; when the device is lost, the backend's next call
// gets a new device from the same GPU entry point here and rebuilds itself from that snapshot.
import { acquireGpu, GpuLostError, type GpuContext } from './device.ts';

export interface Snapshot {
  /** The update whose parameters these are. */
  step: number;
  params: Float32Array;
}

export class DeviceRecovery {
  /** Each recovery from a lost device: why, and the step whose parameters were restored. */
  readonly recoveries: { reason: string; restoredStep: number }[] = [];
  /** The latest parameters that came back from the GPU. */
  snapshot: Snapshot | null = null;
  private staging: GPUBuffer | null = null; // (P) MAP_READ: the parameters of the step that copied them
  private watched: GpuContext | null = null;
  private lostReason: string | null = null;

  constructor(
    /** Take an asynchronous parameter snapshot every this many steps. */
    readonly snapshotEvery: number,
  ) {}

  /** Follows `ctx`: once it is lost, `lost` says why until `reacquire`. */
  watch(ctx: GpuContext): void {
    this.watched = ctx;
    void ctx.device.lost.then((info) => {
      if (this.watched === ctx) this.lostReason = info.message || `device lost (${info.reason})`;
    });
  }

  /** Why the device was lost, or null while it is not. */
  get lost(): string | null {
    return this.lostReason;
  }

  /** A model was set up: `params` are step 0's parameters; later snapshots copy `bytes` from the GPU. */
  start(device: GPUDevice, params: Float32Array, bytes: number): GPUBuffer {
    this.staging = device.createBuffer({ label: 'snapshot', size: bytes, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
    this.snapshot = { step: 0, params: Float32Array.from(params) };
    return this.staging;
  }

  /** In step `step`'s encoder: the parameter copy when one is due and the staging buffer is free. */
  encode(enc: GPUCommandEncoder, params: GPUBuffer, step: number): GPUBuffer | null {
    const snap = step % this.snapshotEvery === 0 && this.staging?.mapState === 'unmapped' ? this.staging : null;
    if (snap) enc.copyBufferToBuffer(params, 0, snap, 0, snap.size);
    return snap;
  }

  /** After the submit: maps the copy without waiting; it becomes the snapshot when it lands. */
  take(staging: GPUBuffer, step: number): void {
    staging.mapAsync(GPUMapMode.READ).then(
      () => {
        this.snapshot = { step, params: new Float32Array(staging.getMappedRange().slice(0)) };
        staging.unmap();
      },
      () => undefined, // disposed or lost before the copy landed: keep the previous snapshot
    );
  }

  /** The staging buffer is gone (destroyed by its owner, or with the device). */
  forget(): void {
    this.staging = null;
  }

  /** A new device from the same GPU entry point, watched. Throws, with both reasons, when none can be had. */
  async reacquire(old: GpuContext): Promise<GpuContext> {
    const reason = this.lostReason ?? 'device lost';
    let ctx: GpuContext;
    try {
      ctx = await acquireGpu(old.gpu);
    } catch (err) {
      throw new GpuLostError(`${reason}; ${(err as Error).message}`, { cause: err });
    }
    this.lostReason = null;
    this.watch(ctx);
    return ctx;
  }

  /** The model was rebuilt from `snapshot` after losing the device for `reason`. */
  restored(reason: string, snapshot: Snapshot): void {
    this.snapshot = snapshot;
    this.recoveries.push({ reason, restoredStep: snapshot.step });
  }
}
