// The validation loss of a next-character model on the GPU: the held-out text read from zero
// state in windows of T steps with the state carried across them, then one shorter window for
// the rest — the windows of evaluateLoss (src/model/train.ts), its CPU twin. Only forward passes
// of the B = 1 networks the backend keeps for traces (forward dispatches, no backward, no
// update). Every window's inputs and targets are uploaded once; per window the encoder copies its
// slice into the network, runs the forward pass, copies the per-position losses (lossRows) into
// one buffer and carries h (and c) into the next window; one readback of those losses at the end.
import { cellSpec } from '../../model/cells/registry.ts';
import { GpuNetwork } from './network.ts';
import { readFloats } from './readback.ts';
import type { SideNets } from './train-nets.ts';
import { storageUsage } from './uniforms.ts';

/** Windows encoded per submit (one readback for all of them, at the end). */
const WINDOWS_PER_SUBMIT = 32;

/** Mean cross-entropy (nats) of predicting ids[1..] from ids[..n-1]; `side` holds the backend's
 *  B = 1 networks by length. */
export async function validationLossOnGpu(device: GPUDevice, side: SideNets, ids: Int32Array, window: number): Promise<number> {
  const positions = ids.length - 1;
  if (positions < 1) throw new RangeError('a validation loss needs at least two ids');
  const T = Math.max(1, Math.min(window, positions));
  const full = Math.floor(positions / T);
  const rest = positions - full * T;
  const [netT, netRest] = side.getAll(rest > 0 ? [T, rest] : [T]);
  const u32 = (a: Int32Array) => Uint32Array.from(a);
  const buffer = (label: string, data: Uint32Array | null, floats: number) => {
    const b = device.createBuffer({ label, size: Math.max(4, floats * 4), usage: storageUsage() });
    if (data) device.queue.writeBuffer(b, 0, data);
    return b;
  };
  const inputs = buffer('val.inputs', u32(ids.subarray(0, positions)), positions); // (positions) u32
  const targets = buffer('val.targets', u32(ids.subarray(1)), positions); //         (positions) u32
  const losses = buffer('val.losses', null, positions); //                            (positions) f32, -log p per position
  try {
    const windows = [...Array.from({ length: full }, (_, w) => ({ start: w * T, T, n: netT! })), ...(netRest ? [{ start: full * T, T: rest, n: netRest }] : [])];
    let prev: GpuNetwork | null = null;
    for (let first = 0; first < windows.length; first += WINDOWS_PER_SUBMIT) {
      const enc = device.createCommandEncoder({ label: 'validation' });
      for (const w of windows.slice(first, first + WINDOWS_PER_SUBMIT)) {
        const { n } = w;
        if (n !== prev) n.writeBatch(ids.subarray(w.start, w.start + w.T), ids.subarray(w.start + 1, w.start + w.T + 1)); // its softmax uniforms
        enc.copyBufferToBuffer(inputs, w.start * 4, n.ids, 0, w.T * 4);
        enc.copyBufferToBuffer(targets, w.start * 4, n.targets, 0, w.T * 4);
        if (n !== prev) n.encodePre(enc, true); // zero state (a network may hold another pass's)
        if (prev && n !== prev) carryInto(enc, prev, n);
        const pass = enc.beginComputePass({ label: 'validation window' });
        GpuNetwork.encode(pass, n.forwardDispatches);
        pass.end();
        enc.copyBufferToBuffer(n.lossRows, 0, losses, w.start * 4, w.T * 4);
        n.encodeCarry(enc);
        prev = n;
      }
      device.queue.submit([enc.finish()]);
    }
    const rows = await readFloats(device, losses);
    let total = 0;
    for (const x of rows) total += x;
    return total / positions;
  } finally {
    for (const b of [inputs, targets, losses]) b.destroy();
  }
}

/** The carried h0 (and c0) of `from` (after its encodeCarry) into `to`'s initial state, per layer. */
function carryInto(enc: GPUCommandEncoder, from: GpuNetwork, to: GpuNetwork): void {
  const rowBytes = from.B * from.H * 4; // (B, H) of the forward direction
  const a = from.sections.states;
  const b = to.sections.states;
  const pairs = cellSpec(from.model).hasCellState ? [[a.h0, b.h0], [a.c0, b.c0]] : [[a.h0, b.h0]];
  from.layers.forEach((L, l) => {
    for (const [src, dst] of pairs) enc.copyBufferToBuffer(L.states, src! * 4, to.layers[l]!.states, dst! * 4, rowBytes);
  });
}
