// Traces on the GPU: one forward and backward pass of a window (B = 1, zero initial state) on a
// B = 1 network, then every gate, state, gradient norm and prediction read back from the GPU's
// own buffers (never recomputed on the CPU).
import { lossTargets, predictions, type DirTrace, type LossAt, type Trace } from '../../model/trace.ts';
import { GpuNetwork } from './network.ts';
import { readRegions } from './readback.ts';

/** `net` must have T = ids.length - 1 and B = 1. */
export async function traceOnGpu(device: GPUDevice, net: GpuNetwork, ids: Int32Array, topK: number, lossAt: LossAt): Promise<Trace> {
  const T = ids.length - 1;
  const inputs = ids.slice(0, T);
  const targets = ids.slice(1);
  net.writeBatch(inputs, lossTargets(targets, lossAt));
  const enc = device.createCommandEncoder({ label: 'trace' });
  net.encodePre(enc, true);
  const pass = enc.beginComputePass({ label: 'trace' });
  GpuNetwork.encode(pass, net.forwardDispatches);
  GpuNetwork.encode(pass, net.backwardDispatches);
  pass.end();
  device.queue.submit([enc.finish()]);

  const { H, G, dirs, V, model } = net;
  const GH = G * H;
  const SA = dirs * T * GH;
  const { SS } = net.stateOffsets;
  const lstm = model.cell === 'lstm';
  const whole = (buffer: GPUBuffer) => ({ buffer, offset: 0, count: buffer.size / 4 });
  const [probs, lossRows, ...perLayer] = await readRegions(device, [
    whole(net.logits),
    whole(net.lossRows),
    ...net.layers.flatMap((L) => [whole(L.acts), whole(L.states), whole(L.normsq)]),
  ]);
  const layers: DirTrace[][] = net.layers.map((_, l) => {
    const [acts, states, normsq] = [perLayer[3 * l]!, perLayer[3 * l + 1]!, perLayer[3 * l + 2]!];
    return Array.from({ length: dirs }, (_, d) => ({
      pre: acts.slice(SA + d * T * GH, SA + (d + 1) * T * GH),
      post: acts.slice(2 * SA + d * T * GH, 2 * SA + (d + 1) * T * GH),
      c: lstm ? states.slice(SS + d * T * H, SS + (d + 1) * T * H) : null,
      h: states.slice(d * T * H, (d + 1) * T * H),
      dhNorm: normsq.slice(d * T, (d + 1) * T).map(Math.sqrt),
      dcNorm: lstm ? normsq.slice(dirs * T + d * T, dirs * T + (d + 1) * T).map(Math.sqrt) : null,
    }));
  });
  const gateNames = { rnn: [model.nonlinearity], lstm: ['i', 'f', 'g', 'o'], gru: ['r', 'z', 'n'] }[model.cell];
  const loss = lossRows!.reduce((a, b) => a + b, 0) / net.counted;
  return { T, H, gateNames, inputs, targets, loss, layers, ...predictions(probs!, V, targets, topK) };
}
