// Resuming a run on the GPU (src/model/resume.ts TrainingState): what the backend reads back to
// hand a run's state out — the optimizer's moments and the next-character network's carried
// h0 (and c0) per layer, forward direction — and writes back to continue from one.
import { cellSpec } from '../../model/cells/registry.ts';
import { keepsMoments, type TrainingState } from '../../model/resume.ts';
import type { GpuNetwork } from './network.ts';
import { readRegions, type Region } from './readback.ts';
import type { StepTail } from './step-tail.ts';

/** The carried state's regions of `net` (B, H) per layer: h0, then c0 for a cell with c. */
function carriedRegions(net: GpuNetwork): Region[] {
  const { h0, c0 } = net.sections.states;
  const count = net.B * net.H;
  const withC = cellSpec(net.model).hasCellState;
  return net.layers.flatMap((L) => [{ buffer: L.states, offset: h0, count }, ...(withC ? [{ buffer: L.states, offset: c0, count }] : [])]);
}

/** The state of a run at `step` after `batches` drawn (one readback of the moments, one of the carried state). */
export async function readTrainingState(device: GPUDevice, tail: StepTail, kind: TrainingState['optimizer']['kind'], step: number, batches: number, net: GpuNetwork | null): Promise<TrainingState> {
  const { t, m, v } = await tail.moments();
  const parts = net ? await readRegions(device, carriedRegions(net)) : [];
  const carried = new Float32Array(parts.reduce((n, a) => n + a.length, 0));
  parts.reduce((at, a) => (carried.set(a, at), at + a.length), 0);
  return { step, batches, optimizer: { kind, t, m: kind === 'adam' ? m : new Float32Array(0), v: kind === 'sgd' ? new Float32Array(0) : v }, carried };
}

/** Writes a saved state's moments (when its optimizer is the run's; else they restart) and
 *  carried state into the run's buffers. RangeError when a length does not fit. */
export function writeTrainingState(device: GPUDevice, tail: StepTail, kind: TrainingState['optimizer']['kind'], P: number, r: TrainingState, net: GpuNetwork | null): void {
  if (keepsMoments(r.optimizer, kind, P)) tail.restoreMoments(r.optimizer.t, r.optimizer.m, r.optimizer.v);
  const regions = net ? carriedRegions(net) : [];
  const n = regions.reduce((k, g) => k + g.count, 0);
  if (r.carried.length !== n) throw new RangeError(`the saved carried state has ${r.carried.length} numbers; this model carries ${n}`);
  let at = 0;
  for (const g of regions) {
    device.queue.writeBuffer(g.buffer, g.offset * 4, r.carried, at, g.count);
    at += g.count;
  }
}
