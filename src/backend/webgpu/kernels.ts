// The kernel table: every WGSL source (with the shared prelude, its includes, and for the cell
// kernels the registry's CELL_<NAME> constants) and a per-device pipeline cache keyed by (kernel,
// entry point, override constants). Pipelines are built once per shape/cell.
import blocks from '../../../shaders/blocks.wgsl?raw';
import gemmTile from '../../../shaders/gemm_tile.wgsl?raw';
import classifierFinal from '../../../shaders/classifier_final.wgsl?raw';
import cellDims from '../../../shaders/cell_dims.wgsl?raw';
import recurrentDh from '../../../shaders/recurrent_dh.wgsl?raw';
import common from '../../../shaders/common.wgsl?raw';
import cellBackward from '../../../shaders/cell_backward.wgsl?raw';
import cellBackwardDh from '../../../shaders/cell_backward_dh.wgsl?raw';
import cellForward from '../../../shaders/cell_forward.wgsl?raw';
import embedForward from '../../../shaders/embed_forward.wgsl?raw';
import embedGrad from '../../../shaders/embed_grad.wgsl?raw';
import matmulNn from '../../../shaders/matmul_nn.wgsl?raw';
import matmulNt from '../../../shaders/matmul_nt.wgsl?raw';
import optimizer from '../../../shaders/optimizer.wgsl?raw';
import peepholeGrad from '../../../shaders/peephole_grad.wgsl?raw';
import softmaxXent from '../../../shaders/softmax_xent.wgsl?raw';
import stats from '../../../shaders/stats.wgsl?raw';
import transpose from '../../../shaders/transpose.wgsl?raw';
import weightGrad from '../../../shaders/weight_grad.wgsl?raw';
import { wgslCellCode, wgslCellConstants } from '../../model/cells/registry.ts';
import type { ModelConfig } from '../../model/config.ts';

export const KERNEL_SOURCES = {
  cell_forward: cellForward,
  cell_backward: cellBackward,
  cell_backward_dh: cellBackwardDh,
  embed_forward: embedForward,
  embed_grad: embedGrad,
  matmul_nt: matmulNt,
  matmul_nn: matmulNn,
  softmax_xent: softmaxXent,
  weight_grad: weightGrad,
  peephole_grad: peepholeGrad,
  stats,
  optimizer,
  transpose,
  classifier_final: classifierFinal,
} as const;

export type KernelName = keyof typeof KERNEL_SOURCES;

/** The cell kernels' shared declarations: the registry's cell constants (CELL_LSTM ...), then the
 *  cell form, uniforms and cell_at (shaders/cell_dims.wgsl). */
const CELL = `${wgslCellConstants()}\n${cellDims}`;

/** Declarations shared by kernels that bind the same buffers, prepended after the prelude. */
const INCLUDES: Partial<Record<KernelName, string>> = {
  cell_forward: CELL,
  cell_backward: `${CELL}\n${recurrentDh}`,
  cell_backward_dh: `${CELL}\n${recurrentDh}`,
  optimizer: blocks,
  transpose: blocks,
  weight_grad: gemmTile,
  matmul_nt: gemmTile,
  matmul_nn: gemmTile,
};

/** The CELL override constant of the cell kernels for a model (the registry's code of its form). */
export function cellCode(m: ModelConfig): number {
  return wgslCellCode(m);
}

/** Workgroup size of the one-thread-per-element kernels. */
export const WG = 64;
/** Largest hidden size the cell kernels hold in workgroup memory (cell_forward's hrow). */
export const MAX_HIDDEN = 1024;
/** Most gate rows recurrent_dh stages in workgroup memory per pass (its CHUNK). */
export const MAX_CHUNK = 512;

/**
 * Entries of a workgroup array sized by an override constant (cell_forward's HROW,
 * recurrent_dh's CHUNK): the next power of two at or above `need` (at least 16), at most `max`.
 * Sized to the model rather than to the largest: SwiftShader's compile time grows faster than the
 * array (a 16 KB array alone costs 1.3 s, 1 KB 28 ms; bench/NOTES.md), and a real GPU fits more
 * workgroups beside each other; powers of two keep the pipelines few.
 */
export function workgroupEntries(need: number, max: number): number {
  return Math.min(max, 2 ** Math.ceil(Math.log2(Math.max(16, need))));
}

/** The kernel tables of each device, narrow and wide: every backend on a device shares them. */
const perDevice = new WeakMap<GPUDevice, Map<boolean, Kernels>>();

export class Kernels {
  private readonly modules = new Map<KernelName, GPUShaderModule>();
  private readonly pipelines = new Map<string, GPUComputePipeline>();

  /**
   * The device's table of this form, built once: compiling a pipeline costs tens to hundreds of
   * milliseconds (on SwiftShader, most of a small model's setup), and the runs of a session, its
   * trace and step networks, and a rebuilt run all need the same ones.
   */
  static for(device: GPUDevice, wide: boolean): Kernels {
    let forms = perDevice.get(device);
    if (!forms) perDevice.set(device, (forms = new Map()));
    let k = forms.get(wide);
    if (!k) forms.set(wide, (k = new Kernels(device, wide)));
    return k;
  }

  /**
   * `wide`: spread the recurrent products of the cell kernels over many workgroups (unit tiles in
   * cell_forward, cell_backward_dh as a dispatch of its own). What a real GPU needs; a software
   * adapter (2 CPU cores) gains nothing from the parallelism and pays for each extra dispatch, so
   * it runs the narrow form (bench/NOTES.md, optimisations 5 and 6).
   */
  constructor(
    readonly device: GPUDevice,
    readonly wide = true,
  ) {}

  pipeline(name: KernelName, entryPoint = 'main', constants: Record<string, number> = {}): GPUComputePipeline {
    const key = `${name}:${entryPoint}:${JSON.stringify(constants)}`;
    let p = this.pipelines.get(key);
    if (!p) {
      let module = this.modules.get(name);
      if (!module) {
        module = this.device.createShaderModule({ label: name, code: `${common}\n${INCLUDES[name] ?? ''}\n${KERNEL_SOURCES[name]}` });
        this.modules.set(name, module);
      }
      p = this.device.createComputePipeline({ label: key, layout: 'auto', compute: { module, entryPoint, constants } });
      this.pipelines.set(key, p);
    }
    return p;
  }
}

/** Splits a count of 64-thread workgroups into an (x, y) grid within the 65,535 per-dimension limit. */
export function grid(threads: number, wg = WG): [number, number] {
  const groups = Math.max(1, Math.ceil(threads / wg));
  if (groups <= 65535) return [groups, 1];
  const y = Math.ceil(groups / 65535);
  return [Math.ceil(groups / y), y];
}
