// The stepper's controls: open step mode on the inspected window, first / back / play-pause /
// forward / last, speed, and a scrubber over the ticks. Each forward step beyond what was
// computed is one step-mode dispatch on the worker's backend (the GPU when there is one).
import { useState } from 'react';
import { closeStepper, openStepper, stepBy, stepTo, togglePlay, walkBack } from '../../store/actions.ts';
import { useStore } from '../../store/store.ts';
import { stepperT } from '../../store/state.ts';
import { useT } from '../i18n.ts';

const SPEEDS = [1, 2, 5, 10];

export function StepperBar({ runId }: { runId: string }) {
  const t = useT();
  const stepper = useStore((s) => s.stepper);
  const playing = useStore((s) => s.stepperPlaying);
  const training = useStore((s) => s.status === 'training');
  const [speed, setSpeed] = useState(2);
  if (!stepper) {
    return (
      <div className="stepper-bar">
        <button type="button" data-testid="stepper-open" disabled={training} onClick={() => openStepper(runId)} title={training ? t('stepper.pauseFirst') : undefined}>
          {t('stepper.open')}
        </button>
        {training && <span className="meta">{t('stepper.pauseFirst')}</span>}
      </div>
    );
  }
  const n = stepper.ticks.length;
  const at = stepper.shown;
  const tick = stepper.ticks[at - 1];
  const T = stepperT(stepper);
  if (stepper.backward !== null) {
    const k = stepper.backward;
    return (
      <div className="stepper-bar" role="group" aria-label={t('stepper.bptt')}>
        <button type="button" data-testid="stepper-bptt-back" onClick={() => walkBack(k + 1)} disabled={k === T} aria-label={t('stepper.bpttBack')}>
          ◀
        </button>
        <button type="button" data-testid="stepper-bptt-forward" onClick={() => walkBack(k - 1)} aria-label={t('stepper.bpttForward')}>
          ▶
        </button>
        <span className="meta" data-testid="stepper-position">
          {t('stepper.bpttPosition', { k, T, t: T - k + 1 })}
        </span>
        <button type="button" data-testid="stepper-forward-mode" onClick={() => walkBack(0)}>
          {t('stepper.forwardMode')}
        </button>
        <button type="button" data-testid="stepper-close" onClick={closeStepper}>
          {t('stepper.close')}
        </button>
      </div>
    );
  }
  return (
    <div className="stepper-bar" role="group" aria-label={t('stepper.label')}>
      <button type="button" data-testid="stepper-first" onClick={() => stepTo(0)} disabled={at === 0} aria-label={t('stepper.first')}>
        |◀
      </button>
      <button type="button" data-testid="stepper-back" onClick={() => stepBy(-1)} disabled={at === 0} aria-label={t('stepper.back')}>
        ◀
      </button>
      <button type="button" data-testid="stepper-play" onClick={() => togglePlay(speed)} aria-pressed={playing}>
        {playing ? t('stepper.pause') : t('stepper.play')}
      </button>
      <button type="button" data-testid="stepper-forward" onClick={() => stepBy(1)} disabled={at === n} aria-label={t('stepper.forward')}>
        ▶
      </button>
      <button type="button" data-testid="stepper-last" onClick={() => stepTo(n)} disabled={at === n} aria-label={t('stepper.last')}>
        ▶|
      </button>
      <label className="visually-hidden" htmlFor="stepper-speed">
        {t('stepper.speed')}
      </label>
      <select id="stepper-speed" value={speed} onChange={(e) => setSpeed(Number(e.target.value))} disabled={playing}>
        {SPEEDS.map((s) => (
          <option key={s} value={s}>
            {t('stepper.perSecond', { n: s })}
          </option>
        ))}
      </select>
      <label className="visually-hidden" htmlFor="stepper-scrub">
        {t('stepper.scrub')}
      </label>
      <input id="stepper-scrub" data-testid="stepper-scrub" type="range" min={0} max={n} value={at} onChange={(e) => stepTo(Number(e.target.value))} />
      <span className="meta" data-testid="stepper-position">
        {tick ? t('stepper.position', { i: at, n, layer: tick.layer + 1, s: tick.s + 1 }) : t('stepper.start', { n })}
      </span>
      {at === n && (
        <button type="button" data-testid="stepper-backward" onClick={() => walkBack(1)} title={t('stepper.bpttTitle')}>
          {t('stepper.bpttStart')}
        </button>
      )}
      <button type="button" data-testid="stepper-close" onClick={closeStepper}>
        {t('stepper.close')}
      </button>
    </div>
  );
}
