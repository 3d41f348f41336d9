// Step mode: every tick on the GPU dispatches exactly one (layer, time step) and the states it
// reads back equal the CPU reference's for the same parameters and input.
import { describe, expect, it } from 'vitest';
import { CpuBackend } from '../../src/backend/cpu.ts';
import { WebGpuBackend } from '../../src/backend/webgpu/backend.ts';
import { DEFAULT_TRAIN } from '../../src/model/config.ts';
import { tickOrder } from '../../src/model/stepping.ts';
import { relErr } from '../helpers/compare.ts';
import { variantGrid } from '../helpers/model-fixtures.ts';
import { gpuOrSkip } from '../helpers/node-gpu.ts';

const TEXT = 'abracadabra, said the magician to the rabbit. '.repeat(4);
const WINDOW = 'the rabbit said';
const TRAIN = { ...DEFAULT_TRAIN, batchSize: 2, seqLen: 12, learningRate: 0.01 };
const pick = (name: string) => variantGrid([1, 2], [false, true]).find((v) => v.name === name)!.model;

describe('tick order', () => {
  it('is time-major one way and layer-major both ways', () => {
    expect(tickOrder(2, 3, false).map((t) => `${t.layer}${t.s}`)).toEqual(['00', '10', '01', '11', '02', '12']);
    expect(tickOrder(2, 3, true).map((t) => `${t.layer}${t.s}`)).toEqual(['00', '01', '02', '10', '11', '12']);
  });
});

describe('GPU step mode equals the CPU reference', () => {
  for (const name of ['lstm L=2', 'gru-original L=2 bidir', 'rnn-relu L=1', 'lstm-peephole L=1 bidir', 'gru-pytorch L=2']) {
    it(name, async (ctx) => {
      const gpu = await gpuOrSkip(ctx.skip);
      if (!gpu) return;
      const model = { ...pick(name), hiddenSize: 11 };
      const be = new WebGpuBackend(gpu);
      await be.init({ model, train: TRAIN, text: TEXT });
      for (let i = 0; i < 5; i++) await be.trainStep();
      const cpu = new CpuBackend();
      await cpu.init({ model, train: TRAIN, text: TEXT });
      await cpu.setParams(await be.getParams());
      const g = await be.openStepper(WINDOW);
      const c = await cpu.openStepper(WINDOW);
      expect(g.ticks).toEqual(c.ticks);
      expect(g.ticks).toHaveLength(model.numLayers * 15);
      let predictions = 0;
      for (;;) {
        const [a, b] = await Promise.all([g.step(), c.step()]);
        if (!a || !b) {
          expect(a).toBeNull();
          expect(b).toBeNull();
          break;
        }
        expect(g.lastDispatches.cell).toBe(1);
        expect([a.tick, a.layer, a.s]).toEqual([b.tick, b.layer, b.s]);
        a.dirs.forEach((da, d) => {
          const db = b.dirs[d]!;
          expect(da.t).toBe(db.t);
          for (const key of ['pre', 'post', 'h'] as const) expect(relErr(da[key], db[key]), `${key} at tick ${a.tick}`).toBeLessThanOrEqual(1e-4);
          if (db.c) expect(relErr(da.c!, db.c), `c at tick ${a.tick}`).toBeLessThanOrEqual(1e-4);
        });
        if (b.probs) {
          predictions++;
          expect(relErr(a.probs!, b.probs)).toBeLessThanOrEqual(1e-4);
        } else {
          expect(a.probs).toBeNull();
        }
      }
      expect(predictions).toBe(model.bidirectional ? 0 : 15);
      g.close();
      c.close();
      be.dispose();
    });
  }
});
