// The gate valve figure: each gate of a gated cell (the LSTM's i, f, o; the GRU's r, z) drawn as a
// valve in a pipe, opened as far as the gate's live value for one unit at one time step of the
// inspected window (the latest trace of the run, as "Inside the network" draws it). Small
// controls pick the run, layer, unit and step; the numbers are written beside each valve.
import { useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { CELLS, type CellKind } from '../../../model/cells/registry.ts';
import { useStore } from '../../../store/store.ts';
import { showSymbol } from '../../draw/unrolled.ts';
import { useT, type MessageKey } from '../../i18n.ts';
import { SelectField } from '../../panels/fields.tsx';
import { useTrace } from './use-trace.ts';
import { valveGeometry } from './valve.ts';

const W = 220;
const TOP = 30;
const BORE = 44;
const PLATE_X = 104;
const INK = '#e6e9f2';
const WATER = '#7cc4ff';

/** One valve: the pipe's walls, the stream in front of the plate (full) and behind it (the gap). */
function Valve({ name, value, color }: { name: string; value: number; color: string }) {
  const t = useT();
  const g = valveGeometry(value, TOP, BORE);
  return (
    <svg className="valve" width={W} height={TOP + BORE + 16} viewBox={`0 0 ${W} ${TOP + BORE + 16}`} role="img" aria-label={t('fig.valve.aria', { gate: name, value: value.toFixed(3) })} data-testid={`valve-${name}`} data-open={g.open}>
      <rect x={8} y={TOP} width={PLATE_X - 8} height={BORE} fill={WATER} opacity={0.55} />
      <rect x={PLATE_X + 10} y={g.gapTop} width={W - PLATE_X - 18} height={g.gapHeight} fill={WATER} opacity={0.55} data-testid={`valve-${name}-stream`} />
      <line x1={8} x2={W - 8} y1={TOP} y2={TOP} stroke={INK} strokeWidth={2} />
      <line x1={8} x2={W - 8} y1={TOP + BORE} y2={TOP + BORE} stroke={INK} strokeWidth={2} />
      <rect x={PLATE_X} y={TOP - 12} width={10} height={g.plateBottom - TOP + 12} fill={color} stroke={INK} strokeWidth={1} />
      <text x={PLATE_X + 5} y={TOP - 16} fill={INK} fontSize={13} fontWeight={600} textAnchor="middle">
        {name}
      </text>
      <text x={W - 10} y={TOP + BORE + 13} fill={INK} fontSize={12} textAnchor="end">
        {t('fig.valve.open', { pct: Math.round(g.open * 100) })}
      </text>
    </svg>
  );
}

/** What each gate lets through, in words. */
const ROLE: Record<string, MessageKey> = { i: 'fig.valve.role.i', f: 'fig.valve.role.f', o: 'fig.valve.role.o', r: 'fig.valve.role.r', z: 'fig.valve.role.z' };

export function GateValveFigure() {
  const t = useT();
  // the runs whose cell has gates in (0, 1): the LSTM's and the GRU's
  const gated = useStore(useShallow((s) => s.runs.filter((r) => CELLS[r.id].gates(r.model).some((g) => g.range === 'unit')).map((r) => r.id)));
  const [chosen, setChosen] = useState<CellKind | null>(null);
  const runId = chosen && gated.includes(chosen) ? chosen : (gated[0] ?? null);
  const frame = useTrace(runId);
  const [unit, setUnit] = useState(0);
  const [step, setStep] = useState(0);
  const [row, setRow] = useState(0);
  if (!frame) {
    return (
      <figure className="lesson-figure valve-figure" data-testid="figure-gate-valve" data-state={runId ? 'waiting' : 'empty'}>
        <figcaption>{t('fig.valve.title')}</figcaption>
        <p className="meta">{t(runId ? 'fig.valve.waiting' : 'fig.valve.empty')}</p>
      </figure>
    );
  }
  const { trace, model, symbols } = frame;
  const { H, T } = trace;
  const G = trace.gateNames.length;
  const dirs = model.bidirectional ? 2 : 1;
  const j = Math.min(unit, H - 1);
  const ts = Math.min(step, T - 1);
  const r = Math.min(row, model.numLayers * dirs - 1);
  const d = trace.layers[Math.floor(r / dirs)]![r % dirs]!;
  const gates = CELLS[model.cell].gates(model).flatMap((g, k) => (g.range === 'unit' ? [{ name: g.name, k }] : []));
  const input = trace.inputs[ts];
  return (
    <figure className="lesson-figure valve-figure" data-testid="figure-gate-valve" data-state="ready" data-run={runId} data-unit={j} data-step={ts} data-trace-step={frame.step}>
      <figcaption>{t('fig.valve.title')}</figcaption>
      <div className="figure-controls">
        {gated.length > 1 && <SelectField id="fig-valve-run" label={t('fig.valve.run')} value={runId!} options={gated.map((id) => [id, CELLS[id].label] as const)} onChange={setChosen} />}
        {model.numLayers * dirs > 1 && (
          <SelectField id="fig-valve-layer" label={t('gates.layer')} value={String(r)} options={Array.from({ length: model.numLayers * dirs }, (_, i) => [String(i), t('inside.layer', { l: Math.floor(i / dirs) + 1, dir: i % dirs === 0 ? '→' : '←' })] as const)} onChange={(v) => setRow(Number(v))} />
        )}
        <div className="field">
          <label htmlFor="fig-valve-unit">{t('gates.unit', { H })}</label>
          <input id="fig-valve-unit" data-testid="fig-valve-unit" type="number" min={1} max={H} value={j + 1} onChange={(e) => Number.isInteger(Number(e.target.value)) && setUnit(Math.max(0, Math.min(H - 1, Number(e.target.value) - 1)))} />
        </div>
        <div className="field">
          <label htmlFor="fig-valve-step">{t('fig.valve.step', { t: ts + 1, T, ch: input === undefined ? '' : showSymbol(symbols[input]) })}</label>
          <input id="fig-valve-step" data-testid="fig-valve-step" type="range" min={1} max={T} step={1} value={ts + 1} onChange={(e) => setStep(Number(e.target.value) - 1)} />
        </div>
      </div>
      <ul className="valves">
        {gates.map(({ name, k }) => {
          const v = d.post[ts * G * H + k * H + j]!;
          return (
            <li key={name} data-testid={`valve-row-${name}`} data-value={v}>
              <Valve name={name} value={v} color={CELLS[model.cell].color} />
              <p>
                <strong>
                  {name}
                  <sub>t</sub> = {v.toFixed(3)}
                </strong>{' '}
                {t(ROLE[name] ?? 'fig.valve.role.other', { pct: Math.round(v * 100) })}
              </p>
            </li>
          );
        })}
      </ul>
      <p className="meta">{t('fig.valve.explain', { step: frame.step })}</p>
    </figure>
  );
}
