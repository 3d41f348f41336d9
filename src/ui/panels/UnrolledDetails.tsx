// The numbers of the selected column of the unrolled network: the step's input and target, the
// model's prediction, and for each layer and direction ‖h‖, ‖c‖ and the gradient norms. Where step
// mode has not computed a position yet it says so instead of showing placeholder zeros.
import type { TraceFrame } from '../../store/traces.ts';
import { isComputed } from '../../store/traces.ts';
import { showSymbol } from '../draw/unrolled.ts';
import { useStore } from '../../store/store.ts';
import { useT } from '../i18n.ts';

/** Euclidean norm of a[t*n .. t*n+n). */
const norm = (a: Float32Array, t: number, n: number) => Math.hypot(...a.subarray(t * n, (t + 1) * n));

export function UnrolledDetails({ frame, t }: { frame: TraceFrame; t: number }) {
  const tr = useT();
  const { trace, symbols, model, labels } = frame;
  const L = frame.lossAt === 'last' || trace.classifier ? 'L_T' : 'L';
  const k = trace.topK.k;
  const dirs = model.bidirectional ? 2 : 1;
  const classifier = trace.classifier;
  // a memory task predicts answers, not the next character
  const memory = useStore((s) => s.mode === 'memory');
  // the prediction at t needs every layer's state at t (a one-way model's top layer)
  const predicted = isComputed(frame, model.numLayers - 1, 0, t) && trace.topK.probs[t * k] !== 0;
  return (
    <dl className="details" id="unrolled-details" data-testid="unrolled-details" aria-live="polite">
      <dt>{tr('inside.step')}</dt>
      <dd data-testid="detail-t">
        {t + 1} / {trace.T}: {showSymbol(symbols[trace.inputs[t]!])}
        {trace.targets[t]! >= 0 && ` → ${showSymbol(symbols[trace.targets[t]!])}`}
      </dd>
      {k > 0 && (
        <>
          <dt>{tr(memory ? 'memory.pAnswer' : 'inside.pTarget')}</dt>
          <dd data-testid="detail-ptarget">{!predicted ? tr('inside.notComputed') : trace.targets[t]! < 0 ? tr('inside.noAnswer') : trace.targetProbs[t]!.toPrecision(4)}</dd>
          <dt>{tr(memory ? 'memory.topAnswers' : 'inside.top')}</dt>
          <dd data-testid="detail-top">{predicted ? Array.from({ length: k }, (_, j) => `${showSymbol(symbols[trace.topK.ids[t * k + j]!])} ${trace.topK.probs[t * k + j]!.toPrecision(4)}`).join(' · ') : tr('inside.notComputed')}</dd>
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
              {isComputed(frame, l, di, t) ? (
                <>
                  ‖h‖ {norm(d.h, t, trace.H).toPrecision(4)}
                  {d.c ? ` · ‖c‖ ${norm(d.c, t, trace.H).toPrecision(4)}` : ''}
                  {frame.partial ? '' : ` · ‖∂${L}/∂h‖ ${d.dhNorm[t]!.toPrecision(4)}`}
                  {!frame.partial && d.dcNorm ? ` · ‖∂${L}/∂c‖ ${d.dcNorm[t]!.toPrecision(4)}` : ''}
                </>
              ) : (
                tr('inside.notComputed')
              )}
            </dd>
          </div>
        )),
      )}
    </dl>
  );
}
