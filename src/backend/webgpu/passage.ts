// Passages on the GPU (the twins of src/model/passage.ts's references), every part's gates,
// states and probabilities read back from the GPU's own buffers (readTrace) and joined as the
// references join theirs:
//   a text: window after window through a B = 1 network of the window's length, the forward
//           direction's final state carried into the next window on the GPU (encodeCarry, as
//           training carries it);
//   a task's sequences: each through a B = 1 network of its length from a zero state, shortest
//           first so that each length's network is built once.
import { joinSequences, joinWindows, passageWindows, type PassagePart, type Passage } from '../../model/passage.ts';
import type { GpuNetwork } from './network.ts';
import { readTrace, run } from './trace.ts';

/** One forward pass of the batch written into `net` (B = 1), read back as a passage's part. */
async function forwardPart(device: GPUDevice, net: GpuNetwork, inputs: Int32Array, targets: Int32Array, carried: boolean, carry: boolean): Promise<PassagePart> {
  net.writeBatch(inputs, targets);
  run(device, net, false, carried, carry);
  const { probs, layers } = await readTrace(device, net);
  return { inputs, targets, probs, layers: layers.map((dirs) => dirs.map(({ post, c, h }) => ({ post, c, h }))) };
}

/** `net` must have T = window and B = 1; ids are the passage's characters (ids[i] -> ids[i+1]). */
export async function passageOnGpu(device: GPUDevice, net: GpuNetwork, ids: Int32Array, window: number, topK: number): Promise<Passage> {
  const parts = [];
  for (const [w, { inputs, targets }] of passageWindows(ids, window).entries()) parts.push(await forwardPart(device, net, inputs, targets, w > 0, true));
  return joinWindows(net.model, net.V, parts, topK);
}

/** `netOf(T)` gives a B = 1 network of T steps (a classifier's, for `classifier`). */
export async function sequencesOnGpu(device: GPUDevice, netOf: (T: number) => GpuNetwork, sequences: { inputs: Int32Array; targets: Int32Array }[], topK: number, classifier: boolean): Promise<Passage> {
  const parts: PassagePart[] = new Array(sequences.length);
  const order = sequences.map((_, s) => s).sort((a, b) => sequences[a]!.inputs.length - sequences[b]!.inputs.length);
  let net: GpuNetwork | null = null;
  for (const s of order) {
    const { inputs, targets } = sequences[s]!;
    net = netOf(inputs.length);
    parts[s] = await forwardPart(device, net, inputs, targets, false, false);
  }
  return joinSequences(net!.model, net!.V, parts, topK, classifier);
}
