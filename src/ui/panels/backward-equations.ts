// The backward equations of backpropagation through time for one unit at one step, with the
// numbers the reference computed (Trace.grads): what reaches ∂L/∂h_t from the step's output and
// from the step after, then (LSTM) ∂L/∂c_t, and each gate's delta δ = ∂L/∂(pre-activation).
// The forward values they multiply come from the same trace. TeX built from numbers only.
import type { CellKind } from '../../model/cells/registry.ts';
import type { TraceFrame } from '../../store/traces.ts';
import type { MessageKey } from '../i18n.ts';
import { f4, n4, type Line } from './equation-format.ts';

/** One unit's BPTT numbers at one step, and the forward values they use. */
interface UnitBack {
  model: TraceFrame['model'];
  /** ∂L/∂h_t, its part from the output and its part from the step after. */
  dh: number;
  out: number;
  next: number;
  /** ∂L/∂c_t and its part from the step after (LSTM). */
  dc: number;
  dcNext: number;
  delta: (g: number) => number;
  post: (g: number) => number;
  h: number;
  c: number;
  hPrev: number;
  cPrev: number;
  /** The step after / before in this direction's order ('t+1' / 't-1'; reversed backward). */
  nx: string;
  pv: string;
  /** The output term of ∂L/∂h_t in TeX: the decoder's, the classifier's, the layer above's, or 0. */
  outTex: string;
  /** GRU: z and ∂L/∂h at the step after (0 at the last). */
  zNext: number;
  dhAfter: number;
}

const dL = (x: string) => `\\frac{\\partial L}{\\partial ${x}}`;

const BACKWARD: { readonly [K in CellKind]: (u: UnitBack) => Line[] } = {
  rnn: ({ model, dh, out, next, delta, h, nx, outTex }) => [
    { part: 'h', name: 'bptt.dh', tex: `${dL('h_t')} = ${outTex} + W_{hh}^\\top \\delta_{${nx}} = ${f4(out)} + ${f4(next)} = ${n4(dh)}` },
    model.nonlinearity === 'relu'
      ? { part: 0, name: 'bptt.delta', tex: `\\delta_t = ${dL('h_t')} \\odot \\mathbb{1}[a_t > 0] = ${f4(dh)} \\cdot ${h > 0 ? 1 : 0} = ${n4(delta(0))}` }
      : { part: 0, name: 'bptt.delta', tex: `\\delta_t = ${dL('h_t')} \\odot (1 - h_t^2) = ${f4(dh)} \\cdot ${f4(1 - h * h)} = ${n4(delta(0))}` },
  ],
  lstm: ({ model, dh, out, next, dc, dcNext, delta, post, c, cPrev, nx, pv, outTex }) => {
    const tc = Math.tanh(c);
    const [i, f, g, o] = [post(0), post(1), post(2), post(3)];
    const peep = model.peephole ? ' + \\text{peepholes}' : '';
    const gate = (k: number, name: string, by: string, a: number, b: number, gain: string, gv: number) => ({
      part: k as Line['part'],
      name: `bptt.${name}` as MessageKey,
      tex: `\\delta^${name}_t = ${by} \\odot ${gain} = ${f4(a)} \\cdot ${f4(b)} \\cdot ${f4(gv)} = ${n4(delta(k))}`,
    });
    return [
      { part: 'h', name: 'bptt.dh', tex: `${dL('h_t')} = ${outTex} + W_{hh}^\\top \\delta_{${nx}} = ${f4(out)} + ${f4(next)} = ${n4(dh)}` },
      gate(3, 'o', `${dL('h_t')} \\odot \\tanh(c_t)`, dh, tc, 'o_t(1 - o_t)', o * (1 - o)),
      { part: 'c', name: 'bptt.dc', tex: `${dL('c_t')} = ${dL('h_t')} \\odot o_t (1 - \\tanh^2 c_t) + ${dL(`c_{${nx}}`)} \\odot f_{${nx}}${peep} = ${f4(dc - dcNext)} + ${f4(dcNext)} = ${n4(dc)}` },
      gate(0, 'i', `${dL('c_t')} \\odot g_t`, dc, g, 'i_t(1 - i_t)', i * (1 - i)),
      gate(1, 'f', `${dL('c_t')} \\odot c_{${pv}}`, dc, cPrev, 'f_t(1 - f_t)', f * (1 - f)),
      gate(2, 'g', `${dL('c_t')} \\odot i_t`, dc, i, '(1 - g_t^2)', 1 - g * g),
    ];
  },
  gru: ({ model, dh, out, next, delta, post, hPrev, nx, pv, outTex, zNext, dhAfter }) => {
    const [r, z, n] = [post(0), post(1), post(2)];
    const through = zNext * dhAfter; // the direct path h_{t+1} = ... + z_{t+1} h_t
    return [
      { part: 'h', name: 'bptt.dh', tex: `${dL('h_t')} = ${outTex} + z_{${nx}} \\odot ${dL(`h_{${nx}}`)} + W_{hh}^\\top \\delta_{${nx}} = ${f4(out)} + ${f4(through)} + ${f4(next - through)} = ${n4(dh)}` },
      { part: 2, name: 'bptt.n', tex: `\\delta^n_t = ${dL('h_t')} \\odot (1 - z_t) \\odot (1 - n_t^2) = ${f4(dh)} \\cdot ${f4(1 - z)} \\cdot ${f4(1 - n * n)} = ${n4(delta(2))}` },
      { part: 1, name: 'bptt.z', tex: `\\delta^z_t = ${dL('h_t')} \\odot (h_{${pv}} - n_t) \\odot z_t(1 - z_t) = ${f4(dh)} \\cdot ${f4(hPrev - n)} \\cdot ${f4(z * (1 - z))} = ${n4(delta(1))}` },
      {
        part: 0,
        name: 'bptt.r',
        tex:
          model.gruVariant === 'original'
            ? `\\delta^r_t = (W_{hn}^\\top \\delta^n_t) \\odot h_{${pv}} \\odot r_t(1 - r_t) = ${n4(delta(0))} \\quad (r_t = ${n4(r)})`
            : `\\delta^r_t = \\delta^n_t \\odot (W_{hn} h_{${pv}} + b_{hn}) \\odot r_t(1 - r_t) = ${n4(delta(0))} \\quad (r_t = ${n4(r)})`,
      },
    ];
  },
};

/**
 * The backward equations of unit j at step t of (layer, dir), numbers substituted, or null while
 * the frame has no BPTT numbers (they arrive with the next trace).
 */
export function backwardEquations(f: TraceFrame, layer: number, dir: number, t: number, j: number): Line[] | null {
  const { trace, model } = f;
  const grads = trace.grads?.[layer]?.[dir];
  if (!grads) return null;
  const { H, T, gateNames } = trace;
  const G = gateNames.length;
  const d = trace.layers[layer]![dir]!;
  const after = dir === 0 ? t + 1 : t - 1; // the step BPTT comes from
  const before = dir === 0 ? t - 1 : t + 1;
  const hasAfter = after >= 0 && after < T;
  const hasBefore = before >= 0 && before < T;
  const top = layer === model.numLayers - 1;
  const outTex = !top
    ? `W_{ih}^{(${layer + 2})\\top} \\delta^{(${layer + 2})}_t`
    : trace.classifier
      ? (dir === 0 ? t === T - 1 : t === 0) ? 'W_{hy}^\\top (\\hat y - y)' : '0'
      : 'W_{hy}^\\top (\\hat y_t - y_t)';
  const at = (a: Float32Array | null, k: number) => (a ? a[k * H + j]! : 0);
  const lines = BACKWARD[model.cell]({
    model,
    dh: at(grads.dh, t),
    out: at(grads.dhOut, t),
    next: at(grads.dhNext, t),
    dc: at(grads.dc, t),
    dcNext: at(grads.dcNext, t),
    delta: (g) => grads.delta[t * G * H + g * H + j]!,
    post: (g) => d.post[t * G * H + g * H + j]!,
    h: d.h[t * H + j]!,
    c: at(d.c, t),
    hPrev: hasBefore ? d.h[before * H + j]! : 0,
    cPrev: hasBefore ? at(d.c, before) : 0,
    nx: dir === 0 ? 't+1' : 't-1',
    pv: dir === 0 ? 't-1' : 't+1',
    outTex,
    zNext: hasAfter && model.cell === 'gru' ? d.post[after * G * H + H + j]! : 0,
    dhAfter: hasAfter ? at(grads.dh, after) : 0,
  });
  return lines;
}
