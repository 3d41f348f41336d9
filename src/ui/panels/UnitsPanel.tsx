// "What each unit does": one unit (layer, direction, h, c or a gate, index) over a passage, each
// character's background coloured by the unit's activation after reading it (from the worker's
// passage: the GPU's own states), refreshed as the run trains. In next-character mode the passage
// is the training text, read window after window with the state carried; for a task, its
// sequences (lines, sentences, memory sequences), one per row, each from a zero state. Hovering or
// focusing a character reads the value and the likeliest next characters (a memory task's asked
// answer and guesses, a classifier's label for the sentence), clicking moves the inside view
// there, selecting a span ranks the units by it. Passages are asked for only while the panel is on
// screen. Below, the units found by what they track (UnitsRanking.tsx) and the gate
// saturation scatter of the chosen layer and direction (SaturationPlot.tsx), and in compare mode
// the LSTM's forget gate beside the GRU's update gate. The characters are
// drawn once per passage text; only their colours change between updates (set on the DOM).
import { Fragment, memo, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { cellSpec } from '../../model/cells/registry.ts';
import { requestPassage, setInspect, setUnits } from '../../store/actions.ts';
import { useStore } from '../../store/store.ts';
import { argmax } from '../../model/linalg.ts';
import { sequenceAt, unitColumn, type UnitRef } from '../../model/passage.ts';
import { MEMORY_TESTS } from '../../store/memory-check.ts';
import { currentTask, type UnitsFrame } from '../../store/state.ts';
import type { TaskMode } from '../../model/tasks.ts';
import { MEMORY_PASSAGE_FROM_MAX, PASSAGE_LENGTHS } from '../../store/units.ts';
import { useOnScreen } from '../hooks/useOnScreen.ts';
import { useT } from '../i18n.ts';
import type { MessageKey } from '../messages/en.ts';
import { Panel, SelectField } from './fields.tsx';
import { SaturationPlot } from './SaturationPlot.tsx';
import { UnitsRanking } from './UnitsRanking.tsx';
import { PassageSymbol, passageSymbol, shade, shadeScale } from './unit-shade.tsx';

const FIRST_UNIT: UnitRef = { layer: 0, dir: 0, part: 'h', unit: 0 };


/** The passage's characters, one focusable span each (rendered once per passage, coloured on the
 *  DOM); a newline and each sequence after the first start a new row, line mode's tokens are set
 *  apart from the text, and a row may end with a tag (a sentence's label), not a position. */
const Chars = memo(function Chars({ chars, starts, tags }: { chars: readonly string[]; starts: Int32Array | null; tags: ReadonlyMap<number, string> }) {
  const rows = new Set(starts?.subarray(1));
  return chars.map((ch, i) => (
    <Fragment key={i}>
      <span data-i={i} tabIndex={-1}>
        {rows.has(i) ? '\n' : ''}
        <PassageSymbol ch={ch} />
        {ch === '\n' ? '\n' : ''}
      </span>
      {tags.has(i) && <span className="passage-tag">{tags.get(i)}</span>}
    </Fragment>
  ));
});

function partLabel(t: ReturnType<typeof useT>, part: string): string {
  return ['h', 'c', 'i', 'f', 'g', 'o', 'r', 'z', 'n'].includes(part) ? t(`units.part.${part}` as MessageKey) : t('units.part.other', { name: part });
}

/** What the hover line says at position i: the value and what the model predicts there. */
function hoverText(t: ReturnType<typeof useT>, mode: TaskMode, frame: UnitsFrame, chars: readonly string[], where: string, value: number, i: number): string {
  const p = frame.passage;
  const k = p.topK.k;
  const top = Array.from({ length: k }, (_, j) => t('units.top', { ch: passageSymbol(frame.symbols[p.topK.ids[i * k + j]!] ?? '?'), p: `${(p.topK.probs[i * k + j]! * 100).toFixed(1)}%` })).join(', ');
  const at = { ch: passageSymbol(chars[i] ?? ''), at: where, value: value.toPrecision(4) };
  const { reading } = p;
  if (mode === 'classify' && reading.kind === 'sequences' && reading.labelProbs && frame.truth) {
    // the sentence's label, read at its end
    const s = sequenceAt(reading.starts, i);
    const C = frame.labels.length;
    const probs = reading.labelProbs.subarray(s * C, (s + 1) * C);
    const best = argmax(probs);
    return t('units.hoverClassify', { ...at, label: frame.labels[best] ?? '?', p: `${(probs[best]! * 100).toFixed(1)}%`, truth: frame.labels[frame.truth[s]!] ?? '?' });
  }
  if (mode === 'memory') {
    const target = p.targets[i]!;
    return t('units.hoverMemory', { ...at, asked: target >= 0 ? t('units.asked', { answer: frame.symbols[target] ?? '?' }) : t('units.notAsked'), top });
  }
  return t('units.hover', { ...at, top });
}

/** Where position i of a passage is, in words: a character of the text, or a sequence's step
 *  (both counted from 1, as the inside view counts them). */
function whereText(t: ReturnType<typeof useT>, frame: UnitsFrame, i: number): string {
  const { reading } = frame.passage;
  if (reading.kind === 'text') return t('units.at', { pos: frame.offset + i });
  const s = sequenceAt(reading.starts, i);
  return t('units.atSeq', { seq: frame.offset + s + 1, pos: i - reading.starts[s]! + 1 });
}

export function UnitsPanel() {
  const t = useT();
  const units = useStore((s) => s.units);
  const mode = useStore((s) => s.mode);
  const textLength = useStore((s) => s.textStats?.chars ?? 0);
  const taskSequences = useStore((s) => currentTask(s)?.sequences.length ?? 0);
  const seed = useStore((s) => s.memoryCheck.seed);
  const step = useStore((s) => s.runs[0]?.points.at(-1)?.step);
  const runId = useStore((s) => s.runs[0]?.id);
  const runName = useStore((s) => s.runs[0]?.label ?? '');
  const runLabels = useStore(useShallow((s) => Object.fromEntries(s.runs.map((r) => [r.id, r.label]))));
  const [hover, setHover] = useState<number | null>(null);
  const [span, setSpan] = useState<readonly [number, number] | null>(null);
  const textRef = useRef<HTMLParagraphElement>(null);

  // ask after every update seen (the store throttles), for new memory sequences, and when the panel
  // comes on screen: off screen it asks for nothing, and training has the device to itself
  const [panelRef, onScreen] = useOnScreen();
  useEffect(() => {
    if (onScreen) requestPassage();
  }, [step, runId, seed, onScreen]);

  const { frame } = units;
  // a unit the passage lacks (fewer layers, no c, another cell since it was chosen): its first unit's h
  const choice = frame && !unitColumn(frame.passage, units.choice) ? FIRST_UNIT : units.choice;
  const p = frame?.passage;
  const chars = useMemo(() => (p && frame ? Array.from(p.inputs, (id) => frame.symbols[id] ?? '?') : []), [p, frame]);
  const starts = p?.reading.kind === 'sequences' ? p.reading.starts : null;
  const column = useMemo(() => (p ? unitColumn(p, choice) : null), [p, choice]);
  const scale = useMemo(() => (column ? shadeScale(column, choice.part) : 1), [column, choice.part]);

  // a classifier's rows end with each sentence's true label
  const tags = useMemo(() => {
    const out = new Map<number, string>();
    if (starts && frame?.truth) frame.truth.forEach((label, s) => out.set((starts[s + 1] ?? chars.length) - 1, `→ ${frame.labels[label] ?? '?'}`));
    return out;
  }, [starts, frame, chars.length]);

  useLayoutEffect(() => {
    const el = textRef.current;
    if (!el || !column) return;
    const spans = el.querySelectorAll<HTMLElement>(':scope > [data-i]');
    for (let i = 0; i < spans.length && i < column.length; i++) spans[i]!.style.background = shade(column[i]!, scale);
  }, [column, scale, chars]);

  // compare mode: the LSTM's forget gate and the GRU's update gate of each run, side by side
  const compared = [frame, ...Object.values(units.others)].flatMap((f) => {
    const gate = f?.model.cell === 'lstm' ? 'f' : f?.model.cell === 'gru' ? 'z' : null;
    return f && gate && runLabels[f.runId] !== undefined ? [{ f, gate, label: runLabels[f.runId]! }] : [];
  });
  const model = frame?.model;
  const spec = model ? cellSpec(model) : null;
  const parts = model && spec ? ['h', ...(spec.hasCellState ? ['c'] : []), ...frame.passage.gateNames] : ['h'];
  const dirs = model?.bidirectional ? 2 : 1;
  const H = p?.H ?? 1;
  const choose = (patch: Partial<UnitRef>) => setUnits({ choice: { ...choice, ...patch } });
  const dirText = dirs > 1 ? t(choice.dir === 0 ? 'units.dirForward' : 'units.dirBackward') : '';
  const at = (e: { target: EventTarget }) => {
    const i = Number((e.target as HTMLElement).closest?.('[data-i]')?.getAttribute('data-i') ?? NaN);
    return Number.isInteger(i) ? i : null;
  };
  /** Clicking position i: the inside view's window moves to that character, or shows its sequence
   *  (a memory task's, when it is one of the memory check's). */
  const moveInside = (f: UnitsFrame, i: number) => {
    const { reading } = f.passage;
    if (reading.kind === 'text') return setInspect({ offset: f.offset + i });
    const sequence = f.offset + sequenceAt(reading.starts, i);
    if (mode !== 'memory' || sequence < MEMORY_TESTS) setInspect({ sequence });
  };
  // where the passage starts: a code point in next-character mode, a sequence (from 1) otherwise
  const fromMax = mode === 'lm' ? Math.max(0, textLength - 2) : mode === 'memory' ? MEMORY_PASSAGE_FROM_MAX + 1 : Math.max(1, taskSequences);
  const fromShown = mode === 'lm' ? units.offset : units.offset + 1;
  const captionArgs = p && frame ? { n: p.N, part: partLabel(t, choice.part), unit: choice.unit, layer: choice.layer, dir: dirText, run: runName, step: frame.step, scale: scale.toPrecision(3) } : null;

  return (
    <Panel title={t('units.title')} className="units-panel" testId="units-panel" ref={panelRef}>
      <div className="inside-options">
        <SelectField id="units-layer" label={t('units.layer')} value={String(choice.layer)} options={Array.from({ length: model?.numLayers ?? 1 }, (_, l) => [String(l), String(l)] as const)} onChange={(v) => choose({ layer: Number(v) })} />
        {dirs > 1 && <SelectField id="units-dir" label={t('units.direction')} value={String(choice.dir)} options={[['0', t('units.forward')], ['1', t('units.backward')]]} onChange={(v) => choose({ dir: Number(v) })} />}
        <SelectField id="units-part" label={t('units.part')} value={parts.includes(choice.part) ? choice.part : 'h'} options={parts.map((q) => [q, partLabel(t, q)] as const)} onChange={(v) => choose({ part: v })} />
        <div className="field">
          <label htmlFor="units-unit">{t('units.unit', { max: H - 1 })}</label>
          <input id="units-unit" data-testid="units-unit" type="number" min={0} max={H - 1} value={choice.unit} onChange={(e) => choose({ unit: Math.max(0, Math.min(H - 1, Math.floor(Number(e.target.value) || 0))) })} />
        </div>
        <div className="field">
          <label htmlFor="units-from">{mode === 'lm' ? t('units.from') : t('units.fromSeq', { max: fromMax })}</label>
          <input
            id="units-from"
            data-testid="units-from"
            type="number"
            min={mode === 'lm' ? 0 : 1}
            max={fromMax}
            value={fromShown}
            onChange={(e) => {
              const v = Math.max(mode === 'lm' ? 0 : 1, Math.min(fromMax, Math.floor(Number(e.target.value) || 0)));
              setUnits({ offset: mode === 'lm' ? v : v - 1 });
            }}
          />
        </div>
        <SelectField id="units-length" label={t(mode === 'lm' ? 'units.length' : 'units.lengthSeq')} value={String(units.length)} options={PASSAGE_LENGTHS.map((n) => [String(n), String(n)] as const)} onChange={(v) => setUnits({ length: Number(v) })} />
      </div>
      {!p || !frame || !model || !column || !captionArgs ? (
        <p className="meta" data-testid="units-waiting">{t('units.waiting')}</p>
      ) : (
        <>
          <p className="meta" data-testid="units-caption">
            {p.reading.kind === 'text'
              ? t('units.caption', { ...captionArgs, offset: frame.offset, window: p.reading.window })
              : t('units.captionSeq', {
                  ...captionArgs,
                  from: frame.offset + 1,
                  to: frame.offset + p.reading.starts.length,
                  kind: t(`units.kind.${mode === 'lm' ? 'lines' : mode}`),
                  zero: t(spec?.hasCellState ? 'units.zeroHC' : 'units.zeroH'),
                  hint: t(`units.hint.${mode === 'lm' ? 'lines' : mode}`, { tests: MEMORY_TESTS }),
                })}
          </p>
          <p className="meta" data-testid="units-hover" aria-live="polite">
            {hover === null ? t('units.hoverNone') : hoverText(t, mode, frame, chars, whereText(t, frame, hover), column[hover]!, hover)}
          </p>
          <p
            ref={textRef}
            className="tinted-text units-text"
            data-testid="units-text"
            data-step={frame.step}
            aria-label={t('units.passageLabel')}
            tabIndex={0} // it scrolls: the keyboard can reach it
            onMouseOver={(e) => setHover(at(e))}
            onFocus={(e) => setHover(at(e))}
            onClick={(e) => {
              const i = at(e);
              if (i !== null && document.getSelection()?.isCollapsed !== false) moveInside(frame, i);
            }}
            onMouseUp={() => {
              // a span selected with the mouse: the characters at its two ends
              const sel = document.getSelection();
              const end = (n: Node | null | undefined) => Number((n instanceof Element ? n : n?.parentElement)?.closest('[data-i]')?.getAttribute('data-i'));
              const [a, b] = [end(sel?.anchorNode), end(sel?.focusNode)];
              if (sel && !sel.isCollapsed && Number.isInteger(a) && Number.isInteger(b) && a !== b) setSpan([a, b]);
            }}
            style={{ maxHeight: '16em', overflowY: 'auto', whiteSpace: 'pre-wrap', cursor: 'pointer' }}
          >
            <Chars chars={chars} starts={starts} tags={tags} />
          </p>
          <UnitsRanking passage={p} chars={chars} where={(i) => whereText(t, frame, i)} ranking={frame.ranking} step={frame.step} span={span} partLabel={(q) => partLabel(t, q)} onChoose={(u) => setUnits({ choice: u })} />
          <SaturationPlot model={model} passage={p} layer={choice.layer} dir={choice.dir} dirText={dirText} />
          {compared.length > 1 && (
            <section data-testid="sat-compare">
              <p className="meta">{t('sat.compare')}</p>
              <div style={{ display: 'flex', flexWrap: 'wrap', gap: 16 }}>
                {compared.map(({ f, gate, label }) => (
                  <div key={f.runId} style={{ flex: '0 1 360px' }}>
                    <SaturationPlot model={f.model} passage={f.passage} layer={0} dir={0} dirText="" only={gate} title={`${label}: ${partLabel(t, gate)}`} />
                  </div>
                ))}
              </div>
            </section>
          )}
        </>
      )}
    </Panel>
  );
}
