// The bench-only step profiler: one training step with every dispatch in a submit of its own,
// each timed to its completion — milliseconds by kernel, summed over its dispatches: where a
// step's time goes (tests/bench/kernel-times.ts). Slow by design: it waits on the GPU once per
// dispatch. The step is a real one (the next batch, the optimizer's update).
import type { WebGpuBackend } from './backend.ts';
import { GpuNetwork } from './network.ts';

export async function profileStep(be: WebGpuBackend): Promise<Map<string, number>> {
  const { device, net, reset, dispatches, carry } = await be.takeStep();
  const run = async (encode: (enc: GPUCommandEncoder) => void) => {
    const enc = device.createCommandEncoder({ label: 'profiled dispatch' });
    encode(enc);
    const t0 = performance.now();
    device.queue.submit([enc.finish()]);
    await device.queue.onSubmittedWorkDone();
    return performance.now() - t0;
  };
  await run((enc) => net.encodePre(enc, reset));
  const ms = new Map<string, number>();
  for (const d of dispatches) {
    const kernel = d.pipeline.label.split(':').slice(0, 2).join(':').replace(/:main$/, ''); // "cell_forward", "classifier_final:gather"
    const t = await run((enc) => {
      const pass = enc.beginComputePass();
      GpuNetwork.encode(pass, [d]);
      pass.end();
    });
    ms.set(kernel, (ms.get(kernel) ?? 0) + t);
  }
  if (carry) await run((enc) => net.encodeCarry(enc));
  return ms;
}
