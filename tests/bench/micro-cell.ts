// Micro-benchmark behind bench/NOTES.md ("Measured: the recurrent dot loop"): the forward cell's
// recurrent product at config S (H = 128, 4 gates, B = 32 in blocks of 4 rows, 64 dispatches as
// in 64 time steps) on Dawn in Node, in the scalar form and in register-blocked forms, to find
// what SwiftShader's JIT rewards before rewriting the cell kernels. Timing only: the variants
// write just enough of their results that nothing is optimised away.
// Run: npx tsx tests/bench/micro-cell.ts   (SwiftShader: the default when no GPU is found)
import { nodeGpu } from '../../src/backend/webgpu/node-gpu.ts';

const H = 128;
const GH = 4 * H;
const B = 32;
const STEPS = 64;

const prelude = `
@group(0) @binding(0) var<storage, read> W : array<f32>;          // (H, GH) W_hh^T
@group(0) @binding(1) var<storage, read> h : array<f32>;          // (B, H) h_{t-1}
@group(0) @binding(2) var<storage, read_write> out : array<f32>;  // (B, GH)
@group(0) @binding(3) var<storage, read> W4 : array<vec4<f32>>;   // W again, as vec4 columns
const H = ${H}u; const GH = ${GH}u; const C = ${GH / 4}u;
`;

/** h_{t-1} of `rows` batch rows (a multiple of 4) into workgroup memory, vec4s of 4 rows per unit. */
const stage = (rows: number, wg: number) =>
  Array.from({ length: rows / 4 }, (_, i) => `var<workgroup> h${i} : array<vec4<f32>, ${H}>;`).join('\n') +
  `\nfn stage(b0 : u32, lid : u32) {\n  for (var k = lid; k < H; k += ${wg}u) {\n` +
  Array.from({ length: rows / 4 }, (_, i) => `    h${i}[k] = vec4<f32>(${[0, 1, 2, 3].map((r) => `h[(b0 + ${4 * i + r}u) * H + k]`).join(', ')});`).join('\n') +
  `\n  }\n  workgroupBarrier();\n}\n`;

interface Variant {
  wg: number;
  rows: number;
  body: string;
}

const VARIANTS: Record<string, Variant> = {
  // what cell_forward did before optimisation 7: a lane per gate row, a scalar weight times the vec4 of 4 rows
  scalarW_wg64: {
    wg: 64,
    rows: 4,
    body: `for (var q = lid; q < GH; q += 64u) {
    var acc = vec4<f32>(0.0);
    for (var k = 0u; k < H; k++) { acc += W[k * GH + q] * h0[k]; }
    out[b0 * GH + q] = acc.x + acc.y + acc.z + acc.w;
  }`,
  },
  // a lane per 4 adjacent gate rows (one vec4 load) x 4 batch rows: 16 multiply-adds per 2 loads
  block4x4_vec4W_wg16: {
    wg: 16,
    rows: 4,
    body: `for (var q4 = lid; q4 < C; q4 += 16u) {
    var a0 = vec4<f32>(0.0); var a1 = vec4<f32>(0.0); var a2 = vec4<f32>(0.0); var a3 = vec4<f32>(0.0);
    for (var k = 0u; k < H; k++) {
      let w = W4[k * C + q4]; let x = h0[k];
      a0 += w * x.x; a1 += w * x.y; a2 += w * x.z; a3 += w * x.w;
    }
    out[b0 * GH + 4u * q4] = dot(a0 + a1 + a2 + a3, vec4<f32>(1.0));
  }`,
  },
  // the same, k unrolled by 4
  block4x4_unroll4_wg16: {
    wg: 16,
    rows: 4,
    body: `for (var q4 = lid; q4 < C; q4 += 16u) {
    var a0 = vec4<f32>(0.0); var a1 = vec4<f32>(0.0); var a2 = vec4<f32>(0.0); var a3 = vec4<f32>(0.0);
    for (var k = 0u; k < H; k += 4u) {
      let w0 = W4[k * C + q4]; let w1 = W4[(k + 1u) * C + q4]; let w2 = W4[(k + 2u) * C + q4]; let w3 = W4[(k + 3u) * C + q4];
      let x0 = h0[k]; let x1 = h0[k + 1u]; let x2 = h0[k + 2u]; let x3 = h0[k + 3u];
      a0 += w0 * x0.x + w1 * x1.x + w2 * x2.x + w3 * x3.x;
      a1 += w0 * x0.y + w1 * x1.y + w2 * x2.y + w3 * x3.y;
      a2 += w0 * x0.z + w1 * x1.z + w2 * x2.z + w3 * x3.z;
      a3 += w0 * x0.w + w1 * x1.w + w2 * x2.w + w3 * x3.w;
    }
    out[b0 * GH + 4u * q4] = dot(a0 + a1 + a2 + a3, vec4<f32>(1.0));
  }`,
  },
  // 4 gate rows x 8 batch rows per lane: each weight load feeds 32 multiply-adds
  block4x8_vec4W_wg16: {
    wg: 16,
    rows: 8,
    body: `for (var q4 = lid; q4 < C; q4 += 16u) {
    var a0 = vec4<f32>(0.0); var a1 = vec4<f32>(0.0); var a2 = vec4<f32>(0.0); var a3 = vec4<f32>(0.0);
    var a4 = vec4<f32>(0.0); var a5 = vec4<f32>(0.0); var a6 = vec4<f32>(0.0); var a7 = vec4<f32>(0.0);
    for (var k = 0u; k < H; k++) {
      let w = W4[k * C + q4]; let x = h0[k]; let y = h1[k];
      a0 += w * x.x; a1 += w * x.y; a2 += w * x.z; a3 += w * x.w;
      a4 += w * y.x; a5 += w * y.y; a6 += w * y.z; a7 += w * y.w;
    }
    out[b0 * GH + 4u * q4] = dot(a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7, vec4<f32>(1.0));
  }`,
  },
};

const { device, info } = await nodeGpu();
const storage = GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST;
const buffer = (data: Float32Array) => {
  const b = device.createBuffer({ size: data.byteLength, usage: storage });
  device.queue.writeBuffer(b, 0, data);
  return b;
};
const W = buffer(Float32Array.from({ length: H * GH }, (_, i) => Math.sin(i)));
const h = buffer(Float32Array.from({ length: B * H }, (_, i) => Math.cos(i)));
const out = buffer(new Float32Array(B * GH));
const macs = B * GH * H;
console.log(`${info.vendor} ${info.architecture}: recurrent product at H = ${H}, 4 gates, B = ${B} (${(macs / 1e6).toFixed(1)} M multiply-adds per dispatch)`);
for (const [name, v] of Object.entries(VARIANTS)) {
  const code = `${prelude}${stage(v.rows, v.wg)}
@compute @workgroup_size(${v.wg}) fn main(@builtin(workgroup_id) g : vec3<u32>, @builtin(local_invocation_index) lid : u32) {
  let b0 = g.x * ${v.rows}u;
  stage(b0, lid);
  ${v.body}
}`;
  const pipeline = device.createComputePipeline({ layout: 'auto', compute: { module: device.createShaderModule({ code }), entryPoint: 'main' } });
  // 'auto' layouts keep only the bindings a shader uses
  const group = device.createBindGroup({ layout: pipeline.getBindGroupLayout(0), entries: [W, h, out, W].map((b, binding) => ({ binding, resource: { buffer: b } })).filter(({ binding }) => (binding === 0 ? v.body.includes('W[') : binding === 3 ? v.body.includes('W4[') : true)) });
  const run = async () => {
    const enc = device.createCommandEncoder();
    const pass = enc.beginComputePass();
    pass.setPipeline(pipeline);
    pass.setBindGroup(0, group);
    for (let s = 0; s < STEPS; s++) pass.dispatchWorkgroups(B / v.rows);
    pass.end();
    device.queue.submit([enc.finish()]);
    await device.queue.onSubmittedWorkDone();
  };
  await run(); // warm-up (compiles)
  const times: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t0 = performance.now();
    await run();
    times.push((performance.now() - t0) / STEPS);
  }
  const ms = times.sort((a, b) => a - b)[2]!;
  console.log(`${name.padEnd(24)} ${ms.toFixed(2)} ms per dispatch  ${(macs / ms / 1e3).toFixed(0)} M multiply-adds/s`);
}
process.exit(0);
