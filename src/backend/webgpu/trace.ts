// Traces on the GPU: one forward and backward pass of a window (B = 1, zero initial state) on a
// B = 1 network, then every gate, state, gradient norm and prediction read back from the GPU's
// own buffers (never recomputed on the CPU; the gradient norms of the inputs' W_ih columns,
// dxNorm, are summed up here from the read-back gate gradients). A classifier's trace reads a
// sentence and its label.
import { cellSpec, gateNames } from '../../model/cells/registry.ts';
import { argmax } from '../../model/linalg.ts';
import { lossTargets, noPredictions, predictions, rowNorms, type DirTrace, type TraceLoss, type Trace } from '../../model/trace.ts';
import { GpuNetwork } from './network.ts';
import { readFloats, readRegions } from './readback.ts';

/** Forward (and, with `backward`, BPTT) of the batch written into `net`, submitted. From a zero
 *  state, or (`carried`) from the state the last pass carried; `carry` carries this pass's final
 *  state into the next (a passage's windows, as training's truncated BPTT). */
export function run(device: GPUDevice, net: GpuNetwork, backward: boolean, carried = false, carry = false): void {
  const enc = device.createCommandEncoder({ label: 'trace' });
  net.encodePre(enc, !carried);
  const pass = enc.beginComputePass({ label: 'trace' });
  GpuNetwork.encode(pass, net.forwardDispatches);
  if (backward) GpuNetwork.encode(pass, net.backwardDispatches);
  pass.end();
  if (carry) net.encodeCarry(enc);
  device.queue.submit([enc.finish()]);
}

/** The output probabilities, the mean loss and every layer's gates, states and gradient norms. */
export async function readTrace(device: GPUDevice, net: GpuNetwork): Promise<{ probs: Float32Array; loss: number; layers: DirTrace[][]; gateNames: readonly string[] }> {
  const { model, sections: at } = net;
  const { H, GH, dirs } = at;
  const hasC = cellSpec(model).hasCellState;
  /** Direction d's (T, B = 1, width) block of a section at `base`. */
  const dir = (a: Float32Array, base: number, d: number, width: number) => a.slice(base + at.at(d, 0, 0, width), base + at.at(d + 1, 0, 0, width));
  const whole = (buffer: GPUBuffer) => ({ buffer, offset: 0, count: buffer.size / 4 });
  const [probs, lossRows, ...perLayer] = await readRegions(device, [
    whole(net.logits),
    whole(net.lossRows),
    ...net.layers.flatMap((L) => [whole(L.acts), whole(L.states), whole(L.normsq), whole(L.dacts)]),
  ]);
  const layers: DirTrace[][] = net.layers.map((_, l) => {
    const [acts, states, normsq, dacts] = perLayer.slice(4 * l, 4 * l + 4) as [Float32Array, Float32Array, Float32Array, Float32Array];
    return Array.from({ length: dirs }, (_, d) => ({
      pre: dir(acts, at.acts.pre, d, GH),
      post: dir(acts, at.acts.post, d, GH),
      c: hasC ? dir(states, at.states.c, d, H) : null,
      h: dir(states, at.states.h, d, H),
      dhNorm: dir(normsq, at.normsq.dh, d, 1).map(Math.sqrt),
      dcNorm: hasC ? dir(normsq, at.normsq.dc, d, 1).map(Math.sqrt) : null,
      dxNorm: rowNorms(dir(dacts, at.dacts.dxp, d, GH), net.T, GH), // B = 1
    }));
  });
  const loss = lossRows!.reduce((a, b) => a + b, 0) / Math.max(1, net.counted);
  return { probs: probs!, loss, layers, gateNames: gateNames(model) };
}

/** `net` must have T = inputs.length and B = 1; targets (T) are the next ids, or a memory task's
 *  answers (-1 where nothing is asked). */
export async function traceOnGpu(device: GPUDevice, net: GpuNetwork, inputs: Int32Array, targets: Int32Array, topK: number, lossAt: TraceLoss): Promise<Trace> {
  const T = inputs.length;
  net.writeBatch(inputs, lossTargets(targets, lossAt));
  run(device, net, true);
  const { probs, loss, layers, gateNames } = await readTrace(device, net);
  return { T, H: net.H, gateNames, inputs, targets, loss, layers, ...predictions(probs, net.V, targets, topK) };
}

/** A classifier's trace of the sentence `ids`: `net` must be a classifier with T = ids.length and
 *  B = 1. Without `label`, a forward pass first finds the predicted label, whose loss is differentiated. */
export async function traceSentenceOnGpu(device: GPUDevice, net: GpuNetwork, ids: Int32Array, label?: number): Promise<Trace> {
  let target = label;
  if (target === undefined) {
    net.writeBatch(ids, Int32Array.of(-1));
    run(device, net, false);
    target = argmax(await readFloats(device, net.logits));
  }
  net.writeBatch(ids, Int32Array.of(target));
  run(device, net, true);
  const { probs, loss, layers, gateNames } = await readTrace(device, net);
  return { T: net.T, H: net.H, gateNames, inputs: ids.slice(), loss, layers, ...noPredictions(net.T), classifier: { probs, label: target } };
}
