// Step mode on the GPU: each tick dispatches exactly one (layer, time step) of the fused cell
// kernel — plus the layer's input projection where it is needed, and the decoder when the tick
// completes a prediction (a classifier: its head after the last tick) — then reads back only
// that step's gates and states.
import { cellSpec } from '../../model/cells/registry.ts';
import type { ModelConfig } from '../../model/config.ts';
import { outputAt, tickOrder, type StepState, type StepTick } from '../../model/stepping.ts';
import { GpuNetwork, type Dispatch } from './network.ts';
import { readRegions, type Region } from './readback.ts';

export class GpuStepper {
  readonly ticks: StepTick[];
  /** Cell dispatches and all dispatches of the last tick (the cell count is always 1). */
  lastDispatches = { cell: 0, total: 0 };
  private done = 0;

  constructor(
    private readonly device: GPUDevice,
    private readonly net: GpuNetwork,
    private readonly model: ModelConfig,
    inputs: Int32Array,
  ) {
    this.ticks = tickOrder(model.numLayers, net.T, model.bidirectional);
    net.writeBatch(inputs, new Int32Array(net.R).fill(-1));
    const enc = device.createCommandEncoder({ label: 'stepper reset' });
    net.encodePre(enc, true);
    device.queue.submit([enc.finish()]);
  }

  get position(): number {
    return this.done;
  }

  /** Runs the next tick; null when the window is done. */
  async step(): Promise<StepState | null> {
    const tick = this.ticks[this.done];
    if (!tick) return null;
    const { net, model } = this;
    const { layer, s } = tick;
    const f = net.layerForward[layer]!;
    // the projection of layer 0 once; of a layer above before each of its ticks (time-major) or at
    // its first tick (layer-major): positions not yet computed below are recomputed later
    const needsProjection = layer === 0 ? this.done === 0 : !model.bidirectional || s === 0;
    const predicts = outputAt(this.ticks, this.done, model.numLayers, model.bidirectional, net.labels);
    const list: Dispatch[] = [...(needsProjection ? [f.projection] : []), f.cells[s]!, ...(predicts ? net.decoderForward : [])];
    const enc = this.device.createCommandEncoder({ label: `step ${layer}:${s}` });
    const pass = enc.beginComputePass();
    GpuNetwork.encode(pass, list);
    pass.end();
    this.device.queue.submit([enc.finish()]);
    this.lastDispatches = { cell: 1, total: list.length };

    const at = net.sections; // B = 1: batch row 0
    const { H, GH } = at;
    const L = net.layers[layer]!;
    const hasC = cellSpec(model).hasCellState;
    const positions = Array.from({ length: at.dirs }, (_, d) => at.position(d, s));
    const regions: Region[] = positions.flatMap((t, d) => [
      { buffer: L.acts, offset: at.acts.pre + at.at(d, t, 0, GH), count: GH },
      { buffer: L.acts, offset: at.acts.post + at.at(d, t, 0, GH), count: GH },
      { buffer: L.states, offset: at.states.h + at.at(d, t, 0, H), count: H },
      { buffer: L.states, offset: at.states.c + at.at(d, t, 0, H), count: hasC ? H : 0 },
    ]);
    if (predicts) regions.push({ buffer: net.logits, offset: net.labels > 0 ? 0 : s * net.K, count: net.K });
    const got = await readRegions(this.device, regions);
    this.done++;
    return {
      tick: this.done - 1,
      layer,
      s,
      dirs: positions.map((t, d) => ({ t, pre: got[4 * d]!, post: got[4 * d + 1]!, h: got[4 * d + 2]!, c: hasC ? got[4 * d + 3]! : null })),
      probs: predicts ? got[4 * at.dirs]! : null,
    };
  }

  close(): void {
    this.net.destroy();
  }
}
