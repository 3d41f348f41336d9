// Driven by the cell registry (src/model/cells/registry.ts): for every cell kind and every value of
// its variant, the cell kernels compile with that form's WGSL code (narrow and wide tables, every
// pipeline a training step uses), and training steps match the CPU reference in both forms.
// A kind or variant added to the registry is tested here without editing this file.
import { describe, expect, it } from 'vitest';
import { Kernels, KERNEL_SOURCES, MAX_CHUNK, MAX_HIDDEN, workgroupEntries } from '../../src/backend/webgpu/kernels.ts';
import { CELL_KINDS, CELLS, cellSpec, WGSL_CELL, wgslCellCode } from '../../src/model/cells/registry.ts';
import { DEFAULT_MODEL, type ModelConfig } from '../../src/model/config.ts';
import { gpuOrSkip } from '../helpers/node-gpu.ts';
import { expectStepsEqualCpu } from './step-equality.ts';

const FORMS = CELL_KINDS.flatMap((cell) => {
  const { field, choices } = CELLS[cell].variant;
  return choices.map((choice) => {
    const model = { ...DEFAULT_MODEL, cell, [field]: choice, hiddenSize: 13, numLayers: 2, bidirectional: true } as ModelConfig;
    return { name: `${cell} ${field}=${String(choice)}`, model };
  });
});

describe('every registered cell form', () => {
  it('has a distinct WGSL code, and the cell kernels compare CELL only with named constants', () => {
    const codes = FORMS.map(({ model }) => wgslCellCode(model));
    expect(new Set(codes).size).toBe(FORMS.length);
    for (const kernel of ['cell_forward', 'cell_backward', 'cell_backward_dh'] as const) {
      expect(KERNEL_SOURCES[kernel]).not.toMatch(/CELL\s*(==|!=|<=|>=|<|>)\s*\d/);
    }
    expect(Object.keys(WGSL_CELL)).toHaveLength(FORMS.length);
  });

  it(`the largest workgroup arrays (hidden size ${MAX_HIDDEN}) fit the device's workgroup memory and compile`, async (ctx) => {
    const gpu = await gpuOrSkip(ctx.skip);
    if (!gpu) return;
    const { device } = gpu;
    // cell_forward's h_{t-1}: a vec4 per unit; recurrent_dh's gate rows: a vec4 per row
    expect(MAX_HIDDEN * 16).toBeLessThanOrEqual(device.limits.maxComputeWorkgroupStorageSize);
    expect(MAX_CHUNK * 16).toBeLessThanOrEqual(device.limits.maxComputeWorkgroupStorageSize);
    expect(workgroupEntries(4 * MAX_HIDDEN, MAX_CHUNK)).toBe(MAX_CHUNK);
    expect(workgroupEntries(MAX_HIDDEN, MAX_HIDDEN)).toBe(MAX_HIDDEN);
    device.pushErrorScope('validation');
    const k = Kernels.for(device, false);
    const CELL = wgslCellCode(DEFAULT_MODEL);
    k.pipeline('cell_forward', 'main', { CELL, HROW: MAX_HIDDEN, QUAD: 1, WG: 16 });
    k.pipeline('cell_backward', 'main', { CELL, CHUNK: MAX_CHUNK, SPLIT: 0, R: 4, WG: 16, QUAD: 1 });
    expect(await device.popErrorScope()).toBeNull();
  });

  it('sizes workgroup arrays to the next power of two, at least 16, at most the maximum', () => {
    expect([1, 16, 17, 100, 128, 129, 600].map((n) => workgroupEntries(n, 512))).toEqual([16, 16, 32, 128, 128, 256, 512]);
  });

  for (const { name, model } of FORMS) {
    it(`${name}: the cell kernels compile with its code (${cellSpec(model).wgsl(model)})`, async (ctx) => {
      const gpu = await gpuOrSkip(ctx.skip);
      if (!gpu) return;
      const { device } = gpu;
      const CELL = wgslCellCode(model);
      device.pushErrorScope('validation');
      for (const wide of [false, true]) {
        const k = Kernels.for(device, wide);
        const forms = wide ? [{ SPLIT: 1, R: 1, WG: 64, QUAD: 0 }, { SPLIT: 0, R: 4, WG: 16, QUAD: 0 }] : [{ SPLIT: 0, R: 4, WG: 16, QUAD: 1 }];
        // the smallest workgroup arrays (the largest, once: below)
        k.pipeline('cell_forward', 'main', { CELL, HROW: 64, ...(wide ? { QUAD: 0, WG: 64 } : { QUAD: 1, WG: 16 }) });
        for (const form of forms) k.pipeline('cell_backward', 'main', { CELL, CHUNK: 64, ...form });
        if (wide && cellSpec(model).wideBackward(model)) k.pipeline('cell_backward_dh', 'main', { CELL, CHUNK: 64 });
      }
      expect(await device.popErrorScope()).toBeNull();
    });

    it(`${name}: training steps equal the CPU reference (narrow and wide kernels)`, async (ctx) => {
      const gpu = await gpuOrSkip(ctx.skip);
      if (!gpu) return;
      const T = 7; // step-equality's TRAIN.seqLen
      const narrow = await expectStepsEqualCpu(gpu, model, false);
      const wide = await expectStepsEqualCpu(gpu, model, true);
      // wide: cell_backward_dh adds a dispatch per (layer, step) where the form allows it
      const extra = cellSpec(model).wideBackward(model) ? model.numLayers * T : 0;
      expect(wide).toEqual(narrow.map((n) => n + extra));
    });
  }
});
