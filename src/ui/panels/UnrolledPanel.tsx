// Inside the network: the unrolled network over a window of the training text, drawn on canvas
// from the latest GPU trace (src/store/traces.ts) through refs, with the new states flowing along
// the recurrent arrows as each trace arrives. A column can be picked (click or arrow keys) to read
// its numbers; "shared weights" outlines what every column computes with the same W_ih, W_hh, b
// and shows those matrices as heatmaps that change as it trains. In line and classification
// modes the window is one of the task's sequences (a whole line, or a sentence and its label).
import { startTransition, useEffect, useMemo, useRef, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { CellKind } from '../../model/config.ts';
import { setInspect, stepBy, stepTo, walkBack } from '../../store/actions.ts';
import { currentTask } from '../../store/state.ts';
import { useStore } from '../../store/store.ts';
import type { TraceFrame } from '../../store/traces.ts';
import { COL_W, drawUnrolled, EDGE, layoutFor, showSymbol, type UnitFocus } from '../draw/unrolled.ts';
import { GateInspector } from './GateInspector.tsx';
import { WeightHeatmaps } from './WeightHeatmaps.tsx';
import { StepperBar } from './StepperBar.tsx';
import { frameFromStepper } from '../draw/step-frame.ts';
import { useT } from '../i18n.ts';
import { Panel } from './fields.tsx';

const FLOW_MS = 700;

/** Euclidean norm of a[t*n .. t*n+n). */
const norm = (a: Float32Array, t: number, n: number) => Math.hypot(...a.subarray(t * n, (t + 1) * n));

function Details({ frame, t }: { frame: TraceFrame; t: number }) {
  const tr = useT();
  const { trace, symbols, model, labels } = frame;
  const L = frame.lossAt === 'last' || trace.classifier ? 'L_T' : 'L';
  const k = trace.topK.k;
  const dirs = model.bidirectional ? 2 : 1;
  const classifier = trace.classifier;
  return (
    <dl className="details" data-testid="unrolled-details" aria-live="polite">
      <dt>{tr('inside.step')}</dt>
      <dd data-testid="detail-t">
        {t + 1} / {trace.T}: {showSymbol(symbols[trace.inputs[t]!])}
        {trace.targets[t]! >= 0 && ` → ${showSymbol(symbols[trace.targets[t]!])}`}
      </dd>
      {k > 0 && (
        <>
          <dt>{tr('inside.pTarget')}</dt>
          <dd data-testid="detail-ptarget">{trace.targetProbs[t]!.toPrecision(4)}</dd>
          <dt>{tr('inside.top')}</dt>
          <dd data-testid="detail-top">
            {Array.from({ length: k }, (_, j) => `${showSymbol(symbols[trace.topK.ids[t * k + j]!])} ${trace.topK.probs[t * k + j]!.toPrecision(4)}`).join(' · ')}
          </dd>
        </>
      )}
      {classifier && (
        <>
          <dt>{tr('inside.label')}</dt>
          <dd data-testid="detail-label">
            {Array.from(classifier.probs.keys())
              .sort((a, b) => classifier.probs[b]! - classifier.probs[a]!)
              .map((j) => `${labels[j]} ${classifier.probs[j]!.toPrecision(4)}`)
              .join(' · ')}
          </dd>
        </>
      )}
      {trace.layers.map((ds, l) =>
        ds.slice(0, dirs).map((d, di) => (
          <div key={`${l}-${di}`} className="detail-layer">
            <dt>{tr('inside.layer', { l: l + 1, dir: di === 0 ? '→' : '←' })}</dt>
            <dd data-testid={`detail-h-${l}-${di}`}>
              ‖h‖ {norm(d.h, t, trace.H).toPrecision(4)}
              {d.c ? ` · ‖c‖ ${norm(d.c, t, trace.H).toPrecision(4)}` : ''}
              {frame.partial ? '' : ` · ‖∂${L}/∂h‖ ${d.dhNorm[t]!.toPrecision(4)}`}
              {!frame.partial && d.dcNorm ? ` · ‖∂${L}/∂c‖ ${d.dcNorm[t]!.toPrecision(4)}` : ''}
            </dd>
          </div>
        )),
      )}
    </dl>
  );
}

export function UnrolledPanel() {
  const t = useT();
  const runs = useStore(useShallow((s) => s.runs.map((r) => r.id)));
  const labels = useStore(useShallow((s) => s.runs.map((r) => r.label)));
  const inspect = useStore((s) => s.inspect);
  const mode = useStore((s) => s.mode);
  // the sequences the window can be (the summary carries the first ones) and how many there are
  const sequences = useStore((s) => currentTask(s)?.sequences.length ?? 0);
  const sequenceCount = useStore((s) => currentTask(s)?.count ?? 0);
  const maxOffset = useStore((s) => Math.max(0, Math.min(s.text.length, 5000) - s.inspect.length - 1));
  const [chosen, setChosen] = useState<CellKind | null>(null);
  const runId = chosen && runs.includes(chosen) ? chosen : (runs[0] ?? null);
  const [traced, setFrame] = useState<TraceFrame | null>(null);
  const stepper = useStore((s) => (s.stepper && s.stepper.runId === runId ? s.stepper : null));
  const runModel = useStore((s) => s.runs.find((r) => r.id === runId)?.model ?? null);
  // step mode shows what the stepper computed; otherwise the latest trace
  // backward mode walks BPTT over the run's trace (same parameters: training is paused)
  const backward = stepper?.backward ?? null;
  const stepFrame = useMemo(() => (stepper && runModel && backward === null ? frameFromStepper(stepper, runModel) : null), [stepper, runModel, backward]);
  const frame = stepFrame ?? traced;
  const [selected, setSelected] = useState(0);
  const shared = useStore((s) => s.inspect.weights);
  const canvas = useRef<HTMLCanvasElement>(null);
  const frames = useRef<{ prev: TraceFrame | null; next: TraceFrame | null }>({ prev: null, next: null });
  const view = useRef<{ selected: number; shared: boolean; focus: UnitFocus | null }>({ selected: 0, shared: false, focus: null });
  const raf = useRef(0);
  const drawnFront = useRef(-1);

  /** Draws the current frames; keeps animating until the flow has reached the last column. */
  const draw = useRef(() => {
    const { prev, next } = frames.current;
    const c = canvas.current;
    if (!next || !c) return;
    const lay = layoutFor(next);
    const dpr = window.devicePixelRatio || 1;
    if (c.width !== lay.width * dpr || c.height !== lay.height * dpr) {
      c.width = lay.width * dpr;
      c.height = lay.height * dpr;
      c.style.width = `${lay.width}px`;
      c.style.height = `${lay.height}px`;
      drawnFront.current = -1; // resizing cleared the canvas
    }
    const ctx = c.getContext('2d')!;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    const progress = Math.min(1, (performance.now() - next.arrivedAt) / FLOW_MS);
    // the flow advances a column at a time: frames in between would draw the same picture
    const front = Math.floor(progress * next.trace.T);
    if (front !== drawnFront.current) {
      drawnFront.current = front;
      drawUnrolled(ctx, next, prev, progress, view.current.selected, view.current.shared ? 'weights' : null, view.current.focus);
    }
    if (progress < 1) raf.current = requestAnimationFrame(draw.current);
  });
  /** Draws again on the next frame, whatever was drawn before (a new trace, column or focus). */
  const redraw = () => {
    drawnFront.current = -1;
    cancelAnimationFrame(raf.current);
    raf.current = requestAnimationFrame(draw.current);
  };

  useEffect(() => {
    if (!runId) return;
    const show = (f: TraceFrame) => {
      if (!useStore.getState().stepper) frames.current = { prev: frames.current.next, next: f };
      startTransition(() => setFrame(f)); // the numbers and equations below: interruptible
      redraw();
    };
    const existing = useStore.getState().traces[runId];
    frames.current = { prev: null, next: null };
    if (existing) show(existing);
    // a transient subscription: a new trace is drawn from refs, never a render of the whole store
    const off = useStore.subscribe((s, prev) => {
      const f = s.traces[runId];
      if (f && f !== prev.traces[runId]) show(f);
    });
    return () => {
      off();
      cancelAnimationFrame(raf.current);
    };
  }, [runId]);

  const T = frame?.trace.T ?? 0;
  // in step mode the column is where the last computed tick is (its forward direction)
  const stepColumn = backward !== null ? T - backward : stepper && stepper.shown > 0 ? stepper.states[stepper.shown - 1]!.dirs[0]!.t : stepper ? 0 : null;
  const column = stepColumn ?? Math.min(selected, Math.max(0, T - 1));
  useEffect(() => {
    view.current = { ...view.current, selected: column, shared };
    if (stepFrame) frames.current = { prev: null, next: stepFrame };
    else if (traced && frames.current.next?.partial) frames.current = { prev: null, next: traced };
    redraw();
  }, [column, shared, stepFrame, traced]);

  return (
    <Panel title={t('inside.title')} className="unrolled-panel" testId="unrolled-panel">
      <p className="meta">{t(mode === 'lines' ? 'inside.explainLines' : mode === 'classify' ? 'inside.explainClassify' : 'inside.explain')}</p>
      <div className="inside-options">
        {runs.length > 1 && (
          <div className="field">
            <label htmlFor="inside-run">{t('inside.run')}</label>
            <select id="inside-run" value={runId ?? ''} onChange={(e) => setChosen(e.target.value as CellKind)}>
              {runs.map((id, i) => (
                <option key={id} value={id}>
                  {labels[i]}
                </option>
              ))}
            </select>
          </div>
        )}
        {mode === 'lm' ? (
          <>
            <div className="field">
              <label htmlFor="inside-length">{t('inside.length', { n: inspect.length })}</label>
              <input id="inside-length" data-testid="inside-length" type="range" min={8} max={32} value={inspect.length} onChange={(e) => setInspect({ length: Number(e.target.value) })} />
            </div>
            <div className="field">
              <label htmlFor="inside-offset">{t('inside.offset', { n: inspect.offset })}</label>
              <input id="inside-offset" data-testid="inside-offset" type="range" min={0} max={maxOffset} value={Math.min(inspect.offset, maxOffset)} onChange={(e) => setInspect({ offset: Number(e.target.value) })} />
            </div>
          </>
        ) : (
          sequences > 0 && (
            <div className="field">
              <label htmlFor="inside-sequence">{t(sequenceCount > sequences ? 'inside.sequenceOfFirst' : 'inside.sequenceOf', { n: Math.min(inspect.sequence, sequences - 1) + 1, count: sequences })}</label>
              <input id="inside-sequence" data-testid="inside-sequence" type="range" min={0} max={sequences - 1} value={Math.min(inspect.sequence, sequences - 1)} onChange={(e) => setInspect({ sequence: Number(e.target.value) })} />
            </div>
          )
        )}
        <button type="button" aria-pressed={shared} data-testid="inside-shared" onClick={() => setInspect({ weights: !shared })}>
          {t('inside.shared')}
        </button>
      </div>
      {shared && <p className="note">{t('inside.sharedNote')}</p>}
      {shared && traced && <WeightHeatmaps frame={traced} t={column} />}
      {runId && runModel && <StepperBar runId={runId} />}
      {frame ? (
        <>
          <div className="unrolled-scroll">
            <canvas
              ref={canvas}
              data-testid="unrolled-canvas"
              data-step={frame.step}
              tabIndex={0}
              role="img"
              aria-label={t('inside.canvasLabel', { T, step: frame.step })}
              onClick={(e) => {
                const x = e.clientX - e.currentTarget.getBoundingClientRect().left;
                setSelected(Math.max(0, Math.min(T - 1, Math.floor((x - EDGE) / COL_W))));
              }}
              onKeyDown={(e) => {
                if (backward !== null) {
                  // BPTT runs right to left: the left arrow goes one step further back
                  const k = { ArrowLeft: backward + 1, ArrowRight: backward - 1, Home: T, End: 1 }[e.key];
                  if (k === undefined) return;
                  e.preventDefault();
                  return walkBack(k);
                }
                if (stepper) {
                  // the arrow keys drive the stepper: one tick at a time
                  const move = { ArrowRight: () => stepBy(1), ArrowLeft: () => stepBy(-1), Home: () => stepTo(0), End: () => stepTo(stepper.ticks.length) }[e.key];
                  if (!move) return;
                  e.preventDefault();
                  return move();
                }
                const to = e.key === 'ArrowRight' ? column + 1 : e.key === 'ArrowLeft' ? column - 1 : e.key === 'Home' ? 0 : e.key === 'End' ? T - 1 : null;
                if (to === null) return;
                e.preventDefault();
                setSelected(Math.max(0, Math.min(T - 1, to)));
              }}
            />
          </div>
          <Details frame={frame} t={column} />
          <GateInspector
            frame={frame}
            t={column}
            onFocus={(focus) => {
              view.current = { ...view.current, focus };
              redraw();
            }}
          />
        </>
      ) : (
        <p className="meta" data-testid="unrolled-empty">
          {t('inside.empty')}
        </p>
      )}
    </Panel>
  );
}
