// Relative error of a float array against a reference, per named tensor of a parameter layout.
import type { ParamLayout } from '../../src/model/params.ts';

export function relErr(got: ArrayLike<number>, want: ArrayLike<number>, from = 0, to = want.length): number {
  let d = 0;
  let r = 0;
  for (let i = from; i < to; i++) {
    d += (got[i]! - want[i]!) ** 2;
    r += want[i]! ** 2;
  }
  return r === 0 ? Math.sqrt(d) : Math.sqrt(d / r);
}

/** The worst tensor by relative error: [name, error]. NaN anywhere counts as infinitely bad. */
export function worstTensor(layout: ParamLayout, got: ArrayLike<number>, want: ArrayLike<number>): [string, number] {
  let worst: [string, number] = ['', 0];
  for (const t of layout.tensors) {
    let e = relErr(got, want, t.offset, t.offset + t.size);
    if (Number.isNaN(e)) e = Infinity;
    if (e > worst[1]) worst = [t.name, e];
  }
  return worst;
}
