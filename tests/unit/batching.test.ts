import { describe, expect, it } from 'vitest';
import { CELL_KINDS } from '../../src/model/cells/registry.ts';
import { StreamBatcher } from '../../src/model/batching.ts';
import { DEFAULT_MODEL } from '../../src/model/config.ts';
import { Network } from '../../src/model/network.ts';
import { initParams } from '../../src/model/params.ts';
import { createRng } from '../../src/model/rng.ts';
import { randomIds } from '../helpers/model-fixtures.ts';

const iota = (n: number) => Int32Array.from({ length: n }, (_, i) => i);
/** Column b of a (T, B) time-major batch. */
const stream = (a: Int32Array, B: number, b: number) => Array.from({ length: a.length / B }, (_, t) => a[t * B + b]!);

describe('truncated-BPTT batching', () => {
  it('gives each of B streams a contiguous slice, windows of T, targets shifted by one', () => {
    const bt = new StreamBatcher(iota(101), 4, 5); // 100 pairs -> 4 streams of 25 -> 5 windows of 5
    expect(bt.windowsPerEpoch).toBe(5);
    expect(Array.from(bt.starts)).toEqual([0, 25, 50, 75]);
    const w0 = bt.next();
    expect(w0.reset).toBe(true);
    expect(stream(w0.inputs, 4, 1)).toEqual([25, 26, 27, 28, 29]);
    expect(stream(w0.targets, 4, 1)).toEqual([26, 27, 28, 29, 30]);
    const w1 = bt.next();
    expect(w1.reset).toBe(false);
    expect(stream(w1.inputs, 4, 3)).toEqual([80, 81, 82, 83, 84]);
  });
  it('wraps each stream to its start after the last window and asks for a state reset', () => {
    const bt = new StreamBatcher(iota(101), 4, 5);
    const seen = Array.from({ length: 6 }, () => bt.next());
    expect(seen.map((b) => b.reset)).toEqual([true, false, false, false, false, true]);
    expect(seen[5]!.epoch).toBe(1);
    expect(Array.from(seen[5]!.inputs)).toEqual(Array.from(seen[0]!.inputs));
  });
  it('with B = 1 and T = length-1, every step sees the whole text from offset 0 with zero state', () => {
    const bt = new StreamBatcher(iota(9), 1, 8);
    for (let i = 0; i < 3; i++) {
      const b = bt.next();
      expect(b.reset).toBe(true);
      expect(Array.from(b.inputs)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
      expect(Array.from(b.targets)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    }
  });
  it('overlaps streams evenly when the text is shorter than B windows', () => {
    const bt = new StreamBatcher(iota(21), 4, 8); // 20 pairs, one window of 8 per stream
    expect(Array.from(bt.starts)).toEqual([0, 4, 8, 12]);
    const b = bt.next();
    expect(Math.max(...b.targets)).toBe(20);
  });
  it('is deterministic', () => {
    const ids = randomIds(createRng(3), 500, 11);
    const a = new StreamBatcher(ids, 3, 7);
    const b = new StreamBatcher(ids, 3, 7);
    for (let i = 0; i < 30; i++) expect(a.next()).toEqual(b.next());
  });
  it('refuses a text shorter than one window', () => {
    expect(() => new StreamBatcher(iota(5), 1, 5)).toThrow(RangeError);
  });
});

describe('state carried across windows', () => {
  for (const cell of CELL_KINDS) {
    it(`${cell}: two windows of T with carried state equal one window of 2T`, () => {
      const model = { ...DEFAULT_MODEL, cell, hiddenSize: 6, numLayers: 2 };
      const V = 9;
      const B = 3;
      const T = 5;
      const rng = createRng(7);
      const ids = randomIds(rng, 2 * T * B, V);
      const tg = randomIds(rng, 2 * T * B, V);
      const long = new Network(model, V, B, 2 * T, Float64Array);
      const p = initParams(long.layout, rng, Float64Array);
      const lossLong = long.forward(p, ids, tg, long.zeroState(Float64Array));
      const short = new Network(model, V, B, T, Float64Array);
      const st = short.zeroState(Float64Array);
      const half = T * B;
      const l1 = short.forward(p, ids.slice(0, half), tg.slice(0, half), st);
      const l2 = short.forward(p, ids.slice(half), tg.slice(half), st);
      expect((l1 + l2) / 2).toBeCloseTo(lossLong, 12);
      const lastLong = long.caches[1]![0]!.h.subarray((2 * T - 1) * B * 6);
      expect(Array.from(st.h[1]!)).toEqual(Array.from(lastLong).map((x) => expect.closeTo(x, 12)));
    });
  }
});
