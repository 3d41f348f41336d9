// The saliency view's arithmetic (src/model/saliency.ts, the strip in src/store/inspect.ts, the
// tint in src/ui/panels/SaliencyPanel.tsx): directions summed in squares, the step explained, the
// reach worded in the caption, the strip's rows, the log-scale tint.
import { expect, it } from 'vitest';
import { inputSaliency, saliencyReach, saliencyStep } from '../../src/model/saliency.ts';
import type { DirTrace, Trace } from '../../src/model/trace.ts';
import { SALIENCY_ROWS, withSaliencyRow } from '../../src/store/inspect.ts';
import { tintAlpha } from '../../src/ui/panels/SaliencyPanel.tsx';

const dir = (dxNorm: number[]) => ({ dxNorm: Float32Array.from(dxNorm) }) as DirTrace;

it('sums the first layer’s directions in squares and ignores the layers above', () => {
  const trace = { T: 3, layers: [[dir([3, 0, 1]), dir([4, 2, 0])], [dir([100, 100, 100])]] } as unknown as Trace;
  expect(Array.from(inputSaliency(trace))).toEqual([5, 2, 1]);
});

it('explains the asked step when it has a target, else the last step that has one', () => {
  const targets = Int32Array.of(4, -1, 2, 7, -1);
  expect(saliencyStep(targets, 2)).toBe(2);
  expect(saliencyStep(targets, 1)).toBe(3); // no target there
  expect(saliencyStep(targets, null)).toBe(3);
  expect(saliencyStep(targets, 9)).toBe(3);
  expect(saliencyStep(Int32Array.of(-1, -1), null)).toBe(-1);
});

it('says how far back the prediction reaches: the earliest input with at least 1% of the largest', () => {
  // at = 4: the largest (2) at step 4, 1% of it = 0.02: step 1 (0.05) is the earliest above
  expect(saliencyReach([0.001, 0.05, 0.3, 1, 2, 9], 4)).toEqual({ steps: 3, max: 2, peak: 4 }); // step 5 is after it: not counted
  expect(saliencyReach([0.5, 0.7, 0.1], 2)).toEqual({ steps: 2, max: 0.7, peak: 1 }); // back to the start
  expect(saliencyReach([0, 0, 0], 2)).toBeNull();
});

it('keeps the strip to the same prediction, one row per update, the latest SALIENCY_ROWS', () => {
  const row = (step: number, at: number) => ({ step, at, norms: new Float32Array(2) });
  let rows = withSaliencyRow([], row(1, 5));
  rows = withSaliencyRow(rows, row(2, 5));
  expect(rows.map((r) => r.step)).toEqual([1, 2]);
  expect(withSaliencyRow(rows, row(2, 5)).map((r) => r.step)).toEqual([1, 2]); // the same update: replaced
  expect(withSaliencyRow(rows, row(3, 4)).map((r) => r.step)).toEqual([3]); // another prediction: anew
  for (let s = 3; s < 20; s++) rows = withSaliencyRow(rows, row(s, 5));
  expect(rows.map((r) => r.step)).toEqual(Array.from({ length: SALIENCY_ROWS }, (_, i) => 20 - SALIENCY_ROWS + i));
});

it('tints on a log scale: full at the largest, clear at a thousandth or less', () => {
  expect(tintAlpha(2, 2)).toBe(1);
  expect(tintAlpha(0.2, 2)).toBeCloseTo(2 / 3, 6);
  expect(tintAlpha(0.002, 2)).toBeCloseTo(0, 6);
  expect(tintAlpha(1e-6, 2)).toBe(0);
  expect(tintAlpha(0, 2)).toBe(0);
  expect(tintAlpha(1, 0)).toBe(0);
});
