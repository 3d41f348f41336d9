// Inside the network: the unrolled network over a window of the training text, drawn on canvas
// from the latest GPU trace (src/store/traces.ts) through refs, with the new states flowing along
// the recurrent arrows as each trace arrives. A column can be picked (click or arrow keys) to read
// its numbers; "shared weights" outlines what every column computes with the same W_ih, W_hh, b
// and shows those matrices as heatmaps that change as it trains. In line and classification
// modes the window is one of the task's sequences (a whole line, or a sentence and its label; a
// memory task's test sequence, its answers where the task asks).
// The canvas is scaled down to fit its panel (scrolling only below half size); a legend names the
// strips and colours. In backward mode (step mode's BPTT) the picture, the equations and the
// legend show the gradients flowing back.
import { startTransition, useEffect, useMemo, useRef, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { CellKind } from '../../model/config.ts';
import { stepBy, stepTo, walkBack } from '../../store/actions.ts';
import { useStore } from '../../store/store.ts';
import type { TraceFrame } from '../../store/traces.ts';
import { columnAt, drawUnrolled, layoutFor, type DrawOptions } from '../draw/unrolled.ts';
import { frameFromStepper } from '../draw/step-frame.ts';
import { useSize } from '../hooks/useSize.ts';
import { reducedMotion } from '../hooks/reduced-motion.ts';
import { translate, useT } from '../i18n.ts';
import { GateInspector } from './GateInspector.tsx';
import { InsideOptions } from './InsideOptions.tsx';
import { StepperBar } from './StepperBar.tsx';
import { StripLegend } from './StripLegend.tsx';
import { UnrolledDetails } from './UnrolledDetails.tsx';
import { WeightHeatmaps } from './WeightHeatmaps.tsx';
import { Panel } from './fields.tsx';

const FLOW_MS = 700;
/** Below this scale the canvas scrolls instead of shrinking further (its text would be unreadable). */
const MIN_SCALE = 0.5;

export function UnrolledPanel() {
  const t = useT();
  const runs = useStore(useShallow((s) => s.runs.map((r) => r.id)));
  const labels = useStore(useShallow((s) => s.runs.map((r) => r.label)));
  const mode = useStore((s) => s.mode);
  const lang = useStore((s) => s.lang);
  const [chosen, setChosen] = useState<CellKind | null>(null);
  const runId = chosen && runs.includes(chosen) ? chosen : (runs[0] ?? null);
  // the latest trace of the run shown (a trace of another run, or of runs since dropped, is not shown)
  const [latest, setLatest] = useState<{ runId: string; frame: TraceFrame | null } | null>(null);
  const traced = latest && latest.runId === runId ? latest.frame : null;
  const stepper = useStore((s) => (s.stepper && s.stepper.runId === runId ? s.stepper : null));
  const runModel = useStore((s) => s.runs.find((r) => r.id === runId)?.model ?? null);
  // step mode shows what the stepper computed; otherwise the latest trace
  // backward mode walks BPTT over the run's trace (same parameters: training is paused)
  const backward = stepper?.backward ?? null;
  const stepFrame = useMemo(() => (stepper && runModel && backward === null ? frameFromStepper(stepper, runModel) : null), [stepper, runModel, backward]);
  const frame = stepFrame ?? traced;
  const [selected, setSelected] = useState(0);
  const shared = useStore((s) => s.inspect.weights);
  const whatIf = useStore(useShallow((s) => ({ k: s.inspect.whhScale.toFixed(2), b: s.inspect.forgetBias.toFixed(1), on: s.inspect.whhScale !== 1 || s.inspect.forgetBias !== 0 })));
  const [box, { width: room }] = useSize();
  const lay = frame ? layoutFor(frame) : null;
  // the panel's width is known before the first trace arrives (the wrapper is always there); the
  // scroll box's border takes 2 px of it
  const scale = lay && room > 0 ? Math.max(MIN_SCALE, Math.min(1, (room - 2) / lay.width)) : 1;
  const canvas = useRef<HTMLCanvasElement>(null);
  const frames = useRef<{ prev: TraceFrame | null; next: TraceFrame | null }>({ prev: null, next: null });
  const view = useRef<Omit<DrawOptions, 'highlight'> & { shared: boolean; scale: number }>({ selected: 0, shared: false, focus: null, bptt: null, scale: 1, words: { row: () => '', predict: '', input: '' } });
  const raf = useRef(0);
  const drawnFront = useRef(-1);

  /** Draws the current frames; keeps animating until the flow has reached the last column. */
  const draw = useRef(() => {
    const { prev, next } = frames.current;
    const c = canvas.current;
    if (!next || !c) return;
    const l = layoutFor(next);
    const k = (window.devicePixelRatio || 1) * view.current.scale;
    const [w, h] = [Math.round(l.width * k), Math.round(l.height * k)];
    if (c.width !== w || c.height !== h) {
      c.width = w;
      c.height = h;
      c.style.width = `${Math.round(l.width * view.current.scale)}px`;
      c.style.height = `${Math.round(l.height * view.current.scale)}px`;
      drawnFront.current = -1; // resizing cleared the canvas
    }
    const ctx = c.getContext('2d')!;
    ctx.setTransform(k, 0, 0, k, 0, 0);
    // the flow animates over FLOW_MS, unless the person asked for reduced motion
    const progress = reducedMotion() ? 1 : Math.min(1, (performance.now() - next.arrivedAt) / FLOW_MS);
    // the flow advances a column at a time: frames in between would draw the same picture
    const front = Math.floor(progress * next.trace.T);
    if (front !== drawnFront.current) {
      drawnFront.current = front;
      const v = view.current;
      drawUnrolled(ctx, next, prev, progress, { ...v, highlight: v.shared ? 'weights' : null });
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
    frames.current = { prev: null, next: null };
    if (!runId) return;
    const show = (f: TraceFrame | undefined) => {
      if (!f) {
        // the run's traces were dropped (a preset, a task, a rebuild): so is its picture
        frames.current = { prev: null, next: null };
        return startTransition(() => setLatest({ runId, frame: null }));
      }
      if (!useStore.getState().stepper) frames.current = { prev: frames.current.next, next: f };
      startTransition(() => setLatest({ runId, frame: f })); // the numbers and equations below: interruptible
      redraw();
    };
    show(useStore.getState().traces[runId]);
    // a transient subscription: a new trace is drawn from refs, never a render of the whole store
    const off = useStore.subscribe((s, prev) => {
      const f = s.traces[runId];
      if (f !== prev.traces[runId]) show(f);
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
    const words = { row: (l: number, d: number) => translate(lang, 'inside.rowLayer', { l: l + 1, dir: d === 0 ? '→' : '←' }), predict: translate(lang, 'inside.rowPredict'), input: translate(lang, 'inside.rowInput') };
    view.current = { ...view.current, selected: column, shared, bptt: backward, scale, words };
    if (stepFrame) frames.current = { prev: null, next: stepFrame };
    else if (traced && (frames.current.next?.partial || backward !== null)) frames.current = { prev: null, next: { ...traced, arrivedAt: 0 } };
    redraw();
  }, [column, shared, stepFrame, traced, backward, scale, lang]);

  return (
    <Panel title={t('inside.title')} className="unrolled-panel" testId="unrolled-panel">
      <p className="meta">{t(mode === 'lines' ? 'inside.explainLines' : mode === 'classify' ? 'inside.explainClassify' : mode === 'memory' ? 'inside.explainMemory' : 'inside.explain')}</p>
      <div ref={box}>
        <InsideOptions runs={runs} labels={labels} runId={runId} onRun={setChosen} />
        {shared && <p className="note">{t('inside.sharedNote')}</p>}
      {whatIf.on && (
        <p className="note" data-testid="inside-what-if">
          {t('grad.whatIf', { k: whatIf.k, b: whatIf.b })}
        </p>
      )}
        {shared && traced && <WeightHeatmaps frame={traced} t={column} />}
        {runId && runModel && <StepperBar runId={runId} />}
        {frame && lay ? (
          <>
            <div className="unrolled-scroll" data-testid="unrolled-scroll" data-scale={scale.toFixed(3)}>
              <canvas
                ref={canvas}
                data-testid="unrolled-canvas"
                data-step={frame.step}
                data-mode={backward === null ? 'forward' : 'backward'}
                tabIndex={0}
                role="img"
                aria-label={t('inside.canvasLabel', { T, step: frame.step })}
                aria-describedby="unrolled-details"
                onClick={(e) => setSelected(columnAt((e.clientX - e.currentTarget.getBoundingClientRect().left) / scale, T))}
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
            {scale < 1 && <p className="meta">{t('inside.scaled', { pct: Math.round(scale * 100) })}</p>}
            <StripLegend frame={frame} backward={backward !== null} />
            <UnrolledDetails frame={frame} t={column} />
            <GateInspector
              frame={frame}
              t={column}
              backward={backward !== null}
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
      </div>
    </Panel>
  );
}

