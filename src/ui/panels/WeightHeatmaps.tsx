// Weight sharing made visible: heatmaps of one (layer, direction)'s W_ih, W_hh and biases — the
// same matrices every column of the unrolled network computes with — redrawn from the parameters
// that come with each trace while the run trains. Rows are grouped by gate. In layer 1 the input
// is one-hot, so a time step reads a single column of W_ih: the selected step's is outlined. Each
// canvas says what it shows; the outlined column's numbers are a table for screen readers.
import { useEffect, useMemo, useRef, useState } from 'react';
import { buildLayout } from '../../model/params.ts';
import type { TraceFrame } from '../../store/traces.ts';
import { absMax, heatmapPixels, paintHeatmap } from '../draw/heatmap.ts';
import { showSymbol } from '../draw/unrolled.ts';
import { useT } from '../i18n.ts';
import { SelectField } from './fields.tsx';

/** Largest CSS size of one heatmap; weights are at least 1 px wide and half a pixel tall. */
const MAX_W = 360;
const MAX_H = 256;

/** The outlined column's numbers per gate (smallest, mean, largest), for screen readers. */
function ColumnTable({ name, values, offset, rows, cols, gates, column }: { name: string; values: Float32Array; offset: number; rows: number; cols: number; gates: readonly string[]; column: number }) {
  const tr = useT();
  const H = rows / gates.length;
  return (
    <table className="visually-hidden" data-testid="heatmap-column-table">
      <caption>{tr('heat.columnCaption', { name })}</caption>
      <thead>
        <tr>
          <th scope="col">{tr('heat.gate')}</th>
          <th scope="col">{tr('heat.min')}</th>
          <th scope="col">{tr('heat.mean')}</th>
          <th scope="col">{tr('heat.max')}</th>
        </tr>
      </thead>
      <tbody>
        {gates.map((g, k) => {
          const col = Array.from({ length: H }, (_, u) => values[offset + (k * H + u) * cols + column]!);
          return (
            <tr key={g}>
              <th scope="row">{g}</th>
              <td>{Math.min(...col).toFixed(3)}</td>
              <td>{(col.reduce((a, b) => a + b, 0) / H).toFixed(3)}</td>
              <td>{Math.max(...col).toFixed(3)}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

function Heatmap({ id, name, values, offset, rows, cols, gates, column }: {
  id: string;
  name: string;
  values: Float32Array;
  offset: number;
  rows: number;
  cols: number;
  gates: readonly string[];
  /** Outlined column, if any. */
  column: number | null;
}) {
  const tr = useT();
  const canvas = useRef<HTMLCanvasElement>(null);
  const scale = absMax(values, offset, rows * cols);
  useEffect(() => {
    if (canvas.current) paintHeatmap(canvas.current, heatmapPixels(values, offset, rows, cols, scale), rows, cols);
  }, [values, offset, rows, cols, scale]);
  const width = cols * Math.min(8, Math.max(1, MAX_W / cols));
  const height = rows * Math.min(8, Math.max(0.5, MAX_H / rows));
  return (
    <figure className="heatmap" data-testid={`heatmap-${id}`} data-absmax={scale}>
      <figcaption>
        {name} <span className="meta">({rows} × {cols}) ±{scale.toPrecision(3)}</span>
      </figcaption>
      <div className="heatmap-body">
        <div className="heatmap-gates" style={{ height }}>
          {gates.map((g) => (
            <span key={g}>{g}</span>
          ))}
        </div>
        <div className="heatmap-canvas" style={{ width, height }}>
          <canvas ref={canvas} style={{ width, height }} role="img" aria-label={tr('heat.canvasLabel', { name, rows, cols, max: scale.toPrecision(3) })} />
          {column !== null && <div className="heatmap-column" data-testid={`heatmap-${id}-column`} data-column={column} style={{ left: (column / cols) * width, width: width / cols }} />}
        </div>
      </div>
      {column !== null && <ColumnTable name={name} values={values} offset={offset} rows={rows} cols={cols} gates={gates} column={column} />}
    </figure>
  );
}

export function WeightHeatmaps({ frame, t }: { frame: TraceFrame; t: number }) {
  const tr = useT();
  const { model, params, trace, symbols } = frame;
  const [layer, setLayer] = useState(0);
  const [dir, setDir] = useState(0);
  const layout = useMemo(() => buildLayout(model, symbols.length), [model, symbols.length]);
  // (G*H, 2): b_ih and b_hh side by side
  const l = Math.min(layer, model.numLayers - 1);
  const d = model.bidirectional ? dir : 0;
  const lo = layout.layers[l]![d]!;
  const GH = trace.gateNames.length * trace.H;
  const biases = useMemo(() => {
    if (!params) return null;
    const b = new Float32Array(GH * 2);
    for (let r = 0; r < GH; r++) b.set([params[lo.bIh + r]!, params[lo.bHh + r]!], 2 * r);
    return b;
  }, [params, lo, GH]);
  if (!params || !biases) {
    return (
      <p className="meta" data-testid="heatmaps-waiting">
        {tr('heat.waiting')}
      </p>
    );
  }
  const input = trace.inputs[t];
  return (
    <div className="heatmaps-panel" data-testid="heatmaps" data-step={frame.step}>
      <div className="inside-options">
        {model.numLayers > 1 && (
          <SelectField id="heat-layer" label={tr('heat.layer')} value={String(l)} options={Array.from({ length: model.numLayers }, (_, k) => [String(k), String(k + 1)] as const)} onChange={(v) => setLayer(Number(v))} />
        )}
        {model.bidirectional && (
          <SelectField
            id="heat-dir"
            label={tr('heat.direction')}
            value={String(d)}
            options={[
              ['0', tr('heat.forward')],
              ['1', tr('heat.backward')],
            ]}
            onChange={(v) => setDir(Number(v))}
          />
        )}
      </div>
      <p className="meta">{tr(l === 0 ? 'heat.explainFirst' : 'heat.explain', { step: frame.step, ch: input === undefined ? '' : showSymbol(symbols[input]) })}</p>
      <div className="heatmaps">
        <Heatmap id="ih" name="W_ih" values={params} offset={lo.wIh} rows={GH} cols={lo.inSize} gates={trace.gateNames} column={l === 0 && input !== undefined ? input : null} />
        <Heatmap id="hh" name="W_hh" values={params} offset={lo.wHh} rows={GH} cols={trace.H} gates={trace.gateNames} column={null} />
        <Heatmap id="b" name="b_ih, b_hh" values={biases} offset={0} rows={GH} cols={2} gates={trace.gateNames} column={null} />
      </div>
    </div>
  );
}
