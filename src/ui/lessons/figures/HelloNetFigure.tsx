// The "hello" network figure: one step of a one-layer vanilla RNN on a few symbols drawn with the
// run's current weights — the one-hot input x_t and the previous state h_{t−1} feeding h_t through
// W_ih and W_hh, h_t feeding the softmax through the decoder — and, below, the model's next-letter
// probabilities after each letter of the inspected window ("hell" on the hello text). The weights
// come with the run's traces when "shared weights" is on (src/store/inspect.ts), the same path the
// heatmaps use; the figure asks for them with a button, and redraws as each trace arrives.
import { useMemo, useState } from 'react';
import { buildLayout } from '../../../model/params.ts';
import { setInspect } from '../../../store/actions.ts';
import { useStore } from '../../../store/store.ts';
import { showSymbol } from '../../draw/unrolled.ts';
import { useT } from '../../i18n.ts';
import { edgeStroke, helloEdges, helloNetFit, nodeY, stepProbs, type Edge } from './hello-net.ts';
import { useTrace } from './use-trace.ts';

const GAP = 20;
const COL = { in: 60, hidden: 230, out: 400 } as const;
const WIDTH = 470;
const INK = '#e6e9f2';
const POS = '#7cc4ff';
const NEG = '#ff8a8a';

/** A state value in [−1, 1] as a node's fill: blue for positive, red for negative. */
const fillOf = (v: number) => (v >= 0 ? POS : NEG);

function Edges({ edges, x1, x2, y1, y2, maxAbs, id }: { edges: Edge[]; x1: number; x2: number; y1: (k: number) => number; y2: (k: number) => number; maxAbs: number; id: string }) {
  return (
    <g data-testid={`hello-edges-${id}`}>
      {edges.map((e) => {
        const s = edgeStroke(e.w, maxAbs);
        return <line key={`${e.from}-${e.to}`} x1={x1} y1={y1(e.from)} x2={x2} y2={y2(e.to)} stroke={s.positive ? POS : NEG} strokeWidth={s.width} strokeOpacity={s.opacity} />;
      })}
    </g>
  );
}

export function HelloNetFigure() {
  const t = useT();
  const runId = useStore((s) => s.runs[0]?.id ?? null);
  const weights = useStore((s) => s.inspect.weights);
  const frame = useTrace(runId);
  const [chosen, setChosen] = useState<number | null>(null);
  const layout = useMemo(() => (frame ? buildLayout(frame.model, frame.symbols.length) : null), [frame]);
  const edges = useMemo(() => (frame?.params && layout ? helloEdges(frame.params, layout, frame.trace.H) : null), [frame, layout]);
  const say = (key: 'fig.hello.empty' | 'fig.hello.waiting' | 'fig.hello.cell' | 'fig.hello.size', state: string, vars = {}) => (
    <figure className="lesson-figure hello-figure" data-testid="figure-hello-net" data-state={state}>
      <figcaption>{t('fig.hello.title')}</figcaption>
      <p className="meta">{t(key, vars)}</p>
    </figure>
  );
  if (!runId) return say('fig.hello.empty', 'empty');
  if (!frame) return say('fig.hello.waiting', 'waiting');
  const V = frame.symbols.length;
  const fit = helloNetFit(frame.model, V);
  if (fit) return say(fit === 'cell' ? 'fig.hello.cell' : 'fig.hello.size', fit, { V, H: frame.model.hiddenSize });
  const { trace, symbols } = frame;
  const { H, T } = trace;
  const ts = chosen === null ? T - 1 : Math.min(chosen, T - 1);
  const height = (V + H + 1) * GAP + 40;
  const yIn = (k: number) => 30 + k * GAP;
  const yPrev = (k: number) => 30 + (V + 1) * GAP + k * GAP;
  const yHid = (k: number) => nodeY(k, H, height, GAP);
  const yOut = (k: number) => nodeY(k, V, height, GAP * 1.6);
  const h = trace.layers[0]![0]!.h;
  const probs = stepProbs(trace.topK, ts, V);
  const prefix = Array.from(trace.inputs.slice(0, ts + 1), (id) => showSymbol(symbols[id])).join('');
  return (
    <figure className="lesson-figure hello-figure" data-testid="figure-hello-net" data-state={edges ? 'ready' : 'no-weights'} data-trace-step={frame.step} data-max-weight={edges?.maxAbs ?? ''}>
      <figcaption>{t('fig.hello.title')}</figcaption>
      <div className="figure-controls" role="group" aria-label={t('fig.hello.after')}>
        <span className="meta">{t('fig.hello.after')}</span>
        {Array.from({ length: T }, (_, k) => (
          <button key={k} type="button" aria-pressed={k === ts} data-testid={`hello-step-${k}`} onClick={() => setChosen(k)}>
            {Array.from(trace.inputs.slice(0, k + 1), (id) => showSymbol(symbols[id])).join('')}
          </button>
        ))}
      </div>
      {edges ? (
        <svg className="hello-net" viewBox={`0 0 ${WIDTH} ${height}`} width="100%" role="img" aria-label={t('fig.hello.aria', { prefix, V, H, max: edges.maxAbs.toFixed(2) })}>
          <Edges id="ih" edges={edges.ih} x1={COL.in} x2={COL.hidden} y1={yIn} y2={yHid} maxAbs={edges.maxAbs} />
          <Edges id="hh" edges={edges.hh} x1={COL.in} x2={COL.hidden} y1={yPrev} y2={yHid} maxAbs={edges.maxAbs} />
          <Edges id="ho" edges={edges.ho} x1={COL.hidden} x2={COL.out} y1={yHid} y2={yOut} maxAbs={edges.maxAbs} />
          {symbols.map((s, k) => (
            <g key={`in${k}`}>
              <circle cx={COL.in} cy={yIn(k)} r={7} fill={trace.inputs[ts] === k ? INK : 'none'} stroke={INK} />
              <text x={COL.in - 14} y={yIn(k) + 4} fill={INK} fontSize={12} textAnchor="end">
                {showSymbol(s)}
              </text>
            </g>
          ))}
          {Array.from({ length: H }, (_, k) => {
            const prev = ts > 0 ? h[(ts - 1) * H + k]! : 0;
            const now = h[ts * H + k]!;
            return (
              <g key={`h${k}`}>
                <circle cx={COL.in} cy={yPrev(k)} r={6} fill={fillOf(prev)} fillOpacity={Math.abs(prev)} stroke={INK} />
                <circle cx={COL.hidden} cy={yHid(k)} r={7} fill={fillOf(now)} fillOpacity={Math.abs(now)} stroke={INK} />
              </g>
            );
          })}
          {symbols.map((s, k) => (
            <g key={`out${k}`} data-testid={`hello-out-${showSymbol(s)}`} data-p={probs[k]}>
              <rect x={COL.out - 8} y={yOut(k) - 8} width={16} height={16} fill={POS} fillOpacity={probs[k]} stroke={INK} />
              <text x={COL.out + 14} y={yOut(k) + 4} fill={INK} fontSize={12}>
                {showSymbol(s)} {(probs[k]! * 100).toFixed(0)}%
              </text>
            </g>
          ))}
          <text x={COL.in} y={14} fill={INK} fontSize={11} textAnchor="middle">
            {t('fig.hello.colIn')}
          </text>
          <text x={COL.in} y={yPrev(0) - 14} fill={INK} fontSize={11} textAnchor="middle">
            {'h_{t−1}'}
          </text>
          <text x={COL.hidden} y={yHid(0) - 14} fill={INK} fontSize={11} textAnchor="middle">
            h_t
          </text>
          <text x={COL.out} y={yOut(0) - 18} fill={INK} fontSize={11} textAnchor="middle">
            softmax
          </text>
        </svg>
      ) : (
        <p className="meta" data-testid="hello-no-weights">
          {t(weights ? 'fig.hello.waiting' : 'fig.hello.noWeights')}{' '}
          {!weights && (
            <button type="button" data-testid="hello-load-weights" onClick={() => setInspect({ weights: true })}>
              {t('fig.hello.loadWeights')}
            </button>
          )}
        </p>
      )}
      <table className="hello-probs" data-testid="hello-probs">
        <caption>{t('fig.hello.table', { step: frame.step })}</caption>
        <thead>
          <tr>
            <th scope="col">{t('fig.hello.afterCol')}</th>
            {symbols.map((s) => (
              <th key={s} scope="col">
                {showSymbol(s)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {Array.from({ length: T }, (_, k) => {
            const p = stepProbs(trace.topK, k, V);
            return (
              <tr key={k} aria-current={k === ts ? 'true' : undefined}>
                <th scope="row">{Array.from(trace.inputs.slice(0, k + 1), (id) => showSymbol(symbols[id])).join('')}</th>
                {symbols.map((s, i) => (
                  <td key={s} className={trace.targets[k] === i ? 'target' : undefined}>
                    {(p[i]! * 100).toFixed(0)}%
                  </td>
                ))}
              </tr>
            );
          })}
        </tbody>
      </table>
      <p className="meta">{t('fig.hello.explain')}</p>
    </figure>
  );
}
