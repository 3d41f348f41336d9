// Every kernel against its hand-written CPU twin, through the intermediate buffers it writes:
// fresh random parameters and inputs, odd sizes (H = 13, not a multiple of the workgroup, with
// the narrow cell kernels of software adapters; H = 67 with the wide ones of real GPUs, whose unit
// tiles are 34 + 33 units; prime V = 37; T = 1; B = 1, B = 5),
// and every output buffer poisoned with NaN first so an element a kernel fails to write cannot pass. Twin = src/model (Network's caches, decoder, cells) in float64.
//   embed_forward, matmul_nt       -> xp of each layer, logits
//   cell_forward                   -> pre, post, h, c, aux of every step
//   softmax_xent                   -> probabilities, per-position loss
//   matmul_nn                      -> dOut (gradient flowing into each layer's output)
//   cell_backward (+ cell_backward_dh when wide) -> dxp of every step, ||dL/dh_t||^2, ||dL/dc_t||^2
//   weight_grad, embed_grad, peephole_grad -> every gradient tensor
import { describe, expect, it } from 'vitest';
import { Kernels } from '../../src/backend/webgpu/kernels.ts';
import { GpuNetwork } from '../../src/backend/webgpu/network.ts';
import { readFloats } from '../../src/backend/webgpu/readback.ts';
import { RecurrentTranspose } from '../../src/backend/webgpu/transpose.ts';
import { storageUsage } from '../../src/backend/webgpu/uniforms.ts';
import { cellSpec } from '../../src/model/cells/registry.ts';
import { gemmNNAcc } from '../../src/model/linalg.ts';
import { Network } from '../../src/model/network.ts';
import { initParams } from '../../src/model/params.ts';
import { createRng } from '../../src/model/rng.ts';
import { relErr, worstTensor } from '../helpers/compare.ts';
import { randomIds, variantGrid } from '../helpers/model-fixtures.ts';
import { gpuOrSkip } from '../helpers/node-gpu.ts';

const V = 37;
const SHAPES = [
  { B: 3, T: 5, H: 13, layers: [1, 2], bidirectional: [false, true], wide: false },
  { B: 1, T: 1, H: 13, layers: [1, 2], bidirectional: [false, true], wide: false },
  { B: 13, T: 5, H: 67, layers: [1, 2], bidirectional: [true], wide: true }, // N = 65: two row tiles of the tiled GEMMs, a partial chunk
  // narrow with more 4-unit quads (18) than the forward cell's 16 invocations
  { B: 6, T: 2, H: 70, layers: [1], bidirectional: [false], wide: false },
];
const TOL = 1e-4;

function poison(device: GPUDevice, buffers: GPUBuffer[]) {
  for (const b of buffers) device.queue.writeBuffer(b, 0, new Float32Array(b.size / 4).fill(NaN));
}

describe('kernels against their CPU twins (poisoned outputs)', () => {
  for (const { B, T, H, layers, bidirectional, wide } of SHAPES) {
    for (const { name, model: base } of variantGrid(layers, bidirectional)) {
      it(`${name} B=${B} T=${T}${H === 13 ? '' : ` H=${H}`}`, async (ctx) => {
        const gpu = await gpuOrSkip(ctx.skip);
        if (!gpu) return;
        const { device } = gpu;
        const model = { ...base, hiddenSize: H };
        const rng = createRng(B * 1000 + T);
        const cpu = new Network(model, V, B, T, Float64Array);
        const p = initParams(cpu.layout, rng, Float64Array);
        for (let i = 0; i < p.length; i++) p[i] = p[i]! * 3; // beyond the linear part of every activation
        const inputs = randomIds(rng, T * B, V);
        const targets = randomIds(rng, T * B, V);
        const state = cpu.zeroState(Float64Array);
        for (const a of [...state.h, ...state.c]) for (let i = 0; i < a.length; i++) a[i] = rng.uniform(-0.9, 0.9);
        const initial = { h: state.h.map((a) => Float32Array.from(a)), c: state.c.map((a) => Float32Array.from(a)) };
        const p32 = Float32Array.from(p);
        const loss = cpu.forward(Float64Array.from(p32), inputs, targets, state);
        const probs = Float64Array.from(cpu.probs);
        const grad = new Float64Array(p.length);
        cpu.backward(Float64Array.from(p32), grad);

        const params = device.createBuffer({ size: p32.byteLength, usage: storageUsage() });
        const gradBuf = device.createBuffer({ size: p32.byteLength, usage: storageUsage() });
        device.queue.writeBuffer(params, 0, p32);
        const kernels = Kernels.for(device, wide);
        const transposed = new RecurrentTranspose(device, kernels, model, cpu.layout);
        transposed.refresh(params);
        const net = new GpuNetwork(device, kernels, model, V, B, T, params, gradBuf, transposed);
        try {
          net.writeBatch(inputs, targets);
          poison(device, [gradBuf, net.logits, net.dlogits, net.lossRows, ...net.layers.flatMap((L) => [L.acts, L.states, L.out, L.dacts, L.dOut, L.normsq])]);
          // the initial state (forward direction carries it; reverse starts from zero); aux is
          // checked where the twin writes it (not for the RNN)
          const at = net.sections;
          const { h0, c0, initial: S0 } = at.states;
          const hasC = cellSpec(model).hasCellState;
          net.layers.forEach((L, l) => {
            device.queue.writeBuffer(L.states, h0 * 4, new Float32Array(S0));
            device.queue.writeBuffer(L.states, c0 * 4, new Float32Array(S0));
            device.queue.writeBuffer(L.states, h0 * 4, initial.h[l]!);
            if (hasC) device.queue.writeBuffer(L.states, c0 * 4, initial.c[l]!);
          });
          const enc = device.createCommandEncoder();
          net.encodePre(enc, false);
          const pass = enc.beginComputePass();
          GpuNetwork.encode(pass, net.forwardDispatches);
          GpuNetwork.encode(pass, net.backwardDispatches);
          pass.end();
          device.queue.submit([enc.finish()]);

          const { GH, N } = at;
          for (let l = 0; l < model.numLayers; l++) {
            const L = net.layers[l]!;
            const [acts, states, dacts, normsq] = await Promise.all([readFloats(device, L.acts), readFloats(device, L.states), readFloats(device, L.dacts), readFloats(device, L.normsq)]);
            for (let d = 0; d < net.dirs; d++) {
              const c = cpu.caches[l]![d]!;
              // direction d's (T, B, width) block of the section at `base`
              const sec = (arr: Float32Array, base: number, width: number) => arr.subarray(base + at.at(d, 0, 0, width), base + at.at(d + 1, 0, 0, width));
              const where = `layer ${l} dir ${d}`;
              expect(relErr(sec(acts, at.acts.xp, GH), c.xp), `${where} xp (embed_forward / matmul_nt)`).toBeLessThanOrEqual(TOL);
              expect(relErr(sec(acts, at.acts.pre, GH), c.pre), `${where} pre (cell_forward)`).toBeLessThanOrEqual(TOL);
              expect(relErr(sec(acts, at.acts.post, GH), c.post), `${where} post (cell_forward)`).toBeLessThanOrEqual(TOL);
              expect(relErr(sec(states, at.states.h, H), c.h), `${where} h (cell_forward)`).toBeLessThanOrEqual(TOL);
              if (c.aux.some((x) => x !== 0)) expect(relErr(sec(states, at.states.aux, H), c.aux), `${where} aux (cell_forward)`).toBeLessThanOrEqual(TOL);
              if (hasC) expect(relErr(sec(states, at.states.c, H), c.c), `${where} c (cell_forward)`).toBeLessThanOrEqual(TOL);
              expect(relErr(sec(dacts, at.dacts.dxp, GH), c.dxp), `${where} dxp (cell_backward)`).toBeLessThanOrEqual(TOL);
              // normsq holds per-(t, b) squares; the twin's norm is over the whole batch at t
              const batchNorm = (sq: Float32Array) => Float64Array.from({ length: T }, (_, t) => Math.sqrt(sq.subarray(t * B, (t + 1) * B).reduce((x, y) => x + y, 0)));
              const dh = batchNorm(sec(normsq, at.normsq.dh, 1));
              expect(relErr(dh, c.dhNorm), `${where} ||dL/dh_t|| (cell_backward)`).toBeLessThanOrEqual(TOL);
              if (hasC) {
                const dc = batchNorm(sec(normsq, at.normsq.dc, 1));
                expect(relErr(dc, c.dcNorm), `${where} ||dL/dc_t|| (cell_backward)`).toBeLessThanOrEqual(TOL);
              }
            }
            expect(relErr(await readFloats(device, L.out), cpu.outputs[l]!), `layer ${l} out (cell_forward)`).toBeLessThanOrEqual(TOL);
          }
          // each layer's dOut: the decoder's dlogits (cpu.probs after backward) · W_dec for the top
          // layer (matmul_nn), the layer above's dxp · W_ih summed over its directions below it
          const pd = Float64Array.from(p32);
          const D = H * net.dirs;
          for (let l = 0; l < model.numLayers; l++) {
            const twin = new Float64Array(N * D);
            if (l === model.numLayers - 1) gemmNNAcc(N, D, V, cpu.probs, 0, V, pd, cpu.layout.decoderWeight, D, twin, 0, D);
            else cpu.layout.layers[l + 1]!.forEach((lo, d) => gemmNNAcc(N, D, GH, cpu.caches[l + 1]![d]!.dxp, 0, GH, pd, lo.wIh, D, twin, 0, D));
            expect(relErr(await readFloats(device, net.layers[l]!.dOut), twin), `layer ${l} dOut (matmul_nn)`).toBeLessThanOrEqual(TOL);
          }
          expect(relErr(await readFloats(device, net.logits), probs), 'probabilities (matmul_nt + softmax_xent)').toBeLessThanOrEqual(TOL);
          const lossRows = await readFloats(device, net.lossRows);
          expect(Math.abs(lossRows.reduce((a, b) => a + b, 0) / N - loss) / loss, 'loss (softmax_xent)').toBeLessThanOrEqual(TOL);
          const [tensor, err] = worstTensor(cpu.layout, await readFloats(device, gradBuf), grad);
          expect(err, `gradient ${tensor} (weight_grad / embed_grad / peephole_grad / matmul_nn)`).toBeLessThanOrEqual(TOL);
        } finally {
          net.destroy();
          net.destroy();
          params.destroy();
          gradBuf.destroy();
          transposed.destroy();
        }
      });
    }
  }
});
