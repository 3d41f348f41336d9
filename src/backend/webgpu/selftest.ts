// Adapter self-test: runs shaders/saxpy.wgsl on fresh random data and checks every element against
// its CPU twin, so the page only reports "WebGPU ready" for a device that really computes.
import saxpyWgsl from '../../../shaders/saxpy.wgsl?raw';
import { SaxpyParams } from './uniforms.ts';

/** CPU twin of saxpy.wgsl: y <- a*x + y, computed in float32 like the shader. */
export function saxpyReference(a: number, x: Float32Array, y: Float32Array): Float32Array {
  const out = new Float32Array(y.length);
  for (let i = 0; i < y.length; i++) out[i] = Math.fround(Math.fround(a * x[i]!) + y[i]!);
  return out;
}

/** Runs saxpy on the device. x and y lengths must be equal multiples of 4. Returns the new y. */
export async function saxpyGpu(device: GPUDevice, a: number, x: Float32Array, y: Float32Array): Promise<Float32Array> {
  if (x.length !== y.length || x.length % 4 !== 0) throw new Error('saxpyGpu: x and y must have equal lengths, a multiple of 4');
  const n4 = x.length / 4;
  const module = device.createShaderModule({ label: 'saxpy', code: saxpyWgsl });
  const pipeline = device.createComputePipeline({ label: 'saxpy', layout: 'auto', compute: { module, entryPoint: 'main' } });
  const params = SaxpyParams.create(device, 'saxpy params', { a, n4 });
  const xBuf = device.createBuffer({ size: x.byteLength, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST });
  const yBuf = device.createBuffer({ size: y.byteLength, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST | GPUBufferUsage.COPY_SRC });
  const staging = device.createBuffer({ size: y.byteLength, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
  try {
    device.queue.writeBuffer(xBuf, 0, x);
    device.queue.writeBuffer(yBuf, 0, y);
    const bindGroup = device.createBindGroup({
      layout: pipeline.getBindGroupLayout(0),
      entries: [
        { binding: 0, resource: { buffer: params } },
        { binding: 1, resource: { buffer: xBuf } },
        { binding: 2, resource: { buffer: yBuf } },
      ],
    });
    const encoder = device.createCommandEncoder({ label: 'saxpy' });
    const pass = encoder.beginComputePass();
    pass.setPipeline(pipeline);
    pass.setBindGroup(0, bindGroup);
    pass.dispatchWorkgroups(Math.ceil(n4 / 64));
    pass.end();
    encoder.copyBufferToBuffer(yBuf, 0, staging, 0, y.byteLength);
    device.queue.submit([encoder.finish()]);
    await staging.mapAsync(GPUMapMode.READ);
    const result = new Float32Array(staging.getMappedRange().slice(0));
    staging.unmap();
    return result;
  } finally {
    for (const b of [params, xBuf, yBuf, staging]) b.destroy();
  }
}

export interface SelfTestResult {
  ok: boolean;
  elements: number;
  maxAbsError: number;
}

/** Runs saxpy on `n` random elements (n a multiple of 4) and compares every one with the CPU twin. */
export async function runSelfTest(device: GPUDevice, n = 4096, random: () => number = Math.random): Promise<SelfTestResult> {
  const x = new Float32Array(n).map(() => random() * 2 - 1);
  const y = new Float32Array(n).map(() => random() * 2 - 1);
  const a = random() * 4 - 2;
  const got = await saxpyGpu(device, a, x, y);
  const want = saxpyReference(a, x, y);
  let maxAbsError = 0;
  for (let i = 0; i < n; i++) maxAbsError = Math.max(maxAbsError, Math.abs(got[i]! - want[i]!));
  return { ok: maxAbsError <= 1e-6, elements: n, maxAbsError };
}
