// The gate inspector: the cell's equations, typeset with KaTeX, each named in words (input gate,
// forget gate, ...), with one unit's numbers at one time step substituted from the trace
// (pre-activations, gates, c, h, and the previous step's state) — or, in backward mode, that
// step's backward equations (./backward-equations.ts). A position step mode has not computed yet shows
// the equations without numbers. The TeX is built from numbers only, never from the person's
// text. Hovering an equation highlights that unit's strip in the unrolled network (`onFocus`).
import katex from 'katex';
import 'katex/dist/katex.min.css';
import { useState } from 'react';
import type { CellKind } from '../../model/cells/registry.ts';
import type { TraceFrame } from '../../store/traces.ts';
import type { UnitFocus } from '../draw/unrolled.ts';
import { useT } from '../i18n.ts';
import { Hint } from './fields.tsx';
import { isComputed } from '../../store/traces.ts';
import { backwardEquations } from './backward-equations.ts';
import { f4, n4, type Line } from './equation-format.ts';

export type { Line };

/** One unit's numbers at one step: what every kind's equations substitute. */
interface UnitAt {
  model: TraceFrame['model'];
  /** Pre-activation and activation of gate row g (in the registry's gate order). */
  pre: (g: number) => number;
  post: (g: number) => number;
  h: number;
  c: number;
  hPrev: number;
  cPrev: number;
  /** How h_{t-1} is written: 't-1', or 't-1 = 0' at the first step (the zero state). */
  tp: string;
}

/** Each kind's equations, a Record so that a kind added to the registry must bring its own. */
const EQUATIONS: { readonly [K in CellKind]: (u: UnitAt) => Line[] } = {
  rnn: ({ model, pre, h, hPrev, tp }) => {
    const fn = model.nonlinearity === 'relu' ? '\\operatorname{relu}' : '\\tanh';
    return [{ part: 'h', name: 'part.h', tex: `h_t = ${fn}(W_{ih}x_t + b_{ih} + W_{hh}h_{${tp}} + b_{hh}) = ${fn}(${n4(pre(0))}) = ${n4(h)} \\quad (h_{t-1} = ${n4(hPrev)})` }];
  },
  lstm: ({ model, pre, post, h, c, cPrev, tp }) => {
    const peep = model.peephole;
    const gate = (g: number, name: 'i' | 'f' | 'g' | 'o', fn: string, extra: string): Line => ({
      part: g as UnitFocus['part'],
      name: `part.${name}`,
      tex: `${name}_t = ${fn}(W_{i${name}}x_t + W_{h${name}}h_{t-1}${extra} + b_${name}) = ${fn}(${n4(pre(g))}) = ${n4(post(g))}`,
    });
    return [
      gate(0, 'i', '\\sigma', peep ? ' + p_i c_{t-1}' : ''),
      gate(1, 'f', '\\sigma', peep ? ' + p_f c_{t-1}' : ''),
      gate(2, 'g', '\\tanh', ''),
      gate(3, 'o', '\\sigma', peep ? ' + p_o c_t' : ''),
      { part: 'c', name: 'part.c', tex: `c_t = f_t c_{${tp}} + i_t g_t = ${f4(post(1))} \\cdot ${f4(cPrev)} + ${f4(post(0))} \\cdot ${f4(post(2))} = ${n4(c)}` },
      { part: 'h', name: 'part.h', tex: `h_t = o_t \\tanh(c_t) = ${f4(post(3))} \\cdot \\tanh(${n4(c)}) = ${n4(h)}` },
    ];
  },
  gru: ({ model, pre, post, h, hPrev, tp }) => [
    { part: 0, name: 'part.r', tex: `r_t = \\sigma(W_{ir}x_t + b_{ir} + W_{hr}h_{t-1} + b_{hr}) = \\sigma(${n4(pre(0))}) = ${n4(post(0))}` },
    { part: 1, name: 'part.z', tex: `z_t = \\sigma(W_{iz}x_t + b_{iz} + W_{hz}h_{t-1} + b_{hz}) = \\sigma(${n4(pre(1))}) = ${n4(post(1))}` },
    {
      part: 2,
      name: 'part.n',
      tex:
        model.gruVariant === 'original'
          ? `n_t = \\tanh(W_{in}x_t + b_{in} + W_{hn}(r_t \\odot h_{t-1}) + b_{hn}) = \\tanh(${n4(pre(2))}) = ${n4(post(2))}`
          : `n_t = \\tanh(W_{in}x_t + b_{in} + r_t \\odot (W_{hn}h_{t-1} + b_{hn})) = \\tanh(${n4(pre(2))}) = ${n4(post(2))}`,
    },
    { part: 'h', name: 'part.h', tex: `h_t = (1 - z_t)\\, n_t + z_t\\, h_{${tp}} = ${f4(1 - post(1))} \\cdot ${f4(post(2))} + ${f4(post(1))} \\cdot ${f4(hPrev)} = ${n4(h)}` },
  ],
};

/** The equation without its numbers: `lhs = formula`, cut at its second ' = ' outside braces (a
 *  step not computed yet). */
function symbolic(l: Line): Line {
  let depth = 0;
  let seen = 0;
  for (let i = 0; i < l.tex.length; i++) {
    const ch = l.tex[i];
    if (ch === '{') depth++;
    else if (ch === '}') depth--;
    else if (depth === 0 && l.tex.startsWith(' = ', i) && ++seen === 2) return { ...l, tex: l.tex.slice(0, i) };
  }
  return l;
}

/** The cell's equations for unit j at step t of (layer, dir), numbers substituted — or, where step
 *  mode has not computed that step yet, only their symbols (never placeholder zeros). */
export function equations(f: TraceFrame, layer: number, dir: number, t: number, j: number): Line[] {
  const lines = numbered(f, layer, dir, t, j);
  return isComputed(f, layer, dir, t) ? lines : lines.map(symbolic);
}

function numbered(f: TraceFrame, layer: number, dir: number, t: number, j: number): Line[] {
  const { trace, model } = f;
  const { H, T, gateNames } = trace;
  const G = gateNames.length;
  const d = trace.layers[layer]![dir]!;
  const prev = dir === 0 ? t - 1 : t + 1; // the step the state comes from (backward runs right to left)
  const has = prev >= 0 && prev < T;
  return EQUATIONS[model.cell]({
    model,
    pre: (g) => d.pre[t * G * H + g * H + j]!,
    post: (g) => d.post[t * G * H + g * H + j]!,
    h: d.h[t * H + j]!,
    c: d.c ? d.c[t * H + j]! : 0,
    hPrev: has ? d.h[prev * H + j]! : 0,
    cPrev: has && d.c ? d.c[prev * H + j]! : 0,
    tp: has ? 't-1' : 't-1 = 0',
  });
}

/** In backward mode, the frame whose BPTT numbers are shown (null: forward equations). */
export function GateInspector({ frame, t, onFocus, backward = false }: { frame: TraceFrame; t: number; onFocus: (f: UnitFocus | null) => void; backward?: boolean }) {
  const tr = useT();
  const { H } = frame.trace;
  const dirs = frame.model.bidirectional ? 2 : 1;
  const [unit, setUnit] = useState(0);
  const [row, setRow] = useState(0); // layer * dirs + dir
  const j = Math.min(unit, H - 1);
  const r = Math.min(row, frame.model.numLayers * dirs - 1);
  const layer = Math.floor(r / dirs);
  const dir = r % dirs;
  const lines = backward ? backwardEquations(frame, layer, dir, t, j) : equations(frame, layer, dir, t, j);
  const computed = backward || isComputed(frame, layer, dir, t);
  return (
    <div className="gate-inspector" data-testid="gate-inspector" data-mode={backward ? 'backward' : 'forward'}>
      <h3>{tr(backward ? 'gates.titleBackward' : 'gates.title')}</h3>
      {backward && <p className="meta">{tr('gates.explainBackward')}</p>}
      {!computed && (
        <p className="meta" data-testid="gates-not-computed">
          {tr('gates.notComputed')}
        </p>
      )}
      <div className="inside-options">
        <div className="field">
          <label htmlFor="gates-unit">{tr('gates.unit', { H })}</label>
          <input id="gates-unit" data-testid="gates-unit" type="number" min={1} max={H} value={j + 1} onChange={(e) => Number.isInteger(Number(e.target.value)) && setUnit(Math.max(0, Math.min(H - 1, Number(e.target.value) - 1)))} aria-describedby="gates-unit-hint" />
          <Hint id="gates-unit" text={tr('hint.unit')} />
        </div>
        {frame.model.numLayers * dirs > 1 && (
          <div className="field">
            <label htmlFor="gates-layer">{tr('gates.layer')}</label>
            <select id="gates-layer" value={r} onChange={(e) => setRow(Number(e.target.value))}>
              {Array.from({ length: frame.model.numLayers * dirs }, (_, i) => (
                <option key={i} value={i}>
                  {tr('inside.layer', { l: Math.floor(i / dirs) + 1, dir: i % dirs === 0 ? '→' : '←' })}
                </option>
              ))}
            </select>
          </div>
        )}
      </div>
      {lines ? (
        <ol className="equations" aria-label={tr(backward ? 'gates.titleBackward' : 'gates.title')}>
          {lines.map((line, i) => (
            // hover or keyboard focus marks the equation's part in the drawing
            <li
              key={i}
              data-testid={`equation-${i}`}
              data-tex={line.tex}
              tabIndex={0}
              onMouseEnter={() => onFocus({ layer, dir, part: line.part, unit: j })}
              onMouseLeave={() => onFocus(null)}
              onFocus={() => onFocus({ layer, dir, part: line.part, unit: j })}
              onBlur={() => onFocus(null)}
            >
              <span className="eq-name" data-testid={`equation-name-${i}`}>
                {tr(line.name)}
              </span>
              {/* KaTeX output of TeX built from numbers only (see the header) */}
              <span dangerouslySetInnerHTML={{ __html: katex.renderToString(line.tex, { throwOnError: false, output: 'htmlAndMathml' }) }} />
            </li>
          ))}
        </ol>
      ) : (
        <p className="meta" data-testid="gates-waiting">
          {tr('gates.waitingBackward')}
        </p>
      )}
    </div>
  );
}
