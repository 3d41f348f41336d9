// The recurrent weights in the two layouts the cell kernels read, next to the flat parameters:
// W_hh^T, so the forward kernel's adjacent lanes read adjacent weights, and W_hh with its rows
// padded, for the backward product's aligned vec4 loads (software adapters). refresh() rebuilds
// both from the parameters (init, setParams); during training the optimizer kernel keeps them
// current in the same dispatch.
// paramsT holds the blocks back to back: block (l, d) at offsets[l][d] is W_hh^T (H, G*Hp), each
// gate's H columns padded to Hp = H rounded up to 4 with zero columns, then W_hh (G*H, Hp), each
// row padded the same way (shaders/blocks.wgsl); every offset is a multiple of 4 floats.
import { directions, gateCount, type ModelConfig } from '../../model/config.ts';
import type { ParamLayout } from '../../model/params.ts';
import { grid, type Kernels } from './kernels.ts';
import { storageUsage, uniformBuffer } from './uniforms.ts';

export class RecurrentTranspose {
  readonly buffer: GPUBuffer;
  /** Uniform {count, blocks[8] of (src, dst, rows, cols)} for transpose.wgsl and optimizer.wgsl. */
  readonly blocks: GPUBuffer;
  /** [layer][direction] float offset of W_hh^T in `buffer` (the padded W_hh follows it). */
  readonly offsets: number[][];
  /** Recurrent weights copied (the padding excluded). */
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
    const blockSize = 2 * GH * (Math.ceil(H / 4) * 4); // (H, G*Hp) + (G*H, Hp) floats
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
    this.buffer = device.createBuffer({ label: 'W_hh^T and padded W_hh', size: count * blockSize * 4, usage: storageUsage() });
    this.blocks = uniformBuffer(device, 'transpose blocks', fields);
  }

  /** Rebuilds both copies from `params` (one submit). */
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
