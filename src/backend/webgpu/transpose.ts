// W_hh^T for every (layer, direction), next to the flat parameters: the forward cell kernel reads
// it so adjacent lanes read adjacent weights. refresh() rebuilds it from the parameters (init,
// setParams); during training the optimizer kernel keeps it current in the same dispatch.
// paramsT holds the blocks back to back: block (l, d) is (H, G*Hp) at offsets[l][d], each gate's
// H columns padded to Hp = H rounded up to 4 with zero columns (shaders/blocks.wgsl), so the
// kernel reads 4 adjacent units as one aligned vec4; every offset is a multiple of 4 floats.
import { directions, gateCount, type ModelConfig } from '../../model/config.ts';
import type { ParamLayout } from '../../model/params.ts';
import { grid, type Kernels } from './kernels.ts';
import { storageUsage, uniformBuffer } from './uniforms.ts';

export class RecurrentTranspose {
  readonly buffer: GPUBuffer;
  /** Uniform {count, blocks[8] of (src, dst, rows, cols)} for transpose.wgsl and optimizer.wgsl. */
  readonly blocks: GPUBuffer;
  /** [layer][direction] float offset of W_hh^T in `buffer`. */
  readonly offsets: number[][];
  /** Weights transposed (the padding excluded). */
  private readonly elements: number;

  constructor(
    private readonly device: GPUDevice,
    private readonly kernels: Kernels,
    model: ModelConfig,
    layout: ParamLayout,
  ) {
    const H = model.hiddenSize;
    const G = gateCount(model.cell);
    const GH = G * H;
    const count = model.numLayers * directions(model);
    const blockSize = H * G * (Math.ceil(H / 4) * 4); // (H, G*Hp) floats
    const fields: number[] = [count, 0, 0, 0];
    this.offsets = layout.layers.map((dirs, l) =>
      dirs.map((lo, d) => {
        const dst = (l * dirs.length + d) * blockSize;
        fields.push(lo.wHh, dst, GH, H);
        return dst;
      }),
    );
    while (fields.length < 4 + 8 * 4) fields.push(0);
    this.elements = count * GH * H;
    // created zeroed: the padding columns are never written
    this.buffer = device.createBuffer({ label: 'W_hh^T', size: count * blockSize * 4, usage: storageUsage() });
    this.blocks = uniformBuffer(device, 'transpose blocks', fields);
  }

  /** Rebuilds W_hh^T from `params` (one submit). */
  refresh(params: GPUBuffer): void {
    const pipeline = this.kernels.pipeline('transpose');
    const group = this.device.createBindGroup({
      layout: pipeline.getBindGroupLayout(0),
      entries: [this.blocks, params, this.buffer].map((buffer, binding) => ({ binding, resource: { buffer } })),
    });
    const enc = this.device.createCommandEncoder({ label: 'transpose' });
    const pass = enc.beginComputePass();
    pass.setPipeline(pipeline);
    pass.setBindGroup(0, group);
    pass.dispatchWorkgroups(...grid(this.elements));
    pass.end();
    this.device.queue.submit([enc.finish()]);
  }

  destroy(): void {
    this.buffer.destroy();
    this.blocks.destroy();
  }
}
