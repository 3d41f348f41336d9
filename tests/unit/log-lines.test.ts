// The gradient-flow chart's log scale: whole decades around the values, positions, hover steps.
import { describe, expect, it } from 'vitest';
import { decadeRange, logChartLayout, stepAt, xAt, yAt } from '../../src/ui/draw/log-lines.ts';

describe('log-scale line chart', () => {
  it('spans the whole decades that hold every value, at least one', () => {
    expect(decadeRange([{ color: '', values: [0.5, 3e-4, 2] }])).toEqual({ lo: -4, hi: 1 });
    expect(decadeRange([{ color: '', values: [0.1, 0.1] }])).toEqual({ lo: -1, hi: 0 });
    expect(decadeRange([])).toEqual({ lo: -1, hi: 0 });
    // zero (a gradient that vanished completely) sits at the floor, NaN is skipped
    expect(decadeRange([{ color: '', values: [0, 1, NaN] }])).toEqual({ lo: -12, hi: 0 });
  });

  it('puts decades at equal heights and steps at equal widths; hover picks the nearest step', () => {
    const l = logChartLayout(400, 200, [{ color: '', values: [1e-3, 1e-2, 1e-1, 1] }]);
    expect([l.lo, l.hi, l.T]).toEqual([-3, 0, 4]);
    expect(yAt(l, 1)).toBeCloseTo(l.top);
    expect(yAt(l, 1e-3)).toBeCloseTo(l.bottom);
    expect(yAt(l, 1e-2) - yAt(l, 1e-1)).toBeCloseTo(yAt(l, 1e-1) - yAt(l, 1));
    expect(xAt(l, 1)).toBe(l.left);
    expect(xAt(l, 4)).toBe(l.right);
    expect(stepAt(l, xAt(l, 3) + 5)).toBe(3);
    expect(stepAt(l, 0)).toBeNull();
  });
});
