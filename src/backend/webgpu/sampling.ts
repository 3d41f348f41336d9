// Sampling on the GPU: one forward step of a B = 1, T = 1 network per character, carrying its
// state, the probabilities read back and the next character drawn on the CPU (src/model/sample.ts
// decides: temperature, top-k, the prime, the end).
import { sampleSteps } from '../../model/sample.ts';
import type { Vocab } from '../../model/vocab.ts';
import type { SampleOptions } from '../types.ts';
import { GpuNetwork } from './network.ts';
import { readFloats } from './readback.ts';

/** The characters sampled after the prime (which sampleSteps feeds first). `net`: B = 1, T = 1. */
export async function sampleOnGpu(device: GPUDevice, net: GpuNetwork, vocab: Vocab, opts: SampleOptions): Promise<string> {
  const steps = sampleSteps(vocab, opts);
  const noTarget = Int32Array.of(-1);
  let first = true;
  let r = steps.next();
  while (!r.done) {
    net.writeBatch(Int32Array.of(r.value), noTarget);
    const enc = device.createCommandEncoder({ label: 'sample' });
    net.encodePre(enc, first);
    first = false;
    const pass = enc.beginComputePass();
    GpuNetwork.encode(pass, net.forwardDispatches);
    pass.end();
    net.encodeCarry(enc);
    device.queue.submit([enc.finish()]);
    r = steps.next(await readFloats(device, net.logits));
  }
  return r.value;
}
