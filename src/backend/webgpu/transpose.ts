// The recurrent weights in the two layouts the cell kernels read, next to the flat parameters:
// W_hh^T, so the forward kernel's adjacent lanes read adjacent weights, and W_hh with its rows
// padded, for the backward product's aligned vec4 loads (software adapters). refresh() rebuilds
// both from the parameters (init, setParams); during training the optimizer kernel keeps them
// current in the same dispatch. Where each block's copies lie: layout.ts RecurrentCopies.
import type { ModelConfig } from '../../model/config.ts';
import type { ParamLayout } from '../../model/params.ts';
import { grid, type Kernels } from './kernels.ts';
import { RecurrentCopies } from './layout.ts';
import { Blocks, storageUsage } from './uniforms.ts';

export class RecurrentTranspose {
  /** paramsT: per (layer, direction), W_hh^T (H, G*Hp) then the padded W_hh (G*H, Hp). */
  readonly buffer: GPUBuffer;
  /** Uniform Blocks for transpose.wgsl and optimizer.wgsl. */
  readonly blocks: GPUBuffer;
  /** The offsets of both copies in `buffer`. */
  readonly copies: RecurrentCopies;

  constructor(
    private readonly device: GPUDevice,
    private readonly kernels: Kernels,
    model: ModelConfig,
    layout: ParamLayout,
  ) {
    const copies = (this.copies = new RecurrentCopies(model, layout));
    const b = copies.src.flatMap((ds, l) => ds.map((src, d) => [src, copies.transposed[l]![d]!, copies.padded[l]![d]!, 0] as const));
    // created zeroed: the padding columns are never written
    this.buffer = device.createBuffer({ label: 'W_hh^T and padded W_hh', size: copies.floats * 4, usage: storageUsage() });
    this.blocks = Blocks.create(device, 'transpose blocks', { count: b.length, rows: copies.G * copies.H, cols: copies.H, Hp: copies.Hp, b });
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
    pass.dispatchWorkgroups(...grid(this.copies.elements));
    pass.end();
    this.device.queue.submit([enc.finish()]);
  }

  get bytes(): number {
    return this.buffer.size + this.blocks.size;
  }

  destroy(): void {
    this.buffer.destroy();
    this.blocks.destroy();
  }
}
