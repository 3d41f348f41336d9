// Weight heatmaps: one RGBA pixel per weight on the network panel's diverging scale.
import { describe, expect, it } from 'vitest';
import { absMax, heatmapPixels } from '../../src/ui/draw/heatmap.ts';
import { divergingRgb } from '../../src/ui/draw/unrolled.ts';

describe('heatmap pixels', () => {
  const values = Float32Array.of(9, -0.5, 0, 0.25, 0.5, -1, 0.1, 9); // a (2, 3) block at offset 1
  it('absMax reads only the block', () => {
    expect(absMax(values, 1, 6)).toBe(1);
    expect(absMax(values, 0, 8)).toBe(9);
  });
  it('colours each weight by value / scale, row-major, opaque', () => {
    const px = heatmapPixels(values, 1, 2, 3, 0.5);
    expect(px).toHaveLength(2 * 3 * 4);
    const expected = [-1, 0, 0.5, 1, -2, 0.2].flatMap((v) => [...divergingRgb(v), 255]);
    expect(Array.from(px)).toEqual(expected);
    // the ends of the scale: full teal and full amber; zero is the panel's background
    expect(Array.from(px.subarray(0, 3))).toEqual([45, 212, 191]);
    expect(Array.from(px.subarray(12, 15))).toEqual([245, 185, 66]);
    expect(Array.from(px.subarray(4, 7))).toEqual([19, 26, 46]);
  });
  it('an all-zero matrix is the background, not NaN', () => {
    expect(Array.from(heatmapPixels(new Float32Array(4), 0, 2, 2, 0).subarray(0, 4))).toEqual([19, 26, 46, 255]);
  });
});
