// A passage on the GPU (the twin of src/model/passage.ts): window after window through a B = 1
// network of the window's length, the forward direction's final state carried into the next
// window on the GPU (encodeCarry, as training carries it), every window's gates, states and
// probabilities read back from the GPU's own buffers (readTrace) and joined as the reference
// joins its windows.
import { joinWindows, passageWindows, type Passage } from '../../model/passage.ts';
import type { GpuNetwork } from './network.ts';
import { readTrace, run } from './trace.ts';

/** `net` must have T = window and B = 1; ids are the passage's characters (ids[i] -> ids[i+1]). */
export async function passageOnGpu(device: GPUDevice, net: GpuNetwork, ids: Int32Array, window: number, topK: number): Promise<Passage> {
  const windows = passageWindows(ids, window);
  const parts = [];
  for (const [w, { inputs, targets }] of windows.entries()) {
    net.writeBatch(inputs, targets);
    run(device, net, false, w > 0, true);
    const { probs, layers } = await readTrace(device, net);
    parts.push({ probs, layers: layers.map((dirs) => dirs.map(({ post, c, h }) => ({ post, c, h }))) });
  }
  return joinWindows(net.model, net.V, windows, parts, topK);
}
